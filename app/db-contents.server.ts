import { createHash } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import { dialectOf, type Executor } from "./db.server";

// What a database holds, read the same way on SQLite and PostgreSQL (issue 13): its tables of the
// app's data, each table's columns and primary key, row counts, a digest of every row, and the
// migrations applied. For `npm run db:copy` (app/db-copy.server.ts) and the backups
// (app/db-backup.server.ts). The tables are found in each database's catalog rather than listed
// here, so a table a later migration adds is copied, counted and compared without a change here.

/** Kysely's migrator's own tables, on both databases: how far the schema is, not data. */
export const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"] as const;

/**
 * SQLite's machinery that is not data: the import's deferred search index (it holds rows only
 * inside its writer's transaction, db/migrations/0013) and SQLite's internal tables
 * (sqlite_sequence, sqlite_stat1…). FTS5's virtual tables and their shadow tables are left out by
 * their kind in the catalog (0007): PostgreSQL's search is its generated columns.
 */
const SQLITE_MACHINERY = /^(sqlite_.*|search_index_deferred)$/;

/** PostgreSQL's machinery: the counter the read caches are keyed by (app/db.server.ts dataVersion). */
const POSTGRES_MACHINERY = ["data_version"];

/** A table of the app's data as a copy or a digest reads it. */
export interface TableShape {
  table: string;
  /** The columns that hold data, by name (PostgreSQL's generated columns left out: it computes them). */
  columns: string[];
  /** The primary key's columns, in the key's order: rows are read in this order, in pages. */
  primaryKey: string[];
  /** For each key column, whether it is text (PostgreSQL compares it byte by byte, as SQLite does). */
  textKey: boolean[];
}

/** Every ordinary table of the database (SQLite's FTS5 virtual and shadow tables are not ordinary). */
export async function allTables(db: Executor): Promise<string[]> {
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    return rows.map((row) => row.name);
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_table_list where schema = 'main' and type = 'table' order by name`.execute(db);
  return rows.map((row) => row.name);
}

/** The tables of the app's data: every ordinary table but the migrator's and the dialect's machinery. */
export async function dataTables(db: Executor): Promise<string[]> {
  const postgres = dialectOf(db) === "postgres";
  return (await allTables(db)).filter(
    (table) => !(MIGRATION_TABLES as readonly string[]).includes(table) && !(postgres ? POSTGRES_MACHINERY.includes(table) : SQLITE_MACHINERY.test(table)),
  );
}

/** Whether `table` is a dialect's own machinery, which a copy leaves alone. */
export function isMachinery(db: Executor, table: string): boolean {
  return (MIGRATION_TABLES as readonly string[]).includes(table) || (dialectOf(db) === "postgres" ? POSTGRES_MACHINERY.includes(table) : SQLITE_MACHINERY.test(table));
}

/** A table's data columns (sorted by name, so both dialects list them alike) and its primary key. */
export async function tableShape(db: Executor, table: string): Promise<TableShape> {
  let columns: { name: string; type: string; key: number }[];
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<{ name: string; type: string; key: number | null }>`
      select c.column_name as name, c.data_type as type, k.position as key
      from information_schema.columns c
      left join (
        -- int2vector counts from 0
        select a.attname as name, array_position(i.indkey::int2[], a.attnum) + 1 as position
        from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
        where i.indrelid = ${table}::regclass and i.indisprimary
      ) k on k.name = c.column_name
      where c.table_schema = current_schema() and c.table_name = ${table} and c.is_generated = 'NEVER'`.execute(db);
    columns = rows.map((row) => ({ name: row.name, type: row.type, key: row.key ?? 0 }));
  } else {
    // hidden: 1 a virtual table's hidden column, 2 and 3 generated columns
    const { rows } = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_xinfo(${table}) where hidden = 0`.execute(db);
    columns = rows.map((row) => ({ name: row.name, type: row.type, key: row.pk }));
  }
  const key = columns.filter((column) => column.key > 0).sort((a, b) => a.key - b.key);
  return {
    table,
    columns: columns.map((column) => column.name).sort(),
    primaryKey: key.map((column) => column.name),
    textKey: key.map((column) => /char|text|clob/i.test(column.type)),
  };
}

