import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dataVersion, inTransaction, optimizeDatabase, withBulkWriteSettings } from "~/db.server";
import { migratePostgresToLatest, openPostgresDatabase } from "~/db-postgres.server";
import { BusyError } from "~/domain/errors";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestPostgres } from "../support/postgres";
import { sharedTestPostgres } from "../support/run-postgres";

// PostgreSQL's twins of what app/db.server.ts does SQLite's way: the write lock every use case
// takes (an advisory lock, waited for as SQLite's busy wait, then busy), the data version the read
// caches are keyed by (a counter every write raises, seen by every app server), the planner's
// statistics, and bulk writes.

let server: TestPostgres;
let database: { url: string; drop(): Promise<void> };
/** Two app servers' connections to one database. */
let one: Kysely<DB>;
let other: Kysely<DB>;

beforeAll(async () => {
  server = await sharedTestPostgres();
  database = await createTestDatabase(server);
  one = openPostgresDatabase(database.url, { maxConnections: 3 });
  other = openPostgresDatabase(database.url, { maxConnections: 3 });
  await migratePostgresToLatest(one);
});

afterAll(async () => {
  await one?.destroy();
  await other?.destroy();
  await database?.drop();
  server?.stop();
});

const addAgency = (db: Kysely<DB>, code: string) =>
  db.insertInto("agencies").values({ code, name_vi: `Cơ quan ${code}`, name_en: `Agency ${code}`, kind: "ministry" }).execute();

describe("on PostgreSQL", () => {
  test("every table of the data raises the data version", async () => {
    // the job queue is machinery, not data: no cached figure reads it, and a running job's
    // heartbeat must not empty the read caches (migration 0016)
    const { rows } = await sql<{ table_name: string; triggered: boolean }>`
      select t.table_name, exists (select 1 from information_schema.triggers g where g.event_object_table = t.table_name and g.trigger_name = t.table_name || '_data_version') as triggered
      from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name not in ('data_version', 'kysely_migration', 'kysely_migration_lock', 'jobs')`.execute(one);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((row) => !row.triggered).map((row) => row.table_name)).toEqual([]);
  });

  test("a transaction that wrote and is still open (an import) holds up no other connection's write; the key moves when it commits", async () => {
    await addAgency(one, "BQP");
    let commit = () => undefined as void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let wrote = () => undefined as void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const importing = one.transaction().execute(async (trx) => {
      await trx.updateTable("agencies").set({ name_en: "Agency BQP (importing)" }).where("code", "=", "BQP").execute();
      wrote();
      await committing;
    });
    await written;
    const during = await dataVersion(other);
    // a session's touch on another app server, while the import's transaction is open: at once,
    // not after the import (the counter was one row every write statement updated)
    await other.insertInto("login_failures").values({ email: "cham@tinhgon.test", ip: "203.0.113.7", at: new Date().toISOString() }).execute();
    const afterTouch = await dataVersion(other);
    expect(afterTouch).not.toBe(during);
    commit();
    await importing;
    expect(await dataVersion(other)).not.toBe(afterTouch);
  });

  test("a write through one app server changes the data version the other reads; a read does not", async () => {
    const before = await dataVersion(other);
    await one.selectFrom("agencies").selectAll().execute();
    expect(await dataVersion(other)).toBe(before);
    await addAgency(one, "BYT");
    const after = await dataVersion(other);
    expect(after).not.toBe(before);
    // a statement that changes no row still may have: the key moves, the cache is only refreshed
    await one.deleteFrom("login_failures").where("id", "=", -1).execute();
    expect(await dataVersion(other)).not.toBe(after);
  });

  test("a transaction raises the data version once however many statements it writes (each raise of the same row in one transaction grew slower: a 10,000-row import took two minutes)", async () => {
    const raised = async () => Number((await sql<{ n: string }>`select coalesce(sum(n), 0) as n from data_version`.execute(other)).rows[0]!.n);
    const before = await raised();
    const key = await dataVersion(other);
    await one.transaction().execute(async (trx) => {
      for (let i = 0; i < 50; i++) await trx.insertInto("login_failures").values({ email: `many${i}@tinhgon.test`, ip: "203.0.113.8", at: new Date().toISOString() }).execute();
      await trx.deleteFrom("login_failures").where("ip", "=", "203.0.113.8").execute();
    });
    expect(await raised()).toBe(before + 1);
    expect(await dataVersion(other)).not.toBe(key);

    // the raise is undone with the savepoint it was made in, and made again by the next write
    await one.transaction().execute(async (trx) => {
      await sql`savepoint first_write`.execute(trx);
      await addAgency(trx, "BQP2");
      await sql`rollback to savepoint first_write`.execute(trx);
      await trx.insertInto("login_failures").values({ email: "after@tinhgon.test", ip: "203.0.113.9", at: new Date().toISOString() }).execute();
    });
    expect(await raised()).toBe(before + 2);
    // and each statement outside a transaction is a transaction of its own
    await one.deleteFrom("login_failures").where("ip", "=", "203.0.113.9").execute();
    await one.deleteFrom("login_failures").where("ip", "=", "203.0.113.9").execute();
    expect(await raised()).toBe(before + 4);
  });

  test("a use case waits for another server's write lock and then runs, one after the other", async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = inTransaction(one, async (trx) => {
      order.push("first has the lock");
      await held;
      await addAgency(trx, "BTC");
      order.push("first commits");
    });
    // the first has taken the lock before the second asks
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = inTransaction(other, async (trx) => {
      order.push("second has the lock");
      const seen = await trx.selectFrom("agencies").select("code").where("code", "=", "BTC").executeTakeFirst();
      order.push(seen ? "second sees the first's row" : "second does not see it");
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual(["first has the lock"]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first has the lock", "first commits", "second has the lock", "second sees the first's row"]);
  });

  test("a use case still locked out after the busy wait is refused busy, and writes nothing", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = inTransaction(one, () => held);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const refused = await inTransaction(other, (trx) => addAgency(trx, "BNV")).catch((error: unknown) => error);
    release();
    await holder;
    expect(refused).toBeInstanceOf(BusyError);
    expect((refused as BusyError).retryAfterSeconds).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    expect(await one.selectFrom("agencies").select("code").where("code", "=", "BNV").execute()).toEqual([]);
  }, 15_000);

  test("statistics are refreshed (ANALYZE) and a bulk write runs as it is", async () => {
    await optimizeDatabase(one);
    const { rows } = await sql<{ analyzed: string | null }>`select last_analyze::text as analyzed from pg_stat_user_tables where relname = 'agencies'`.execute(one);
    expect(rows[0]?.analyzed).not.toBeNull();
    expect(await withBulkWriteSettings(one, async () => "written")).toBe("written");
  });
});
