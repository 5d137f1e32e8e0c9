import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrateToLatest } from "~/db.server";
import { openPostgresDatabase } from "~/db-postgres.server";
import { globalSearch } from "~/models/search.server";
import { seedDemoData } from "../../db/seed";
import type { DB } from "../../db/types";
import { runScriptWith } from "../support/cli";
import { createTestDatabase, startTestPostgres, type TestPostgres } from "../support/postgres";
import { allTableRows, appTableNames } from "../support/table-rows";

// `npm run db:backup` and `npm run db:restore` on PostgreSQL (issue 13): pg_dump in the custom
// format while another connection keeps writing (the rows printed are the rows dumped, whole
// transactions only), pg_restore into an empty database, row for row; a database that holds data
// refused unless forced, and forced, replaced in one transaction.

let server: TestPostgres;
let folder: string;
let source: { url: string; db: Kysely<DB> };
const databases: { url: string; drop(): Promise<void> }[] = [];
const opened: Kysely<DB>[] = [];

async function newDatabase(): Promise<{ url: string; db: Kysely<DB> }> {
  const database = await createTestDatabase(server, `tinhgon_backup_${process.pid}_${databases.length}`);
  databases.push(database);
  const db = openPostgresDatabase(database.url, { maxConnections: 2 });
  opened.push(db);
  return { url: database.url, db };
}

beforeAll(async () => {
  server = await startTestPostgres();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-backup-"));
  source = await newDatabase();
  await migrateToLatest(source.db);
  await seedDemoData(source.db, { password: "mat-khau-sao-luu-2025" });
});

