import { sql } from "kysely";
import { db } from "~/db.server";

export async function loader() {
  try {
    const row = await sql<{ ok: number }>`select 1 as ok`.execute(db());
    const migrations = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(db());
    return Response.json(
      { status: "ok", database: row.rows[0]?.ok === 1 ? "ok" : "error", migrations: migrations.rows[0]?.n ?? 0 },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ status: "error", database: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
