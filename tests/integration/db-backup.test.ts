import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, sql, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "~/db.server";
import { searchIndexesConsistent } from "~/models/search.server";
import type { DB } from "../../db/types";
import { runScript } from "../support/cli";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase } from "../support/database";
import { allTableRows, tableNames } from "../support/table-rows";

// `npm run db:backup` and `npm run db:restore` on SQLite (issue 13), run as an operator runs
// them: a backup taken while another connection keeps writing is one consistent state of the
// database, and a restore puts it back row for row, refusing to replace a file unless forced.

const TMP = path.join(PROJECT_ROOT, "tests", ".tmp");
let database: TestDatabase;
let db: Kysely<DB>;
const files: string[] = [];

/** A path under tests/.tmp/ removed after the file's tests, with its -wal and -shm. */
function tmpFile(name: string): string {
  const file = path.join(TMP, `db-backup-${randomBytes(4).toString("hex")}-${name}`);
  files.push(file);
  return file;
}

beforeAll(async () => {
  database = await createTestDatabase({ demo: { password: "mat-khau-sao-luu-2025" } });
  db = database.open();
  fs.mkdirSync(TMP, { recursive: true });
});

afterAll(async () => {
  await database?.remove();
  for (const file of files) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
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
      await new Promise((resolve) => setTimeout(resolve, 2));
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

function openFile(file: string): Kysely<DB> {
  return openDatabase(file);
}

/** A backup read without writing to it (openDatabase would turn WAL on in it). */
function readOnly(file: string): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(file, { readonly: true, fileMustExist: true }) }) });
}

function integrityCheck(file: string): unknown {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sqlite.pragma("integrity_check", { simple: true });
  } finally {
    sqlite.close();
  }
}

