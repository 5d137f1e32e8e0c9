import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrateToLatest, openDatabase } from "~/db.server";
import { migratePostgresToLatest, openPostgresDatabase } from "~/db-postgres.server";
import { postgresMigrations } from "../../db/migrations/postgres";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestPostgres } from "../support/postgres";
import { sharedTestPostgres } from "../support/run-postgres";

// PostgreSQL's migrations (db/migrations/postgres/: the baseline, then those written for both)
// reach SQLite's schema: the same tables and columns, the same nullability, the same refusals of
// what may never change, and the differences the baseline names (bigint amounts read as numbers,
// a generated search vector).

let server: TestPostgres;
let database: { url: string; drop(): Promise<void> };
let pg: Kysely<DB>;
let sqlite: Kysely<DB>;
let sqliteFolder: string;

/** SQLite's own machinery: its full-text tables and the import's deferred index. */
const SQLITE_ONLY_TABLE = /^(.*_fts(_.*)?|search_index_deferred|sqlite_.*)$/;
/** PostgreSQL's own columns and tables: the generated search vectors, the data version counter. */
const POSTGRES_ONLY_COLUMN = "search_vector";
const POSTGRES_ONLY_TABLE = "data_version";

beforeAll(async () => {
  server = await sharedTestPostgres();
  database = await createTestDatabase(server);
  pg = openPostgresDatabase(database.url, { maxConnections: 2 });
  sqliteFolder = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-schema-"));
  sqlite = openDatabase(path.join(sqliteFolder, "schema.db"));
  await migrateToLatest(sqlite);
  // the baseline, then every migration written for both databases
  expect(await migratePostgresToLatest(pg)).toEqual(Object.keys(postgresMigrations));
});

afterAll(async () => {
  await pg?.destroy();
  await sqlite?.destroy();
  await database?.drop();
  server?.stop();
  fs.rmSync(sqliteFolder, { recursive: true, force: true });
});

type Columns = Record<string, Record<string, { nullable: boolean }>>;

async function sqliteColumns(): Promise<Columns> {
  const { rows } = await sql<{ table_name: string; column_name: string; not_null: number; pk: number }>`
    select m.name as table_name, p.name as column_name, p."notnull" as not_null, p.pk as pk
    from sqlite_schema m join pragma_table_info(m.name) p
    where m.type = 'table'`.execute(sqlite);
  const tables: Columns = {};
  for (const row of rows) {
    if (SQLITE_ONLY_TABLE.test(row.table_name)) continue;
    // SQLite lets a text primary key be null unless told; it never is
    (tables[row.table_name] ??= {})[row.column_name] = { nullable: row.not_null === 0 && row.pk === 0 };
  }
  return tables;
}

async function postgresColumns(): Promise<Columns> {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
    select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'`.execute(pg);
  const tables: Columns = {};
  for (const row of rows) {
    if (row.column_name === POSTGRES_ONLY_COLUMN || row.table_name === POSTGRES_ONLY_TABLE) continue;
    (tables[row.table_name] ??= {})[row.column_name] = { nullable: row.is_nullable === "YES" };
  }
  return tables;
}

