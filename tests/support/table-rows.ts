import { sql, type Kysely } from "kysely";
import { dialectOf } from "~/db.server";
import type { DB } from "../../db/types";

// Every table's rows, read plainly on either database, for tests that hold two databases equal
// after a copy, a backup or a restore, or one database unchanged by a refused write (issue 13).
// Read here with SQL of the tests' own, not with app/db-contents.server.ts, which the commands
// under test use themselves.

/** The ordinary tables of the database: on SQLite without FTS5's tables and SQLite's own; on PostgreSQL every base table. */
export async function tableNames(db: Kysely<DB>): Promise<string[]> {
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
    return rows.map((row) => row.name).sort();
  }
  const { rows } = await sql<{ name: string }>`select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL TABLE%'
    and name not in (select m.name || suffix from sqlite_schema m, (select '_data' as suffix union all select '_idx' union all select '_docsize' union all select '_config' union all select '_content')
                     where m.sql like 'CREATE VIRTUAL TABLE%')`.execute(db);
  return rows.map((row) => row.name).sort();
}

/** The tables the app's data is in: all but the migrator's, SQLite's deferred search index and PostgreSQL's data version counter. */
export async function appTableNames(db: Kysely<DB>): Promise<string[]> {
  const machinery = ["kysely_migration", "kysely_migration_lock", "search_index_deferred", "data_version"];
  return (await tableNames(db)).filter((name) => !machinery.includes(name));
}

/** Every row of `table`, sorted (by their JSON, the same order on both databases), without PostgreSQL's generated search vectors. */
export async function tableRows(db: Kysely<DB>, table: string): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  const plain = rows.map(({ search_vector: _vector, ...row }) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
  const keyed = plain.map((row) => [JSON.stringify(row), row] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([, row]) => row);
}

/** Every app table's rows, by table. */
export async function allTableRows(db: Kysely<DB>, tables?: string[]): Promise<Record<string, Record<string, unknown>[]>> {
  const names = tables ?? (await appTableNames(db));
  const all: Record<string, Record<string, unknown>[]> = {};
  for (const table of names) all[table] = await tableRows(db, table);
  return all;
}

/** Makes every insert into `table` fail with `message` (a trigger named `name`), each database in its own syntax. */
export async function failInserts(db: Kysely<DB>, table: string, name: string, message: string): Promise<void> {
  if (dialectOf(db) === "postgres") {
    await sql`create function ${sql.id(name)}() returns trigger language plpgsql as ${sql.lit(`begin raise exception '${message}'; end`)}`.execute(db);
    await sql`create trigger ${sql.id(name)} before insert on ${sql.table(table)} for each row execute function ${sql.id(name)}()`.execute(db);
  } else {
    await sql`create trigger ${sql.id(name)} before insert on ${sql.table(table)} begin select raise(abort, ${sql.lit(message)}); end`.execute(db);
  }
}

/** Removes failInserts' trigger `name` from `table`. */
export async function allowInserts(db: Kysely<DB>, table: string, name: string): Promise<void> {
  if (dialectOf(db) === "postgres") {
    await sql`drop trigger if exists ${sql.id(name)} on ${sql.table(table)}`.execute(db);
    await sql`drop function if exists ${sql.id(name)}()`.execute(db);
  } else {
    await sql`drop trigger if exists ${sql.id(name)}`.execute(db);
  }
}
