import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { rowCounts, dataTables } from "../../app/db-contents.server";
import { copySqliteToPostgres } from "../../app/db-copy.server";
import { openPostgresDatabase } from "../../app/db-postgres.server";
import { describeLocation, migrateToLatest, openDatabase, openLocation, type DatabaseLocation } from "../../app/db.server";
import { databaseUrl, startPostgresServer, type PostgresServer } from "../postgres-server";
import { readyForRun, runDatabase } from "./data";

// The database the bench measures (issue 13): SQLite files, or databases on one PostgreSQL
// server, chosen by DATABASE_URL or --postgres. The data is generated once in SQLite
// (scripts/bench/data.ts, kept in bench-results/); on PostgreSQL it is copied by db:copy's own
// code into the source database, when that is empty, or found there from an earlier run. Each run
// works on a copy of its own (a file copy, or CREATE DATABASE … TEMPLATE), since a run writes.

export type BenchDatabaseKind = "sqlite" | "postgres";

/** One run's database: a copy of the generated data, or an empty one. */
export interface BenchRunDatabase {
  location: DatabaseLocation;
  remove(): Promise<void>;
}

export interface BenchDatabases {
  kind: BenchDatabaseKind;
  /** "SQLite 3.46.1", "PostgreSQL 15.14": what the reports' titles name. */
  name: string;
  /** Where and how it runs, for the reports. */
  description: string;
  /** A copy of the generated data for one run, migrated, with the bench's reviewer. */
  runCopy(): Promise<BenchRunDatabase>;
  /** A new empty database (the import's share of `npm run bench`). */
  empty(): Promise<BenchRunDatabase>;
  /** Stops the throwaway server, if one was started. */
  close(): Promise<void>;
}

export interface BenchDatabaseOptions {
  /** The SQLite file of generated data (ensureDatabase's). */
  source: string;
  /** Whether to measure PostgreSQL: DATABASE_URL's database, else a throwaway server's. */
  postgres: boolean;
  log: (line: string) => void;
}

/** The name of the files a run's report goes to: latest.md for SQLite, latest-postgres.md for PostgreSQL. */
export function reportSuffix(kind: BenchDatabaseKind): string {
  return kind === "postgres" ? "-postgres" : "";
}

/** Whether the bench measures PostgreSQL: asked for with --postgres, or DATABASE_URL set. */
export function wantsPostgres(flag: boolean): boolean {
  return flag || Boolean(process.env.DATABASE_URL);
}

export async function openBenchDatabases(options: BenchDatabaseOptions): Promise<BenchDatabases> {
  return options.postgres ? postgresDatabases(options) : sqliteDatabases(options.source);
}

async function sqliteDatabases(source: string): Promise<BenchDatabases> {
  const db = openDatabase(source);
  const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(db);
  await db.destroy();
  const name = `SQLite ${rows[0]?.version ?? "?"}`;
  return {
    kind: "sqlite",
    name,
    description: `${name}, a file per run (WAL, synchronous=NORMAL, as the app opens it)`,
    runCopy: async () => {
      const run = await runDatabase(source);
      return { location: { path: run.file }, remove: async () => run.remove() };
    },
    empty: async () => {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-bench-"));
      return { location: { path: path.join(directory, "bench.db") }, remove: async () => fs.rmSync(directory, { recursive: true, force: true }) };
    },
    close: async () => undefined,
  };
}

/** The database a postgres:// address names. */
function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Runs `statement` on the server's maintenance database (never the source: a template copy needs it unused). */
async function onServer(sourceUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(sourceUrl, "postgres") });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function postgresDatabases(options: BenchDatabaseOptions): Promise<BenchDatabases> {
  const given = process.env.DATABASE_URL;
  let server: PostgresServer | undefined;
  let sourceUrl: string;
  if (given) {
    if (!/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(given)) throw new Error("DATABASE_URL must be a PostgreSQL address naming its database, postgres://user:password@host:5432/database");
    sourceUrl = given;
  } else {
    server = await startPostgresServer({ crashSafe: true });
    sourceUrl = databaseUrl(server.url, "tinhgon_bench");
    await onServer(sourceUrl, `create database ${quoted(databaseName(sourceUrl))}`);
  }
  try {
    await fillFromSqlite(options.source, sourceUrl, options.log);
    const db = openPostgresDatabase(sourceUrl, { maxConnections: 1 });
    const { rows } = await sql<{ version: string; buffers: string; commit: string }>`select current_setting('server_version') as version,
      current_setting('shared_buffers') as buffers, current_setting('synchronous_commit') as commit`.execute(db);
    await db.destroy();
    const settings = rows[0] ?? { version: "?", buffers: "?", commit: "?" };
    const name = `PostgreSQL ${settings.version.split(" ")[0]}`;
    const where = server
      ? "a throwaway server on loopback started by the bench (initdb's settings; a commit not flushed at once, as with SQLite's synchronous=NORMAL)"
      : `DATABASE_URL's server (${describeLocation({ url: sourceUrl })})`;
    // the run copies are named after the source, kept within PostgreSQL's 63 characters
    const stem = databaseName(sourceUrl).slice(0, 40);
    let copies = 0;
    const created = async (template: string | undefined): Promise<BenchRunDatabase> => {
      const copy = `${stem}_run_${process.pid}_${++copies}`;
      await onServer(sourceUrl, `create database ${quoted(copy)}${template ? ` template ${quoted(template)}` : ""}`);
      return { location: { url: databaseUrl(sourceUrl, copy) }, remove: () => onServer(sourceUrl, `drop database if exists ${quoted(copy)} with (force)`) };
    };
    return {
      kind: "postgres",
      name,
      description: `${name}, ${where}: shared_buffers ${settings.buffers}, synchronous_commit ${settings.commit}; a database per run, copied from the generated data's with CREATE DATABASE … TEMPLATE`,
      runCopy: async () => {
        const run = await created(databaseName(sourceUrl));
        const db = openLocation(run.location);
        try {
          await readyForRun(db);
        } finally {
          await db.destroy();
        }
        return run;
      },
      empty: () => created(undefined),
      close: async () => server?.stop(),
    };
  } catch (error) {
    server?.stop();
    throw error;
  }
}

