import { sql, type Kysely } from "kysely";

// Each history event an import's commit wrote names that import (events.import_id). Before, an
// import kept the range of event ids its commit wrote, which holds only while one writer at a
// time numbers events; with several app servers on PostgreSQL ids are handed out concurrently
// (issue 13). The ranges recorded so far become the events' import ids, then go.
//
// One migration for both databases: events are append-only, and the refusal is lifted for the
// backfill only, each database its own way.

function isPostgres(db: Kysely<any>): boolean {
  return sql`${0}`.compile(db).sql === "$1";
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema.alterTable("events").addColumn("import_id", "integer", (c) => c.references("imports.id")).execute();
  const backfill = sql`update events set import_id = (
      select imports.id from imports where events.id between imports.first_event_id and imports.last_event_id
    ) where exists (select 1 from imports where events.id between imports.first_event_id and imports.last_event_id)`;
  if (postgres) {
    await sql`alter table events disable trigger events_no_update`.execute(db);
    await backfill.execute(db);
    await sql`alter table events enable trigger events_no_update`.execute(db);
  } else {
    await sql`drop trigger events_no_update`.execute(db);
    await backfill.execute(db);
    await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
  }
  await db.schema.createIndex("events_import").on("events").column("import_id").where(sql.ref("import_id"), "is not", null).execute();
  await db.schema.dropIndex("imports_events").execute();
  await db.schema.alterTable("imports").dropColumn("first_event_id").execute();
  await db.schema.alterTable("imports").dropColumn("last_event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("imports").addColumn("first_event_id", "integer").execute();
  await db.schema.alterTable("imports").addColumn("last_event_id", "integer").execute();
  await sql`update imports set
      first_event_id = (select min(events.id) from events where events.import_id = imports.id),
      last_event_id = (select max(events.id) from events where events.import_id = imports.id)`.execute(db);
  await db.schema.createIndex("imports_events").on("imports").columns(["first_event_id", "last_event_id"]).execute();
  await db.schema.dropIndex("events_import").execute();
  await db.schema.alterTable("events").dropColumn("import_id").execute();
}
