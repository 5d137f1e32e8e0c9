import { sql, type Kysely } from "kysely";

// Sorting proposals by the yearly cost they save: an index on the same expression the list
// orders by (savingVnd in app/models/scope.server.ts), with the id that breaks ties.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX proposals_saving ON proposals(
    (case when cost_before_vnd is null then 0 else cost_before_vnd - coalesce(cost_after_vnd, 0) end), id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("proposals_saving").execute();
}