/**
 * The generated data in the PostgreSQL database at `url`: copied from the SQLite file by
 * db:copy's code (every row checked) when it holds no rows, then vacuumed and analyzed as a
 * database that has settled; left as it is when it holds exactly the file's row counts (an
 * earlier run's copy); refused otherwise.
 */
async function fillFromSqlite(source: string, url: string, log: (line: string) => void): Promise<void> {
  // the file as this code's migrations leave it, on a copy (the generated file is left as it was)
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-bench-copy-"));
  const migrated = path.join(directory, "source.db");
  try {
    fs.copyFileSync(source, migrated);
    const sqlite = openDatabase(migrated);
    let wanted: { table: string; rows: number }[];
    try {
      await migrateToLatest(sqlite);
      wanted = await rowCounts(sqlite, await dataTables(sqlite));
    } finally {
      await sqlite.destroy();
    }

    const target = openPostgresDatabase(url, { maxConnections: 1 });
    let held: { table: string; rows: number }[];
    try {
      const present = await dataTables(target);
      held = await rowCounts(target, present);
    } finally {
      await target.destroy();
    }
    const where = describeLocation({ url });
    if (held.every((count) => count.rows === 0)) {
      log(`copying ${source} into ${where} (db:copy's code, every table checked)`);
      const report = await copySqliteToPostgres(migrated, url);
      if (!report.committed) throw new Error(`The copy into ${where} differed from ${source} in ${report.tables.filter((table) => !table.match).map((table) => table.table).join(", ")}; it was rolled back`);
      const rows = report.tables.reduce((sum, table) => sum + table.targetRows, 0);
      // a settled database: its visibility map set (index-only scans) and its statistics fresh
      const db = openPostgresDatabase(url, { maxConnections: 1 });
      try {
        await sql`vacuum analyze`.execute(db);
      } finally {
        await db.destroy();
      }
      log(`copied ${rows.toLocaleString("en")} rows into ${where} in ${report.seconds.toFixed(1)} s, then VACUUM ANALYZE`);
      return;
    }
    const differing = wanted.filter((count) => held.find((other) => other.table === count.table)?.rows !== count.rows);
    if (differing.length) {
      const list = differing.map((count) => `${count.table} ${held.find((other) => other.table === count.table)?.rows ?? "missing"} rows, not ${count.rows}`).join("; ");
      throw new Error(`${where} holds other data than ${source} (${list}): give the bench an empty database, or the one it copied this volume into before`);
    }
    log(`reusing ${where}: it holds the same rows as ${source} (${wanted.reduce((sum, count) => sum + count.rows, 0).toLocaleString("en")} in ${wanted.length} tables), copied by an earlier run`);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** Megabytes the database takes: the SQLite file, or PostgreSQL's pg_database_size (tables, indexes, TOAST). */
export async function databaseMegabytes(location: DatabaseLocation): Promise<number> {
  if ("path" in location) return Math.round(fs.statSync(location.path).size / 1e6);
  const db = openPostgresDatabase(location.url, { maxConnections: 1 });
  try {
    const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
    return Math.round(Number(rows[0]?.bytes ?? 0) / 1e6);
  } finally {
    await db.destroy();
  }
}

/** Rows of what the bench generates, and the database's size. */
export async function dataSizes(location: DatabaseLocation): Promise<{ proposals: number; documents: number; amendments: number; megabytes: number }> {
  const db = openLocation(location);
  try {
    const count = async (table: "proposals" | "legal_documents" | "amendments") =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    return { proposals: await count("proposals"), documents: await count("legal_documents"), amendments: await count("amendments"), megabytes: await databaseMegabytes(location) };
  } finally {
    await db.destroy();
  }
}