/** How many rows each table holds. */
export async function rowCounts(db: Executor, tables: readonly string[]): Promise<{ table: string; rows: number }[]> {
  const counts = [];
  for (const table of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts.push({ table, rows: Number(rows[0]?.n ?? 0) });
  }
  return counts;
}

/** The migrations applied to the database, by name, in order; undefined when it has no migrator's table. */
export async function appliedMigrations(db: Executor): Promise<string[] | undefined> {
  if (!(await allTables(db)).includes("kysely_migration")) return undefined;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((row) => row.name);
}

/** The key columns as a page's order and comparison read them: text byte by byte on both (SQLite's BINARY, PostgreSQL's "C"). */
function keyExpressions(db: Executor, shape: TableShape): RawBuilder<unknown>[] {
  const collation = dialectOf(db) === "postgres" ? sql.raw(`collate "C"`) : sql.raw("collate binary");
  return shape.primaryKey.map((column, i) => (shape.textKey[i] ? sql`${sql.id(column)} ${collation}` : sql`${sql.id(column)}`));
}

/**
 * The table's rows in primary-key order, `pageRows` at a time, each row its values in the
 * shape's column order. Each page is one query starting after the last key of the one before,
 * so a table of any size is read without holding it in memory, and without an offset to skip.
 */
export async function* tablePages(db: Executor, shape: TableShape, pageRows: number): AsyncGenerator<unknown[][]> {
  if (shape.primaryKey.length === 0) throw new Error(`${shape.table} has no primary key to read it in order by`);
  const keys = sql.join(keyExpressions(db, shape));
  const columns = sql.join(shape.columns.map((column) => sql.id(column)));
  for (let after: unknown[] | undefined; ; ) {
    const where = after ? sql`where (${keys}) > (${sql.join(after)})` : sql.raw("");
    const { rows } = await sql<Record<string, unknown>>`select ${columns} from ${sql.table(shape.table)} ${where} order by ${keys} limit ${pageRows}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((row) => shape.columns.map((column) => row[column]));
    const last = rows[rows.length - 1]!;
    after = shape.primaryKey.map((column) => last[column]);
    if (rows.length < pageRows) return;
  }
}

/**
 * A value as the digest writes it, the same whichever database gave it: integers and text as
 * they are (SQLite's 0/1 flags and PostgreSQL's integers are both numbers; int8 is read as a
 * number, app/db-postgres.server.ts), null, and bytes (better-sqlite3's and pg's Buffers) as hex.
 * Anything else is a type this schema does not have, and fails rather than compare loosely.
 */
function digestValue(value: unknown, table: string): unknown {
  if (value === null || typeof value === "string") return value;
  if (typeof value === "number") {
    // better-sqlite3 rounds an integer beyond 2^53: such a value cannot be compared, nor kept exactly
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new RangeError(`${table} holds ${value}, beyond the integers a number holds exactly`);
    return value;
  }
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex") };
  throw new TypeError(`${table} holds a value of an unexpected type (${Object.prototype.toString.call(value)})`);
}

export interface TableDigest {
  rows: number;
  /** SHA-256 over the rows in primary-key order, each row its values as JSON on a line. */
  sha256: string;
}

/** The table's row count and a SHA-256 of its rows, computed the same way on either database. */
export async function tableDigest(db: Executor, shape: TableShape, pageRows = 1000): Promise<TableDigest> {
  const hash = createHash("sha256");
  let rows = 0;
  for await (const page of tablePages(db, shape, pageRows)) {
    for (const row of page) {
      hash.update(JSON.stringify(row.map((value) => digestValue(value, shape.table))));
      hash.update("\n");
      rows++;
    }
  }
  return { rows, sha256: hash.digest("hex") };
}
