import { sql, type Kysely } from "kysely";

// Full-text search over the folded text the services keep in search_text (lower case, no
// diacritics, đ → d). FTS5 external-content tables read that column; triggers keep them in step
// with every insert, update and delete in the writer's own transaction, so an import that inserts
// rows with SQL is indexed (or rolled back) with them. `npm run search:rebuild` rebuilds both.
// unicode61 splits "15/2018/nd-cp" into 15, 2018, nd, cp; queries use the same split as phrases.
// Prefix indexes answer one- to three-letter prefixes ("t"*, "thu"*) without merging the lists of
// every word they start (14 ms → 2 ms for "t" at 100,000 proposals, for a quarter more index).

const TABLES = [
  { table: "proposals", index: "proposals_fts" },
  { table: "legal_documents", index: "legal_documents_fts" },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, index } of TABLES) {
    await sql
      .raw(
        `CREATE VIRTUAL TABLE ${index} USING fts5(search_text, content='${table}', content_rowid='id', ` +
          `tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${index}_insert AFTER INSERT ON ${table} BEGIN
          INSERT INTO ${index}(rowid, search_text) VALUES (new.id, new.search_text);
        END`,
      )
      .execute(db);
    // an external-content index deletes by the text it indexed, which is the old row's
    await sql
      .raw(
        `CREATE TRIGGER ${index}_delete AFTER DELETE ON ${table} BEGIN
          INSERT INTO ${index}(${index}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${index}_update AFTER UPDATE OF id, search_text ON ${table} BEGIN
          INSERT INTO ${index}(${index}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
          INSERT INTO ${index}(rowid, search_text) VALUES (new.id, new.search_text);
        END`,
      )
      .execute(db);
    await sql.raw(`INSERT INTO ${index}(${index}) VALUES ('rebuild')`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { index } of TABLES) {
    for (const trigger of ["insert", "delete", "update"]) await sql.raw(`DROP TRIGGER ${index}_${trigger}`).execute(db);
    await sql.raw(`DROP TABLE ${index}`).execute(db);
  }
}
