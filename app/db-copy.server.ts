import fs from "node:fs";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../db/types";
import {
  allTables,
  appliedMigrations,
  dataTables,
  isMachinery,
  rowCounts,
  tableDigest,
  tablePages,
  tableShape,
  type TableShape,
} from "./db-contents.server";
import { describeLocation, dialectOf, knownMigrations, migrateToLatest, openSnapshot, optimizeDatabase } from "./db.server";
import { openPostgresDatabase } from "./db-postgres.server";

// `npm run db:copy` (issue 13): a whole SQLite database into an empty PostgreSQL one, every row
// of every table with its ids, in one transaction on PostgreSQL, read from one snapshot of the
// SQLite file (a server may keep running on it). Then every identity is set past the highest id
// (and past SQLite's AUTOINCREMENT high-water mark, so no id is ever handed out twice), and each
// table's rows are counted and digested on both sides (app/db-contents.server.ts); a difference
// rolls the whole copy back.

/** Rows read from SQLite per page; each page is inserted in as few statements as PostgreSQL's parameter limit allows. */
const PAGE_ROWS = 1000;

/** PostgreSQL binds at most 65,535 parameters per statement. */
const POSTGRES_MAX_PARAMETERS = 65_535;

/** A copy that was not begun: the databases are not what a copy needs. Nothing was written. */
export class CopyRefusal extends Error {}

export interface TableComparison {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceSha256: string;
  targetSha256: string;
  match: boolean;
}

export interface CopyReport {
  /** The migrations applied to the target before the copy (none if it was migrated already). */
  migrated: string[];
  /** Each table, in the order copied (a table after those its foreign keys name). */
  tables: TableComparison[];
  /** The next id each identity column hands out. */
  identities: { table: string; column: string; next: number }[];
  /** True when every count and digest matched and the copy was committed; false: rolled back. */
  committed: boolean;
  seconds: number;
}

export interface CopyOptions {
  /** Rows per page (tests use a few to read across pages). */
  pageRows?: number;
  /** Progress, a line at a time. */
  log?: (line: string) => void;
}

/** Copies the SQLite file at `from` into the empty PostgreSQL database at `to`. */
export async function copySqliteToPostgres(from: string, to: string, options: CopyOptions = {}): Promise<CopyReport> {
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new CopyRefusal(`There is no SQLite database at ${from}.`);
  if (!isSqliteFile(from)) throw new CopyRefusal(`${from} is not a SQLite database.`);
  const snapshot = await openSnapshot({ path: from });
  const target = openPostgresDatabase(to, { maxConnections: 1 });
  try {
    return await copyDatabase(snapshot.db, target, { ...options, names: { source: from, target: describeLocation({ url: to }) } });
  } finally {
    await snapshot.close();
    await target.destroy();
  }
}

function isSqliteFile(file: string): boolean {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header.toString("latin1") === "SQLite format 3\0";
}

/** The migrations `db` has applied, refused unless exactly the ones this code knows for its dialect. */
async function checkMigrations(db: Kysely<DB>, name: string, applied: string[] | undefined, fix: string): Promise<void> {
  const known = knownMigrations(db);
  if (applied === undefined) throw new CopyRefusal(`${name} has no migrations table: it is not a Tinh Gọn database.`);
  const unknown = applied.filter((migration) => !known.includes(migration));
  if (unknown.length) throw new CopyRefusal(`${name} has migrations this code does not know (${unknown.join(", ")}): copy with the code that made them.`);
  const missing = known.filter((migration) => !applied.includes(migration));
  if (missing.length) throw new CopyRefusal(`${name} lacks migrations (${missing.join(", ")}): ${fix}`);
}

/**
 * The tables in an order that inserts every row after the rows its foreign keys name (PostgreSQL
 * checks each at once); a cycle cannot be copied table by table and is refused.
 */
async function insertOrder(target: Kysely<DB>, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ referencing: string; referenced: string }>`
    select conrelid::regclass::text as referencing, confrelid::regclass::text as referenced
    from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace`.execute(target);
  const needs = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { referencing, referenced } of rows) {
    if (referencing !== referenced && needs.has(referenced)) needs.get(referencing)?.add(referenced);
  }
  const order: string[] = [];
  while (needs.size) {
    const ready = [...needs].filter(([, before]) => [...before].every((table) => !needs.has(table))).map(([table]) => table).sort();
    if (!ready.length) throw new CopyRefusal(`The foreign keys of ${[...needs.keys()].join(", ")} form a cycle: they cannot be copied table by table.`);
    for (const table of ready) {
      order.push(table);
      needs.delete(table);
    }
  }
  return order;
}