describe("PostgreSQL's baseline", () => {
  test("has SQLite's tables and columns, each as nullable or not", async () => {
    expect(await postgresColumns()).toEqual(await sqliteColumns());
  });

  test("has SQLite's indexes, by name, and a GIN index on each search vector", async () => {
    const { rows: lite } = await sql<{ name: string }>`select name from sqlite_schema where type = 'index' and sql is not null`.execute(sqlite);
    const { rows: post } = await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public'`.execute(pg);
    const postgresNames = new Set(post.map((row) => row.name));
    expect(lite.map((row) => row.name).filter((name) => !postgresNames.has(name))).toEqual([]);
    for (const table of ["proposals", "legal_documents"]) {
      expect(post.find((row) => row.name === `${table}_search`)?.definition).toMatch(/USING gin \(search_vector\)/);
    }
  });

  test("refuses to change or delete history and snapshots, as SQLite does", async () => {
    await sql`insert into agencies (code, name_vi, name_en, kind) values ('BYT', 'Bộ Y tế', 'Ministry of Health', 'ministry')`.execute(pg);
    await sql`insert into users (email, name, role, password_hash) values ('a@tinhgon.test', 'A', 'admin', 'x')`.execute(pg);
    await sql`insert into events (at, entity_type, action) values ('2026-12-06T00:00:00.000Z', 'agency', 'create')`.execute(pg);
    await sql`insert into snapshots (title, held_on, created_by, created_at, figures) values ('Họp', '2026-12-06', 1, '2026-12-06T00:00:00.000Z', '{}')`.execute(pg);
    await expect(sql`update events set action = 'edit'`.execute(pg)).rejects.toThrow(/events are append-only/);
    await expect(sql`delete from events`.execute(pg)).rejects.toThrow(/events are append-only/);
    await expect(sql`truncate events`.execute(pg)).rejects.toThrow(/events are append-only/);
    await expect(sql`update snapshots set title = 'Khác'`.execute(pg)).rejects.toThrow(/snapshots are immutable/);
    await expect(sql`delete from snapshots`.execute(pg)).rejects.toThrow(/snapshots are immutable/);
    const { rows } = await sql<{ count: number }>`select count(*) as count from events`.execute(pg);
    expect(rows[0]!.count).toBe(1);
  });

  test("the job queue refuses, on both, a status outside its list and a second job under one key (migration 0016)", async () => {
    for (const db of [sqlite, pg]) {
      const job = (key: string | null, status = "queued") =>
        sql`insert into jobs (kind, key, payload, status, run_after, created_at) values ('test', ${key}, '{}', ${status}, '2026-12-06T00:00:00.000Z', '2026-12-06T00:00:00.000Z')`.execute(db);
      await job("test:1");
      await job(null);
      await job(null);
      await expect(job("test:1")).rejects.toThrow(/unique/i);
      await expect(job("test:2", "lost")).rejects.toThrow(/check/i);
      const { rows } = await sql<{ attempts: number }>`select attempts from jobs order by id`.execute(db);
      expect(rows.map((row) => Number(row.attempts))).toEqual([0, 0, 0]);
    }
  });

  test("stamps created_at as SQLite does (ISO-8601 UTC with milliseconds) and keeps a VND amount above 2^31 as a number", async () => {
    const agency = await pg.selectFrom("agencies").select(["id", "created_at"]).where("code", "=", "BYT").executeTakeFirstOrThrow();
    expect(agency.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await pg.insertInto("agency_baselines").values({ agency_id: agency.id, baseline_on: "2025-01-01", regulations: 10, yearly_cost_vnd: 3_000_000_000_000, updated_at: "2026-12-06T00:00:00.000Z" }).execute();
    const baseline = await pg.selectFrom("agency_baselines").select("yearly_cost_vnd").executeTakeFirstOrThrow();
    expect(baseline.yearly_cost_vnd).toBe(3_000_000_000_000);
    const { rows } = await sql<{ total: number }>`select sum(yearly_cost_vnd) as total from agency_baselines`.execute(pg);
    expect(rows[0]!.total).toBe(3_000_000_000_000);
  });

  test("indexes a row's folded search text in the writer's own transaction, for word-prefix queries", async () => {
    await pg.transaction().execute(async (trx) => {
      await sql`insert into legal_documents (number, number_key, doc_type, status, search_text) values ('15/2018/NĐ-CP', '15/2018/nd-cp', 'decree', 'in_force', '15/2018/nd-cp nghi dinh 15/2018/nd-cp an toan thuc pham')`.execute(trx);
      const { rows } = await sql<{ number: string }>`select number from legal_documents where search_vector @@ to_tsquery('simple', 'thuc:* & pham:*')`.execute(trx);
      expect(rows.map((row) => row.number)).toEqual(["15/2018/NĐ-CP"]);
      // the words FTS5's unicode61 makes of the same text: runs of letters and digits
      const { rows: vectors } = await sql<{ words: string }>`select array_to_string(tsvector_to_array(search_vector), ' ') as words from legal_documents`.execute(trx);
      expect(vectors[0]!.words.split(" ").sort()).toEqual(["15", "2018", "an", "cp", "dinh", "nd", "nghi", "pham", "thuc", "toan"]);
    });
  });
});
