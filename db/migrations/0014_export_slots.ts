import type { Kysely } from "kysely";

// A list export under way holds a slot of its user: at most EXPORT_LIMIT_PER_USER at once, counted
// across every server process (one per core, all on this file). A slot is claimed as the export
// starts, its heartbeat refreshed while it streams, deleted when it ends or the client goes away;
// one whose heartbeat stopped (its process was killed) is stale and no longer counts.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("export_slots")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("heartbeat_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("export_slots_user").on("export_slots").columns(["user_id", "heartbeat_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("export_slots").execute();
}
