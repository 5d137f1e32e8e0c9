import type { Kysely } from "kysely";

// A decision's page lists each agency's first proposals in code order: one index seek each.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("proposals_decision_agency").on("proposals").columns(["decision_id", "agency_id", "code"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("proposals_decision_agency").execute();
}
