import { sql } from "kysely";
import type { Executor } from "~/db.server";

/** Whether the database answers, and how many migrations it has applied (the health check's figures). */
export async function databaseHealth(db: Executor): Promise<{ database: "ok" | "error"; migrations: number }> {
  const row = await sql<{ ok: number }>`select 1 as ok`.execute(db);
  const migrations = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(db);
  return { database: row.rows[0]?.ok === 1 ? "ok" : "error", migrations: migrations.rows[0]?.n ?? 0 };
}
