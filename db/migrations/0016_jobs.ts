import { sql, type Kysely } from "kysely";

// The job queue (issue 13): long jobs (an import's commit, the day's effective dates; later
// reminders and mail) are rows that any app server's runner may claim, one runner each, and
// that a server taking over a dead one's job finds by its stale heartbeat. A job that must run
// once per something has a key ("import-commit:42", "effective-dates:2026-12-06"): asking again
// finds the same job. Times are ISO-8601 UTC text, as everywhere, so they compare as text.
//
// One migration for both databases; only the id column is written each database's way. The table
// gets no data_version trigger on PostgreSQL: no cached figure reads it, and a runner's writes
// must not empty the read caches.

function isPostgres(db: Kysely<any>): boolean {
  return sql`${0}`.compile(db).sql === "$1";
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema
    .createTable("jobs")
    .addColumn("id", "integer", (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.unique())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("run_after", "text", (c) => c.notNull())
    .addColumn("locked_by", "text")
    .addColumn("heartbeat_at", "text")
    .addColumn("result", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("jobs_status_run_after").on("jobs").columns(["status", "run_after"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("jobs").execute();
}
