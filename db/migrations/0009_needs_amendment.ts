import { sql, type Kysely, type RawBuilder } from "kysely";

// A fourth stored implementation progress, `needs_amendment`: an approved proposal left with no
// amendment to carry it out (those linked cancelled or unlinked) and no reason why none is
// needed waits for a new amendment or that reason (it read "not started", overdue forever). SQLite cannot change
// a column's CHECK in place, and the column is derived data (README decision 10), so it is
// dropped with the two indexes that cover it and added again under the new CHECK, recomputed
// by the rule of app/domain/implementation.ts as it stands here, and indexed as before.

async function createIndexes(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("proposals_implementation").on("proposals").columns(["implementation_progress", "due_on"]).execute();
  await db.schema
    .createIndex("proposals_figures")
    .on("proposals")
    .columns(["status", "agency_id", "decision_id", "implementation_progress", "due_on", "regulation_type", "cost_before_vnd", "cost_after_vnd"])
    .execute();
}

async function replaceColumn(db: Kysely<any>, values: readonly string[], progress: RawBuilder<unknown>): Promise<void> {
  await db.schema.dropIndex("proposals_figures").execute();
  await db.schema.dropIndex("proposals_implementation").execute();
  await db.schema.alterTable("proposals").dropColumn("implementation_progress").execute();
  await db.schema
    .alterTable("proposals")
    .addColumn("implementation_progress", "text", (c) =>
      c.check(sql`implementation_progress IN (${sql.join(values.map((value) => sql.lit(value)))})`),
    )
    .execute();
  await sql`UPDATE proposals SET implementation_progress = (${progress}) WHERE status = 'approved'`.execute(db);
  await createIndexes(db);
}

/** Whether the proposal being updated has a linked amendment whose stage meets the condition. */
const linked = (stage: RawBuilder<unknown>) =>
  sql`EXISTS (SELECT 1 FROM proposal_amendments pa JOIN amendments a ON a.id = pa.amendment_id
    WHERE pa.proposal_id = proposals.id AND ${stage})`;
const reason = sql`coalesce(proposals.no_amendment_reason, '') <> ''`;
const notCancelled = linked(sql`a.stage <> 'cancelled'`);
const allInForce = sql`NOT ${linked(sql`a.stage NOT IN ('cancelled', 'in_force')`)}`;
const started = linked(sql`a.stage NOT IN ('cancelled', 'not_started')`);

export async function up(db: Kysely<any>): Promise<void> {
  await replaceColumn(
    db,
    ["not_started", "in_progress", "needs_amendment", "implemented"],
    sql`CASE
      WHEN NOT ${notCancelled} THEN
        CASE WHEN ${reason} THEN 'implemented' ELSE 'needs_amendment' END
      WHEN ${allInForce} THEN 'implemented'
      WHEN ${started} THEN 'in_progress'
      ELSE 'not_started'
    END`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  // before this migration, such a proposal read "not started"
  await replaceColumn(
    db,
    ["not_started", "in_progress", "implemented"],
    sql`CASE
      WHEN NOT ${notCancelled} THEN CASE WHEN ${reason} THEN 'implemented' ELSE 'not_started' END
      WHEN ${allInForce} THEN 'implemented'
      WHEN ${started} THEN 'in_progress'
      ELSE 'not_started'
    END`,
  );
}