/** What names a database in a message: the file, the address without its password. */
interface Names {
  source: string;
  target: string;
}

/**
 * Copies `source` (SQLite, read in one snapshot) into `target` (PostgreSQL). Refuses (CopyRefusal)
 * unless the source has exactly this code's migrations and the target holds no data; migrates an
 * unmigrated or older target first.
 */
export async function copyDatabase(source: Kysely<DB>, target: Kysely<DB>, options: CopyOptions & { names?: Names } = {}): Promise<CopyReport> {
  const started = performance.now();
  const names = options.names ?? { source: "The source", target: "The target" };
  const log = options.log ?? (() => undefined);
  const pageRows = options.pageRows ?? PAGE_ROWS;
  if (dialectOf(source) !== "sqlite" || dialectOf(target) !== "postgres") throw new CopyRefusal("A copy goes from SQLite to PostgreSQL.");

  await checkMigrations(source, names.source, await appliedMigrations(source), `migrate it first (DATABASE_PATH=${names.source} npm run db:migrate).`);
  const tables = await dataTables(source);

  const present = await allTables(target);
  const foreign = present.filter((table) => !tables.includes(table) && !isMachinery(target, table));
  if (foreign.length) throw new CopyRefusal(`${names.target} has tables that are not Tinh Gọn's (${foreign.join(", ")}): copy into an empty database.`);
  await refuseData(target, names.target, tables.filter((table) => present.includes(table)));
  const applied = await appliedMigrations(target);
  if (applied) {
    const unknown = applied.filter((migration) => !knownMigrations(target).includes(migration));
    if (unknown.length) throw new CopyRefusal(`${names.target} has migrations this code does not know (${unknown.join(", ")}).`);
  }
  const migrated = await migrateToLatest(target);
  if (migrated.length) log(`Migrated ${names.target}: ${migrated.join(", ")}`);
  await checkMigrations(target, names.target, await appliedMigrations(target), "it could not be migrated.");

  const targetTables = await dataTables(target);
  const missing = tables.filter((table) => !targetTables.includes(table));
  if (missing.length) throw new CopyRefusal(`${names.target} has no table for ${missing.join(", ")} of ${names.source}: the schemas differ.`);
  const extra = targetTables.filter((table) => !tables.includes(table));
  if (extra.length) throw new CopyRefusal(`${names.source} has no table for ${extra.join(", ")} of ${names.target}: the schemas differ.`);
  const shapes = new Map<string, TableShape>();
  for (const table of tables) shapes.set(table, await sameShape(source, target, table));
  const order = await insertOrder(target, tables);
  const highWater = await autoincrementHighWater(source);

  const copy = async (trx: Transaction<DB>) => {
    // no other writer meanwhile (a server started too early, a second copy); readers may read
    await sql`lock table ${sql.join(order.map((table) => sql.table(table)))} in exclusive mode`.execute(trx);
    await refuseData(trx, names.target, order);
    for (const table of order) {
      const shape = shapes.get(table)!;
      const copiedAt = performance.now();
      let rows = 0;
      for await (const page of tablePages(source, shape, pageRows)) {
        await insertRows(trx, shape, page);
        rows += page.length;
      }
      log(`${table}: ${rows} rows copied (${((performance.now() - copiedAt) / 1000).toFixed(1)} s)`);
    }
    const identities = await restartIdentities(trx, highWater);
    const compared: TableComparison[] = [];
    for (const table of order) {
      const shape = shapes.get(table)!;
      const [before, after] = [await tableDigest(source, shape, pageRows), await tableDigest(trx, shape, pageRows)];
      compared.push({ table, sourceRows: before.rows, targetRows: after.rows, sourceSha256: before.sha256, targetSha256: after.sha256, match: before.rows === after.rows && before.sha256 === after.sha256 });
    }
    const report = { migrated, tables: compared, identities, committed: true, seconds: 0 };
    // a difference undoes everything: the target is left as empty as it was found
    if (compared.some((table) => !table.match)) throw new CopyMismatch(report);
    return report;
  };

  let report: CopyReport;
  try {
    report = await target.transaction().execute(copy);
    // freshly loaded tables have no planner statistics yet
    await optimizeDatabase(target);
  } catch (error) {
    if (!(error instanceof CopyMismatch)) throw error;
    report = { ...error.report, committed: false };
  }
  return { ...report, seconds: (performance.now() - started) / 1000 };
}

