import { sql, type Kysely } from "kysely";

// What the steering committee's view needs: when each proposal was implemented, the agencies'
// baselines for the 20% targets, and immutable meeting snapshots.

export async function up(db: Kysely<any>): Promise<void> {
  // the day the last amending document it waited for took effect; kept with implementation_progress
  await db.schema.alterTable("proposals").addColumn("implemented_on", "text").execute();
  await sql`
    UPDATE proposals SET implemented_on = (
      SELECT max(d.effective_on) FROM proposal_amendments pa
      JOIN amendments a ON a.id = pa.amendment_id
      JOIN legal_documents d ON d.id = a.amending_document_id
      WHERE pa.proposal_id = proposals.id AND a.stage = 'in_force'
    )
    WHERE implementation_progress = 'implemented'`.execute(db);
  await db.schema.createIndex("proposals_implemented_on").on("proposals").column("implemented_on").execute();

  await db.schema
    .createTable("agency_baselines")
    .addColumn("agency_id", "integer", (c) => c.primaryKey().references("agencies.id"))
    .addColumn("baseline_on", "text", (c) => c.notNull())
    .addColumn("regulations", "integer", (c) => c.notNull().check(sql`regulations > 0`))
    .addColumn("yearly_cost_vnd", "integer", (c) => c.notNull().check(sql`yearly_cost_vnd > 0`))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("snapshots")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("held_on", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    // the frozen figures (JSON): overall, per agency and per decision, as computed then
    .addColumn("figures", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("snapshots_held_on").on("snapshots").columns(["held_on", "id"]).execute();
  await sql`CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
    BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END`.execute(db);
  await sql`CREATE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots
    BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("snapshots").execute();
  await db.schema.dropTable("agency_baselines").execute();
  await db.schema.dropIndex("proposals_implemented_on").execute();
  await db.schema.alterTable("proposals").dropColumn("implemented_on").execute();
}
