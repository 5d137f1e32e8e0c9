import { sql, type Kysely } from "kysely";

// Implementation progress of approved proposals, kept in step by the services in the same
// transaction as every change that affects it ("overdue" depends on today, so it is derived
// at read time from this column and due_on).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("proposals")
    .addColumn("implementation_progress", "text", (c) =>
      c.check(sql`implementation_progress IN ('not_started', 'in_progress', 'implemented')`),
    )
    .execute();
  // the same rule as app/domain/implementation.ts, for rows written before this column existed
  await sql`
    UPDATE proposals SET implementation_progress = (
      WITH needed AS (
        SELECT a.stage FROM proposal_amendments pa JOIN amendments a ON a.id = pa.amendment_id
        WHERE pa.proposal_id = proposals.id AND a.stage <> 'cancelled'
      )
      SELECT CASE
        WHEN (SELECT count(*) FROM needed) = 0 THEN
          CASE WHEN proposals.no_amendment_reason IS NOT NULL THEN 'implemented' ELSE 'not_started' END
        WHEN (SELECT count(*) FROM needed WHERE stage <> 'in_force') = 0 THEN 'implemented'
        WHEN (SELECT count(*) FROM needed WHERE stage <> 'not_started') > 0 THEN 'in_progress'
        ELSE 'not_started'
      END
    )
    WHERE status = 'approved'`.execute(db);
  await db.schema
    .createIndex("proposals_implementation")
    .on("proposals")
    .columns(["implementation_progress", "due_on"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("proposals_implementation").execute();
  await db.schema.alterTable("proposals").dropColumn("implementation_progress").execute();
}
