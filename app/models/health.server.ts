import { sql } from "kysely";
import { knownMigrations, type Executor } from "~/db.server";

export interface DatabaseHealth {
  database: "ok" | "error";
  /** Migrations applied, and those this code knows that the database has not applied yet. */
  migrations: number;
  pending: string[];
  /** The database answers and has every migration this code needs: requests may be served. */
  ready: boolean;
}

/** Whether the database answers and is migrated as far as this code expects (the health checks' figures). */
export async function databaseHealth(db: Executor): Promise<DatabaseHealth> {
  const row = await sql<{ ok: number }>`select 1 as ok`.execute(db);
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((migration) => migration.name));
  const pending = knownMigrations(db).filter((name) => !applied.has(name));
  const database = row.rows[0]?.ok === 1 ? "ok" : "error";
  return { database, migrations: applied.size, pending, ready: database === "ok" && pending.length === 0 };
}
