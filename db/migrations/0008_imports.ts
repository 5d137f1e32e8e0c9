import { sql, type Kysely } from "kysely";

// Spreadsheet imports of proposals. An upload is staged (the file kept until it is confirmed or
// discarded), then committed in one transaction; the import remembers the range of history
// events its commit wrote, so each of those events can name the import. Each link between a
// proposal and an amendment keeps the provisions that proposal needs amended, so a plan's
// "Điều, khoản cần sửa đổi" survives an export and an import unchanged.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("imports")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("actor_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("file_size", "integer", (c) => c.notNull())
    // the uploaded bytes while staged; cleared once committed or discarded
    .addColumn("file", "blob")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('staged', 'committed', 'discarded')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("committed_at", "text")
    // the last dry run or commit report (JSON, see app/services/import/import.server.ts)
    .addColumn("report", "text")
    .addColumn("new_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unchanged_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_event_id", "integer")
    .addColumn("last_event_id", "integer")
    .execute();
  await db.schema.createIndex("imports_actor").on("imports").columns(["actor_id", "id"]).execute();
  await db.schema.createIndex("imports_events").on("imports").columns(["first_event_id", "last_event_id"]).execute();

  await db.schema.alterTable("proposal_amendments").addColumn("provisions", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposal_amendments").dropColumn("provisions").execute();
  await db.schema.dropTable("imports").execute();
}
