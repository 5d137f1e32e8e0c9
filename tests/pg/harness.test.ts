import fs from "node:fs";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestPostgres, type TestPostgres } from "../support/postgres";

// The throwaway PostgreSQL the PostgreSQL suite runs on (npm run test:pg; issue 13's first step):
// it starts, Kysely's PostgreSQL dialect reaches it through `pg`, a test can make a database of
// its own, and stopping it leaves nothing behind.

let server: TestPostgres;

beforeAll(async () => {
  server = await startTestPostgres();
});

afterAll(() => server?.stop());

function connect(url: string): Kysely<Record<string, never>> {
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
}

test("answers through Kysely's PostgreSQL dialect, in UTF-8", async () => {
  const db = connect(server.url);
  try {
    const { rows } = await sql<{ version: string; encoding: string; text: string }>`select version() as version, pg_encoding_to_char(encoding) as encoding, 'Bộ Y tế' as text from pg_database where datname = current_database()`.execute(db);
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    expect(rows[0]?.encoding).toBe("UTF8");
    expect(rows[0]?.text).toBe("Bộ Y tế");
  } finally {
    await db.destroy();
  }
});

test("a test makes a database of its own and drops it", async () => {
  const admin = connect(server.url);
  const name = `tinhgon_test_${process.pid}`;
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
    const own = connect(server.url.replace(/\/[^/]*$/, `/${name}`));
    try {
      await sql`create table amounts (vnd bigint not null)`.execute(own);
      // 3 billion đồng: more than a 32-bit integer holds
      await sql`insert into amounts values (3000000000)`.execute(own);
      const { rows } = await sql<{ vnd: string }>`select vnd from amounts`.execute(own);
      expect(BigInt(rows[0]!.vnd)).toBe(3_000_000_000n);
    } finally {
      await own.destroy();
    }
    await sql`drop database ${sql.id(name)}`.execute(admin);
    const { rows } = await sql<{ count: string }>`select count(*) as count from pg_database where datname = ${name}`.execute(admin);
    expect(Number(rows[0]!.count)).toBe(0);
  } finally {
    await admin.destroy();
  }
});

test("stopped, a throwaway server leaves no folder and no listener behind", async () => {
  if (process.env.TEST_DATABASE_URL) return expect(process.env.TEST_DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
  const other = await startTestPostgres();
  const port = Number(new URL(other.url).port);
  expect(fs.existsSync(other.folder!)).toBe(true);
  other.stop();
  expect(fs.existsSync(other.folder!)).toBe(false);
  const db = connect(other.url);
  try {
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/ECONNREFUSED/);
  } finally {
    await db.destroy();
  }
  expect(port).toBeGreaterThan(0);
});
