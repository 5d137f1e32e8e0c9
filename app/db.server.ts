import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, type Transaction } from "kysely";
import { migrations } from "../db/migrations";
import type { DB } from "../db/types";
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
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
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
  instance ??= openDatabase(env().DATABASE_PATH);
  return instance;
}

/** Runs fn in a transaction, joining the caller's if there is one: a use case is all or nothing. */
export function inTransaction<T>(executor: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return executor.isTransaction ? fn(executor as Transaction<DB>) : executor.transaction().execute(fn);
}