class CopyMismatch extends Error {
  constructor(readonly report: CopyReport) {
    super("the copy differs from its source");
  }
}

/** Refuses a database any of whose `tables` holds a row. */
async function refuseData(db: Kysely<DB> | Transaction<DB>, name: string, tables: string[]): Promise<void> {
  const filled = (await rowCounts(db, tables)).filter((count) => count.rows > 0);
  if (filled.length) {
    const list = filled.map((count) => `${count.table} (${count.rows} rows)`).join(", ");
    throw new CopyRefusal(`${name} is not empty: ${list}. db:copy only copies into an empty database; nothing was written.`);
  }
}

/** The table's shape, the same on both databases (the columns PostgreSQL generates aside), or a refusal naming the difference. */
async function sameShape(source: Kysely<DB>, target: Kysely<DB>, table: string): Promise<TableShape> {
  const [from, to] = [await tableShape(source, table), await tableShape(target, table)];
  const onlyFrom = from.columns.filter((column) => !to.columns.includes(column));
  const onlyTo = to.columns.filter((column) => !from.columns.includes(column));
  if (onlyFrom.length || onlyTo.length) {
    throw new CopyRefusal(`${table} differs: ${[...onlyFrom.map((c) => `${c} only in the source`), ...onlyTo.map((c) => `${c} only in the target`)].join(", ")}.`);
  }
  if (from.primaryKey.join() !== to.primaryKey.join()) throw new CopyRefusal(`${table}'s primary key differs: (${from.primaryKey.join(", ")}) in the source, (${to.primaryKey.join(", ")}) in the target.`);
  return from;
}

/** Inserts one page, with the ids it has (an identity "by default" takes them; "always" would need the override too). */
async function insertRows(trx: Transaction<DB>, shape: TableShape, rows: unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(POSTGRES_MAX_PARAMETERS / shape.columns.length));
  const columns = sql.join(shape.columns.map((column) => sql.id(column)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    try {
      await sql`insert into ${sql.table(shape.table)} (${columns}) overriding system value values ${sql.join(slice.map((row) => sql`(${sql.join(row)})`))}`.execute(trx);
    } catch (error) {
      const key = (row: unknown[]) => shape.primaryKey.map((column) => String(row[shape.columns.indexOf(column)])).join("/");
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Copying ${shape.table} failed in the rows from ${key(slice[0]!)} to ${key(slice[slice.length - 1]!)}: ${message}`, { cause: error });
    }
  }
}

/** SQLite's AUTOINCREMENT high-water mark per table: ids once handed out, perhaps deleted since. */
async function autoincrementHighWater(source: Kysely<DB>): Promise<Map<string, number>> {
  if (!(await allTables(source)).includes("sqlite_sequence")) return new Map();
  const { rows } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(source);
  return new Map(rows.map((row) => [row.name, Number(row.seq)]));
}

/**
 * Sets every identity column to hand out ids past the highest copied and past SQLite's high-water
 * mark. ALTER … RESTART is transactional (setval is not), so a copy rolled back leaves no trace.
 */
async function restartIdentities(trx: Transaction<DB>, highWater: Map<string, number>): Promise<CopyReport["identities"]> {
  const { rows } = await sql<{ table: string; column: string }>`select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES' order by table_name`.execute(trx);
  const identities = [];
  for (const { table, column } of rows) {
    const { rows: highest } = await sql<{ n: number | null }>`select max(${sql.id(column)}) as n from ${sql.table(table)}`.execute(trx);
    const next = Math.max(Number(highest[0]?.n ?? 0), highWater.get(table) ?? 0) + 1;
    await sql`alter table ${sql.table(table)} alter column ${sql.id(column)} restart with ${sql.lit(next)}`.execute(trx);
    identities.push({ table, column, next });
  }
  return identities;
}
