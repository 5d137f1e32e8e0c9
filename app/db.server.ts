import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, sql, SqliteDialect, type SqliteDatabase, type Transaction } from "kysely";
import { migrations } from "../db/migrations";
import type { DB } from "../db/types";
import { BusyError } from "./domain/errors";
import { env } from "./env.server";

// The one module that knows the database is SQLite: pragmas and the migrator live here.

export type Database = Kysely<DB>;
export type Executor = Kysely<DB> | Transaction<DB>;

export function openDatabase(file: string): Kysely<DB> {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // keep the query planner's statistics fresh: without them SQLite may drive a correlated
  // EXISTS from the wrong index (the dashboard went from 50 ms to minutes at 100,000 rows)
  sqlite.pragma("analysis_limit = 1000");
  sqlite.pragma("optimize = 0x10002");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/** Statements kept compiled: far more than the app has distinct queries. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The connection as Kysely sees it, with each SQL text compiled once: Kysely asks for a new
 * prepared statement on every query, and compiling took a quarter of a bulk import's time.
 * Kysely runs one statement at a time on the connection, so reusing one is safe.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => void sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        statement = busyAware(sqlite.prepare(text));
        // the oldest out first: the app's queries are far fewer, so this rarely happens at all
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value ?? "");
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/** Seconds a refused writer is told to wait: the busy timeout again. */
const BUSY_RETRY_SECONDS = 5;
const RUNNING = new Set<PropertyKey>(["run", "get", "all", "iterate"]);

/**
 * The statement with SQLITE_BUSY (another connection kept the lock past the busy timeout) turned
 * into a BusyError, whatever runs it: a use case's transaction, a session's upkeep, an upload
 * staged. A write outside a transaction once answered a locked database with a 500.
 */
function busyAware(statement: Database.Statement): Database.Statement {
  return new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (!RUNNING.has(property) || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        try {
          return value.apply(target, args);
        } catch (error) {
          throw isBusy(error) ? new BusyError("pages.busy", BUSY_RETRY_SECONDS) : error;
        }
      };
    },
  });
}

/**
 * A key that changes whenever the database's content may have: this connection's write count
 * and SQLite's counter of commits by other connections (scripts, imports). Caches of derived
 * figures are keyed by it.
 */
export async function dataVersion(db: Executor): Promise<string> {
  const { rows } = await sql<{ version: number; changes: number }>`select (select data_version from pragma_data_version) as version, total_changes() as changes`.execute(db);
  return `${rows[0]?.version ?? 0}:${rows[0]?.changes ?? 0}`;
}

/** Refreshes the planner's statistics where they are stale; cheap, run after bulk writes and now and then. */
export async function optimizeDatabase(db: Kysely<DB>): Promise<void> {
  await sql`pragma optimize`.execute(db);
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

let instance: Kysely<DB> | undefined;
/** The app's shared connection, opened on first use from DATABASE_PATH. */
export function db(): Kysely<DB> {
  if (!instance) {
    const opened = openDatabase(env().DATABASE_PATH);
    // a long-running server's data grows; refresh the planner's statistics a few times a day
    setInterval(() => void optimizeDatabase(opened).catch(() => undefined), 6 * 60 * 60 * 1000).unref();
    instance = opened;
  }
  return instance;
}

/**
 * Values for an `in (…)` list, in slices small enough to bind: SQLite takes at most 32,766
 * parameters per statement, and a query binds a few of its own besides the list.
 */
export function inChunks<T>(values: readonly T[], size = 10_000): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/**
 * Takes the database's write lock at once, as BEGIN IMMEDIATE would (Kysely begins deferred):
 * for a transaction that reads before it writes and must not see another process commit in
 * between. A write statement that changes nothing is enough; the migrator's table is always there.
 */
export async function takeWriteLock(trx: Transaction<DB>): Promise<void> {
  await sql`delete from kysely_migration where 0`.execute(trx);
}

/**
 * Runs fn in a transaction, joining the caller's if there is one: a use case is all or nothing.
 * It takes the write lock first: a transaction that read before another process (the import
 * command, another server process) committed could not write after it (SQLITE_BUSY_SNAPSHOT, at
 * once), where one that holds the lock makes the other wait. A database still locked by another
 * writer after the busy timeout is a BusyError (busyAware).
 */
export async function inTransaction<T>(executor: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (executor.isTransaction) return fn(executor as Transaction<DB>);
  return executor.transaction().execute(async (trx) => {
    await takeWriteLock(trx);
    return fn(trx);
  });
}

/** Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY and its variants). */
function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY");
}
