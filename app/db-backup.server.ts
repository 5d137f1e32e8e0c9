import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, sql, SqliteDialect } from "kysely";
import type { DB } from "../db/types";
import { allTables, appliedMigrations, dataTables, rowCounts } from "./db-contents.server";
import { describeLocation, type DatabaseLocation } from "./db.server";
import { openPostgresDatabase } from "./db-postgres.server";

// `npm run db:backup` and `npm run db:restore` (issue 13): an online backup of the configured
// database while the server runs, and putting one back. Twins side by side: SQLite copies its
// pages with its online backup API inside one read transaction; PostgreSQL is dumped by pg_dump
// (custom format) and restored by pg_restore, the database's own tools. Either way the file is
// written under a temporary name beside its destination and renamed into place when complete,
// so a failed or interrupted run never leaves half a file under the real name.

/** A backup or restore that was not begun: nothing was written. */
export class BackupRefusal extends Error {}

export interface TableRows {
  table: string;
  rows: number;
}

export interface BackupReport {
  /** What was backed up or restored into: the file, or the address without its password. */
  database: string;
  file: string;
  bytes: number;
  /** Rows per table of the app's data, as the backup holds them. */
  tables: TableRows[];
  /** The migrations the backup's database has applied. */
  migrations: string[];
}

export interface BackupOptions {
  /** Replace an existing backup file (backup) or a database that holds data (restore). */
  force?: boolean;
}

/** How long SQLite waits for another connection's lock (a checkpoint, a recovery) before giving up. */
const SQLITE_BUSY_MS = 5000;

/** A name beside `file` for writing it before it is complete. */
function partialName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.partial`);
}

/** Moves a complete file into place, durably: its content on disk before the rename, the rename on disk after. */
function moveIntoPlace(partial: string, file: string): void {
  const fd = fs.openSync(partial, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  const directory = fs.openSync(path.dirname(file), "r");
  try {
    fs.fsyncSync(directory);
  } finally {
    fs.closeSync(directory);
  }
}

/** What a file is, from its first bytes. */
function fileKind(file: string): "sqlite" | "pg_dump" | "other" {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString("latin1") === "SQLite format 3\0") return "sqlite";
  // pg_dump's custom and tar-less archive formats begin with "PGDMP"
  if (header.subarray(0, 5).toString("latin1") === "PGDMP") return "pg_dump";
  return "other";
}

function refuseExistingBackup(file: string, force: boolean | undefined): void {
  if (!fs.existsSync(path.dirname(path.resolve(file)))) throw new BackupRefusal(`The folder of ${file} does not exist.`);
  if (fs.existsSync(file) && !force) throw new BackupRefusal(`${file} exists already; pass --force to replace it.`);
}

function requireBackupFile(file: string, kind: "sqlite" | "pg_dump"): void {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupRefusal(`There is no backup at ${file}.`);
  const found = fileKind(file);
  if (found === kind) return;
  if (found === "sqlite") throw new BackupRefusal(`${file} is a SQLite database: restore it with DATABASE_PATH set and DATABASE_URL unset.`);
  if (found === "pg_dump") throw new BackupRefusal(`${file} is a PostgreSQL dump: restore it with DATABASE_URL set.`);
  throw new BackupRefusal(`${file} is not a ${kind === "sqlite" ? "SQLite database" : "pg_dump custom-format archive"}.`);
}

/** Backs up the database at `location` into `file`: consistent while writers go on. */
export async function backupDatabase(location: DatabaseLocation, file: string, options: BackupOptions = {}): Promise<BackupReport> {
  refuseExistingBackup(file, options.force);
  return "path" in location ? backupSqlite(location.path, file) : backupPostgres(location.url, file);
}

/** Puts the backup in `file` back as the database at `location`. */
export async function restoreDatabase(location: DatabaseLocation, file: string, options: BackupOptions = {}): Promise<BackupReport> {
  return "path" in location ? restoreSqlite(location.path, file, options) : restorePostgres(location.url, file, options);
}

/** What the command line prints of a backup or a restore: each table's rows, then the totals. */
export function backupReportLines(report: BackupReport): string[] {
  const width = Math.max(5, ...report.tables.map((table) => table.table.length));
  const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
  const megabytes = (report.bytes / (1024 * 1024)).toFixed(1);
  return [
    ...report.tables.map((table) => `  ${table.table.padEnd(width)}  ${String(table.rows).padStart(9)}`),
    `${report.tables.length} tables, ${rows} rows; ${megabytes} MB (${report.bytes} bytes); migrations up to ${report.migrations.at(-1) ?? "none"}.`,
  ];
}

// --- SQLite -------------------------------------------------------------------------------

/** Pages per step of SQLite's backup: all of them (better-sqlite3 caps a step at 2^31 - 1). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies every page of `from` into a new file `to` in one step of SQLite's online backup, that
 * is inside one read transaction: the copy is the database as one moment left it, while other
 * connections go on writing (WAL). In small steps SQLite would start over after every commit by
 * another connection, and a busy server could keep it from ever finishing.
 */
async function copySqlitePages(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_MS });
  try {
    await source.backup(to, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}

/**
 * Settles a file just written by a backup: a single file in rollback-journal mode (no -wal or -shm
 * beside it; the app turns WAL on again when it opens it), checked page by page; what it holds.
 */
async function settleSqliteFile(file: string): Promise<Pick<BackupReport, "tables" | "migrations">> {
  const sqlite = new Database(file, { fileMustExist: true, timeout: SQLITE_BUSY_MS });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    sqlite.pragma("journal_mode = delete");
    const check = sqlite.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`The copy in ${file} fails SQLite's check: ${String(check)}`);
    const tables = await rowCounts(db, await dataTables(db));
    const migrations = (await appliedMigrations(db)) ?? [];
    return { tables, migrations };
  } finally {
    await db.destroy();
  }
}