afterAll(async () => {
  for (const db of opened) await db.destroy();
  for (const database of databases) await database.drop();
  server?.stop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

/** Writes a group of five sign-in failures in one transaction after another until stopped: a backup must hold whole groups only. */
function startWriter(target: Kysely<DB>) {
  let stopped = false;
  let groups = 0;
  const done = (async () => {
    while (!stopped) {
      const group = groups;
      await target.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) await trx.insertInto("login_failures").values({ email: `writer-${group}@tinhgon.test`, ip: `10.0.0.${i}`, at: new Date().toISOString() }).execute();
      });
      groups++;
    }
  })();
  return {
    groups: () => groups,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function dataVersion(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select coalesce(sum(n), 0) as n from data_version`.execute(db);
  return rows[0]!.n;
}

/** The rows each table has, as the scripts print them ("  proposals      300"). */
function printedCounts(stdout: string): Record<string, number> {
  return Object.fromEntries([...stdout.matchAll(/^ {2}(\w+) +(\d+)$/gm)].map((match) => [match[1]!, Number(match[2])]));
}

describe("npm run db:backup and db:restore on PostgreSQL", () => {
  let backup: string;
  let printed: Record<string, number>;

  test("pg_dump while another connection writes: the rows printed are the rows dumped, whole transactions only", async () => {
    backup = path.join(folder, `${randomBytes(4).toString("hex")}.dump`);
    const writer = startWriter(source.db);
    let during: number;
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const before = writer.groups();
      const run = await runScriptWith("db-backup.ts", { DATABASE_URL: source.url }, ["--to", backup]);
      during = writer.groups() - before;
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Backed up ${source.url} to ${backup}:`);
      expect(run.stdout).toMatch(/\d+ tables, \d+ rows; [\d.]+ MB \(\d+ bytes\); migrations up to \w+\./);
      printed = printedCounts(run.stdout);
    } finally {
      await writer.stop();
    }
    expect(during).toBeGreaterThan(0);
    expect(fs.readFileSync(backup).subarray(0, 5).toString("latin1")).toBe("PGDMP");
    expect(printed.proposals).toBe(300);
    expect(printed.login_failures! % 5).toBe(0);
    expect(printed.login_failures).toBeGreaterThan(0);
    expect(Object.keys(printed).sort()).toEqual(await appTableNames(source.db));
  });

  let restored: { url: string; db: Kysely<DB> };

  test("pg_restore into an empty database: every table's rows as dumped, the identities and search with them", async () => {
    restored = await newDatabase();
    const run = await runScriptWith("db-restore.ts", { DATABASE_URL: restored.url }, ["--from", backup]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Restored ${backup} into ${restored.url}:`);
    expect(printedCounts(run.stdout)).toEqual(printed);

    const tables = await appTableNames(source.db);
    expect(await appTableNames(restored.db)).toEqual(tables);
    const [live, back] = [await allTableRows(source.db, tables), await allTableRows(restored.db, tables)];
    for (const table of tables) expect(back[table]).toHaveLength(printed[table]!);
    const { login_failures: liveFailures, ...liveRest } = live;
    const { login_failures: backFailures, ...backRest } = back;
    expect(backRest).toEqual(liveRest);
    // the first groups the writer committed, each whole
    const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));
    expect(byId(backFailures!)).toEqual(byId(liveFailures!).slice(0, backFailures!.length));
    const groups = new Map<string, number>();
    for (const row of backFailures!) groups.set(String(row.email), (groups.get(String(row.email)) ?? 0) + 1);
    expect([...groups.values()].every((n) => n === 5)).toBe(true);

    expect((await globalSearch(restored.db, "giấy phép")).proposals.total).toBe((await globalSearch(source.db, "giấy phép")).proposals.total);
    const { id } = await restored.db.insertInto("login_failures").values({ email: "sau-khi-phuc-hoi@tinhgon.test", ip: "10.0.0.9", at: new Date().toISOString() }).returning("id").executeTakeFirstOrThrow();
    expect(id).toBeGreaterThan(Math.max(...backFailures!.map((row) => Number(row.id))));
  });

  test("refuses to restore over a database that holds data unless --force; forced, replaces it in one go and moves the data version on", async () => {
    const tables = await appTableNames(restored.db);
    const [rows, version] = [await allTableRows(restored.db, tables), await dataVersion(restored.db)];
    const refused = await runScriptWith("db-restore.ts", { DATABASE_URL: restored.url }, ["--from", backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^${restored.url} holds data: agencies \\(24 rows\\), .*\\. Pass --force to replace it with the backup\\.\\n$`));
    expect(await allTableRows(restored.db, tables)).toEqual(rows);
    expect(await dataVersion(restored.db)).toBe(version);

    const forced = await runScriptWith("db-restore.ts", { DATABASE_URL: restored.url }, ["--from", backup, "--force"]);
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    const after = await allTableRows(restored.db, tables);
    // the row added after the first restore is gone: the tables are the backup's again
    expect(after.login_failures).toHaveLength(printed.login_failures!);
    const { login_failures: _afterFailures, ...afterRest } = after;
    const { login_failures: _rowsFailures, ...rowsRest } = rows;
    expect(afterRest).toEqual(rowsRest);
    // a running server's caches are keyed by it: it must not return to a value they have seen
    expect(await dataVersion(restored.db)).toBeGreaterThan(version);
  });

  test("restores into a database the app has migrated already (empty)", async () => {
    const migrated = await newDatabase();
    await migrateToLatest(migrated.db);
    const run = await runScriptWith("db-restore.ts", { DATABASE_URL: migrated.url }, ["--from", backup]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(printedCounts(run.stdout)).toEqual(printed);
  });

  test("refuses to replace an existing backup file unless --force, and a SQLite file as a PostgreSQL backup", async () => {
    const existing = path.join(folder, "existing.dump");
    fs.writeFileSync(existing, "an older backup");
    const refused = await runScriptWith("db-backup.ts", { DATABASE_URL: source.url }, ["--to", existing]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`${existing} exists already; pass --force to replace it.\n`);
    expect(fs.readFileSync(existing, "utf8")).toBe("an older backup");
    const forced = await runScriptWith("db-backup.ts", { DATABASE_URL: source.url }, ["--to", existing, "--force"]);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(existing).subarray(0, 5).toString("latin1")).toBe("PGDMP");

    const sqliteFile = path.join(folder, "tinhgon.db");
    fs.writeFileSync(sqliteFile, Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(84)]));
    const empty = await newDatabase();
    const wrong = await runScriptWith("db-restore.ts", { DATABASE_URL: empty.url }, ["--from", sqliteFile]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`${sqliteFile} is a SQLite database: restore it with DATABASE_PATH set and DATABASE_URL unset.\n`);
    expect(fs.readdirSync(folder).filter((name) => name.endsWith(".partial"))).toEqual([]);
  });
});