describe("npm run db:backup and db:restore on SQLite", () => {
  let backup: string;
  let backupRows: Record<string, Record<string, unknown>[]>;

  test("backs up while another connection writes: one consistent state, every other table as it is; a single file", async () => {
    backup = tmpFile("backup.db");
    const writer = startWriter(openFile(database.path));
    let during: number;
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = writer.groups();
      const run = await runScript("db-backup.ts", database.path, ["--to", backup]);
      during = writer.groups() - before;
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Backed up ${database.path} to ${backup}:`);
      expect(run.stdout).toMatch(/^ {2}proposals +300$/m);
      expect(run.stdout).toMatch(/16 tables, \d+ rows; [\d.]+ MB \(\d+ bytes\); migrations up to 0\d+_\w+\./);
    } finally {
      await writer.stop();
    }
    // the writes went on while the script ran
    expect(during).toBeGreaterThan(0);
    expect(fs.existsSync(`${backup}-wal`)).toBe(false);
    expect(fs.readdirSync(TMP).filter((name) => name.endsWith(".partial"))).toEqual([]);

    expect(integrityCheck(backup)).toBe("ok");
    const restored = readOnly(backup);
    try {
      backupRows = await allTableRows(restored);
      const groups = new Map<string, number>();
      for (const row of backupRows.login_failures!) groups.set(String(row.email), (groups.get(String(row.email)) ?? 0) + 1);
      // whole transactions only, and the first ones: no group half there, none skipped
      expect([...groups.values()].every((n) => n === 5)).toBe(true);
      expect([...groups.keys()].sort()).toEqual(Array.from({ length: groups.size }, (_, i) => `writer-${i}@tinhgon.test`).sort());
      const live = await allTableRows(db);
      expect(live.login_failures!.length).toBeGreaterThanOrEqual(backupRows.login_failures!.length);
      const { login_failures: _liveFailures, ...liveRest } = live;
      const { login_failures: _backupFailures, ...backupRest } = backupRows;
      expect(backupRest).toEqual(liveRest);
      expect(await tableNames(restored)).toEqual(await tableNames(db));
      // rollback-journal mode: a backup is one file, whoever opens it
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(restored);
      expect(rows[0]?.journal_mode).toBe("delete");
    } finally {
      await restored.destroy();
    }
  });

  test("restores the backup into a new file: every table's rows, the migrations and the search indexes as backed up", async () => {
    const target = tmpFile("restored.db");
    const run = await runScript("db-restore.ts", target, ["--from", backup]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Restored ${backup} into ${target}:`);
    expect(run.stdout).toMatch(/^ {2}proposals +300$/m);
    const restored = openFile(target);
    const original = readOnly(backup);
    try {
      expect(await allTableRows(restored)).toEqual(backupRows);
      expect(await tableNames(restored)).toEqual(await tableNames(original));
      expect(await allTableRows(restored, ["kysely_migration"])).toEqual(await allTableRows(original, ["kysely_migration"]));
      expect(await searchIndexesConsistent(restored)).toBe(true);
      const { rows } = await sql<{ n: number }>`select count(*) as n from proposals_fts where proposals_fts match 'giay'`.execute(restored);
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await restored.destroy();
      await original.destroy();
    }
  });

  test("refuses to replace an existing backup file unless --force; forced, replaces it whole", async () => {
    const existing = tmpFile("existing.db");
    fs.writeFileSync(existing, "an older backup");
    const refused = await runScript("db-backup.ts", database.path, ["--to", existing]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`${existing} exists already; pass --force to replace it.\n`);
    expect(fs.readFileSync(existing, "utf8")).toBe("an older backup");

    const forced = await runScript("db-backup.ts", database.path, ["--to", existing, "--force"]);
    expect(forced.code).toBe(0);
    const replaced = readOnly(existing);
    try {
      expect((await allTableRows(replaced, ["proposals"])).proposals).toEqual(backupRows.proposals);
    } finally {
      await replaced.destroy();
    }
  });

  test("refuses to restore over an existing database unless --force; forced, no stale WAL of the old database survives", async () => {
    const target = tmpFile("occupied.db");
    const other = await createTestDatabase();
    try {
      fs.copyFileSync(other.path, target);
    } finally {
      await other.remove();
    }
    // the old database's last commits only in its WAL, as a crashed server leaves them
    const old = new Database(target);
    old.pragma("journal_mode = wal");
    old.pragma("wal_autocheckpoint = 0");
    old.prepare("insert into agencies (code, name_vi, name_en, kind) values ('CU', 'Bộ Cũ', 'Old Ministry', 'ministry')").run();
    fs.copyFileSync(`${target}-wal`, `${target}.saved-wal`);
    fs.copyFileSync(`${target}-shm`, `${target}.saved-shm`);
    old.close();
    fs.renameSync(`${target}.saved-wal`, `${target}-wal`);
    fs.renameSync(`${target}.saved-shm`, `${target}-shm`);
    const before = fs.readFileSync(target);

    const refused = await runScript("db-restore.ts", target, ["--from", backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`${target} exists; pass --force to replace it with the backup (stop the server first).\n`);
    expect(fs.readFileSync(target).equals(before)).toBe(true);

    const forced = await runScript("db-restore.ts", target, ["--from", backup, "--force"]);
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    expect(integrityCheck(target)).toBe("ok");
    const restored = openFile(target);
    try {
      expect(await allTableRows(restored)).toEqual(backupRows);
    } finally {
      await restored.destroy();
    }
  });

  test("refuses what is not a SQLite backup, and a backup that is not there; writes nothing", async () => {
    const notSqlite = tmpFile("plan.csv");
    fs.writeFileSync(notSqlite, "code,title\n");
    const target = tmpFile("never.db");
    const wrong = await runScript("db-restore.ts", target, ["--from", notSqlite]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`${notSqlite} is not a SQLite database.\n`);
    const missing = await runScript("db-restore.ts", target, ["--from", tmpFile("missing.db")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^There is no backup at .*missing\.db\.\n$/);
    expect(fs.existsSync(target)).toBe(false);
    const usage = await runScript("db-backup.ts", database.path, []);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toBe("Usage: npm run db:backup -- --to FILE [--force]\n");
  });
});
