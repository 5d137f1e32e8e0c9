import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { migrateToLatest, openDatabase } from "~/db.server";
import { openPostgresDatabase } from "~/db-postgres.server";
import type { DB } from "../../db/types";
import { createTestDatabase } from "./postgres";
import { sharedTestPostgres } from "./run-postgres";

// The same rows in a migrated SQLite file and a migrated PostgreSQL database (a throwaway
// server's, tests/support/postgres.ts), for tests that hold the two databases' answers equal.

export type BackendName = "sqlite" | "postgres";

export interface BothDatabases {
  backends: { name: BackendName; db: Kysely<DB> }[];
  /** What `read` answers on each database, by its name. */
  onBoth<T>(read: (db: Kysely<DB>) => Promise<T>): Promise<Record<BackendName, T>>;
  remove(): Promise<void>;
}

/** Both databases, migrated, with `arrange` run on each. */
export async function bothDatabases(arrange: (db: Kysely<DB>) => Promise<void>): Promise<BothDatabases> {
  const server = await sharedTestPostgres();
  const database = await createTestDatabase(server);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-both-"));
  const backends: BothDatabases["backends"] = [
    { name: "sqlite", db: openDatabase(path.join(folder, "test.db")) },
    { name: "postgres", db: openPostgresDatabase(database.url, { maxConnections: 2 }) },
  ];
  for (const { db } of backends) {
    await migrateToLatest(db);
    await arrange(db);
  }
  return {
    backends,
    async onBoth<T>(read: (db: Kysely<DB>) => Promise<T>) {
      return Object.fromEntries(await Promise.all(backends.map(async ({ name, db }) => [name, await read(db)] as const))) as Record<BackendName, T>;
    },
    async remove() {
      for (const { db } of backends) await db.destroy();
      await database.drop();
      server.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
