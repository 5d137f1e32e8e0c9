import { dataVersion, type Executor } from "~/db.server";

// What a read computes from the data, kept until the data changes: keyed by SQLite's data
// version (dataVersion: this connection's writes and every other process's commits), so a write
// through any worker, script or import is seen by the next read. Never used inside a
// transaction, whose writes may still roll back. Kept per connection (the data version is
// counted per connection, and two databases, as in tests, may count alike), least recently used
// out first.

export interface ReadCache<T> {
  /** The value for `key` as of the data now: cached, or computed and kept. */
  read(db: Executor, key: string, compute: () => Promise<T>): Promise<T>;
}

export function readCache<T>(limit: number): ReadCache<T> {
  const connections = new WeakMap<Executor, Map<string, T>>();
  return {
    async read(db, key, compute) {
      if (db.isTransaction) return compute();
      let values = connections.get(db);
      if (!values) connections.set(db, (values = new Map()));
      const versioned = `${await dataVersion(db)}|${key}`;
      let value = values.get(versioned);
      if (value !== undefined) {
        values.delete(versioned);
      } else {
        value = await compute();
        if (values.size >= limit) values.delete(values.keys().next().value!);
      }
      values.set(versioned, value);
      return value;
    },
  };
}