async function backupSqlite(databasePath: string, file: string): Promise<BackupReport> {
  if (!fs.existsSync(databasePath)) throw new BackupRefusal(`There is no database at ${databasePath} to back up.`);
  if (path.resolve(databasePath) === path.resolve(file)) throw new BackupRefusal("The backup cannot be the database itself.");
  const partial = partialName(file);
  try {
    await copySqlitePages(databasePath, partial);
    const contents = await settleSqliteFile(partial);
    moveIntoPlace(partial, file);
    return { database: databasePath, file, bytes: fs.statSync(file).size, ...contents };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Puts a backup in place of the database file: copied (by the same backup API, so a backup that
 * was opened in WAL mode is read whole) into a new file beside the database, checked, then
 * renamed over it. The database's own -wal and -shm are removed first: left beside the new file,
 * SQLite would replay the old database's last commits into it. Stop the server first: a process
 * that has the old file open goes on using it.
 */
async function restoreSqlite(databasePath: string, file: string, options: BackupOptions): Promise<BackupReport> {
  requireBackupFile(file, "sqlite");
  if (fs.existsSync(databasePath) && !options.force) throw new BackupRefusal(`${databasePath} exists; pass --force to replace it with the backup (stop the server first).`);
  if (path.resolve(databasePath) === path.resolve(file)) throw new BackupRefusal("The backup is the database itself.");
  fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const partial = partialName(databasePath);
  try {
    await copySqlitePages(file, partial);
    const contents = await settleSqliteFile(partial);
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(databasePath + suffix, { force: true });
    moveIntoPlace(partial, databasePath);
    return { database: databasePath, file, bytes: fs.statSync(databasePath).size, ...contents };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

// --- PostgreSQL ---------------------------------------------------------------------------

/**
 * Where one of PostgreSQL's client tools is: the newest installed version's first (pg_dump must be
 * at least as new as the server it dumps), then PATH.
 */
export function postgresTool(name: "pg_dump" | "pg_restore"): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((version) => /^\d+(\.\d+)?$/.test(version)).sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...versions.map((version) => path.join(root, version, "bin", name)), ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((directory) => path.join(directory, name))];
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new BackupRefusal(`${name} was not found in /usr/lib/postgresql/<version>/bin or on PATH: install PostgreSQL's client tools (apt-get install postgresql-client).`);
}

/** Runs a PostgreSQL tool on `url`: the password goes by PGPASSWORD, not on the command line where any user's `ps` would see it. */
function runTool(tool: string, args: string[], url: string): Promise<void> {
  const address = new URL(url);
  const password = decodeURIComponent(address.password);
  address.password = "";
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return new Promise((resolve, reject) => {
    execFile(tool, [...args, `--dbname=${address.toString()}`], { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(tool)} failed: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}

/**
 * pg_dump in the custom format, in a snapshot this connection exports and holds open: the rows
 * counted here are exactly the rows dumped, whatever commits meanwhile.
 */
async function backupPostgres(url: string, file: string): Promise<BackupReport> {
  const pgDump = postgresTool("pg_dump");
  const partial = partialName(file);
  // one connection: the transaction begun below is every later statement's
  const db = openPostgresDatabase(url, { maxConnections: 1 });
  try {
    await sql`begin transaction isolation level repeatable read read only`.execute(db);
    const { rows } = await sql<{ snapshot: string }>`select pg_export_snapshot() as snapshot`.execute(db);
    const tables = await rowCounts(db, await dataTables(db));
    const migrations = (await appliedMigrations(db)) ?? [];
    await runTool(pgDump, ["--format=custom", `--snapshot=${rows[0]!.snapshot}`, `--file=${partial}`], url);
    await sql`rollback`.execute(db);
    moveIntoPlace(partial, file);
    return { database: describeLocation({ url }), file, bytes: fs.statSync(file).size, tables, migrations };
  } finally {
    fs.rmSync(partial, { force: true });
    await db.destroy();
  }
}

/**
 * pg_restore into the database at `url`, in one transaction (all of the backup or none of it),
 * each object of the backup dropped first if it exists (--clean --if-exists), owned by the user
 * restoring (--no-owner, --no-privileges: the backup may come from a server with other roles).
 * A database holding data is refused unless forced. The data version counter (the read caches'
 * key) is then set past both the restored value and the one before, so a server still running
 * reads nothing from its caches of the old data.
 */
async function restorePostgres(url: string, file: string, options: BackupOptions): Promise<BackupReport> {
  requireBackupFile(file, "pg_dump");
  const pgRestore = postgresTool("pg_restore");
  const db = openPostgresDatabase(url, { maxConnections: 1 });
  try {
    const filled = (await rowCounts(db, await dataTables(db))).filter((count) => count.rows > 0);
    if (filled.length && !options.force) {
      const list = filled.map((count) => `${count.table} (${count.rows} rows)`).join(", ");
      throw new BackupRefusal(`${describeLocation({ url })} holds data: ${list}. Pass --force to replace it with the backup.`);
    }
    const before = await dataVersionNumber(db);
    await runTool(pgRestore, ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", file], url);
    // the restored counts may be below what a running server's caches were keyed by: moved past them
    if ((await dataVersionNumber(db)) !== undefined) {
      await sql`insert into data_version (pid, n) values (pg_backend_pid(), ${(before ?? 0) + 1})
        on conflict (pid) do update set n = data_version.n + ${(before ?? 0) + 1}`.execute(db);
    }
    const tables = await rowCounts(db, await dataTables(db));
    const migrations = (await appliedMigrations(db)) ?? [];
    return { database: describeLocation({ url }), file, bytes: fs.statSync(file).size, tables, migrations };
  } finally {
    await db.destroy();
  }
}

/** The data version counter's value; undefined in a database without it (not migrated). */
async function dataVersionNumber(db: Kysely<DB>): Promise<number | undefined> {
  if (!(await allTables(db)).includes("data_version")) return undefined;
  const { rows } = await sql<{ n: number }>`select coalesce(sum(n), 0) as n from data_version`.execute(db);
  return rows[0]?.n;
}
