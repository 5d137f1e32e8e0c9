import { sql, type Kysely } from "kysely";

// A bulk writer may index its new rows in the full-text indexes itself, once, before it commits.
// FTS5 writes its pending terms out at the end of every statement that touches an index, so an
// import inserting 50,000 proposals one statement at a time wrote 50,000 tiny segments and merged
// them (about 5 s of SQLite's time for 20,000 rows, against 0.2 s for one INSERT … SELECT). While
// `search_index_deferred` holds a row, which only the writer's own transaction ever sees (it is
// deleted before that transaction commits), the insert triggers leave new rows to that writer
// (app/models/search.server.ts: deferSearchIndexing, indexDeferredRows). Updates and deletes are
// indexed by their triggers as before.

const TABLES = [
  { table: "proposals", index: "proposals_fts" },
  { table: "legal_documents", index: "legal_documents_fts" },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE search_index_deferred (id INTEGER PRIMARY KEY)`.execute(db);
  for (const { table, index } of TABLES) {
    await sql.raw(`DROP TRIGGER ${index}_insert`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${index}_insert AFTER INSERT ON ${table} WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred) BEGIN
          INSERT INTO ${index}(rowid, search_text) VALUES (new.id, new.search_text);
        END`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table, index } of TABLES) {
    await sql.raw(`DROP TRIGGER ${index}_insert`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${index}_insert AFTER INSERT ON ${table} BEGIN
          INSERT INTO ${index}(rowid, search_text) VALUES (new.id, new.search_text);
        END`,
      )
      .execute(db);
  }
  await sql`DROP TABLE search_index_deferred`.execute(db);
}
