import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { postgresMigrations } from "../db/migrations/postgres";
import type { DB } from "../db/types";

// PostgreSQL, the second backend (issue 13), being built: its connection and its migrations.
// What SQLite does its own way (app/db.server.ts, README "SQLite-only functions") gets its
// PostgreSQL twin here, chosen once at start.

/** pg's type ids whose text form the app reads as numbers. */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * The app reads a bigint (VND amounts, counts) as a JavaScript number, as better-sqlite3 gives
 * SQLite's integers: exact below 2^53 (9 million billion đồng). A value beyond that is refused
 * rather than rounded.
 */
function safeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) && Number.isInteger(Number.parseFloat(text))) throw new RangeError(`${text} is beyond the integers a number holds exactly`);
  return value;
}

/** pg's parsers as the app reads PostgreSQL's values (the bench's bare `pg` baseline reads them the same). */
export const postgresTypes = {
  getTypeParser: ((id: number, format?: "text" | "binary") => (id === INT8 || id === NUMERIC ? safeNumber : pg.types.getTypeParser(id, format))) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL's text cannot hold the NUL character, which SQLite stores like any other: a value
 * carrying one (hostile input: a form field, a search, a URL's parameter, a spreadsheet's cell)
 * failed the whole statement, a 500. Every parameter's NULs become U+FFFD, the character a reader
 * shows for what could not be read, at the one place every statement passes.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\0") ? value.replaceAll("\0", "\uFFFD") : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  return value;
}

class TextSafeClient extends pg.Client {
  // pg's query has many overloads; every one passes its parameters second or in the config's `values`
  override query(...args: unknown[]): never {
    const [config, values, ...rest] = args;
    // a query object (a streaming query's cursor) is submitted as it is, its values cleaned in place
    if (typeof config === "object" && config !== null && "values" in config) Object.assign(config, { values: withoutNul(config.values) });
    return (super.query as (...parameters: unknown[]) => never)(config, withoutNul(values), ...rest);
  }
}

export function openPostgresDatabase(url: string, options: { maxConnections?: number } = {}): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types: postgresTypes, Client: TextSafeClient });
  // an idle connection the server ended (a restart, a failover, an administrator) is an error
  // event on the pool, fatal to the process unheard: it is dropped from the pool, and the next
  // query opens another
  pool.on("error", (error) => console.warn(`A PostgreSQL connection was closed: ${error.message}`));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

export async function migratePostgresToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => postgresMigrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
}

/**
 * A read-only connection of its own inside one REPEATABLE READ transaction: everything read
 * through it is the database as it was at its first read (app/db.server.ts openSnapshot's twin).
 */
export async function openPostgresSnapshot(url: string): Promise<{ db: Kysely<DB>; close(): Promise<void> }> {
  // one connection: the transaction begun below is every later statement's
  const opened = openPostgresDatabase(url, { maxConnections: 1 });
  await sql`begin transaction isolation level repeatable read read only`.execute(opened);
  await sql`select 1 from data_version`.execute(opened);
  return {
    db: opened,
    async close() {
      await sql`rollback`.execute(opened).catch(() => undefined);
      await opened.destroy();
    },
  };
}

