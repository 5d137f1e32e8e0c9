import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tableDigest, tableShape } from "~/db-contents.server";
import { copyDatabase, CopyRefusal } from "~/db-copy.server";
import { migrateToLatest, openDatabase, openSnapshot } from "~/db.server";
import { openPostgresDatabase } from "~/db-postgres.server";
import { globalSearch } from "~/models/search.server";
import { migrations } from "../../db/migrations";
import { seedDemoData } from "../../db/seed";
import type { DB } from "../../db/types";
import { runScriptWith } from "../support/cli";
import { createTestDatabase, startTestPostgres, type TestPostgres } from "../support/postgres";
import { allTableRows, appTableNames } from "../support/table-rows";

// `npm run db:copy` (issue 13): the demo database, made on SQLite, copied into an empty
// PostgreSQL database: every table's rows with their ids, the identities set past them so the
// app's next insert works, search answering from the generated vectors; a target that holds data,
// a source behind or ahead of this code's migrations and a foreign table refused, writing nothing.

let server: TestPostgres;
let folder: string;
let sourceFile: string;
let sqlite: Kysely<DB>;
const targets: { url: string; drop(): Promise<void> }[] = [];
const opened: Kysely<DB>[] = [];

/**
 * An empty database on the test server. `icu`: one whose text sorts by ICU's root collation
 * ("a" < "B" < "é" < "z"), unlike SQLite's bytes, as a server set up in a real locale sorts it.
 */
async function newTarget(options: { icu?: boolean } = {}): Promise<{ url: string; db: Kysely<DB> }> {
  const name = `tinhgon_copy_${process.pid}_${targets.length}`;
  let target: { url: string; drop(): Promise<void> };
  if (options.icu) {
    const admin = openPostgresDatabase(server.url, { maxConnections: 1 });
    try {
      await sql`create database ${sql.id(name)} template template0 locale_provider icu icu_locale 'und' locale 'C.utf8'`.execute(admin);
    } finally {
      await admin.destroy();
    }
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    target = {
      url: url.toString(),
      async drop() {
        const admin = openPostgresDatabase(server.url, { maxConnections: 1 });
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin).finally(() => admin.destroy());
      },
    };
  } else {
    target = await createTestDatabase(server, name);
  }
  targets.push(target);
  const db = openPostgresDatabase(target.url, { maxConnections: 2 });
  opened.push(db);
  return { url: target.url, db };
}

/** A SQLite file of the test's own under the folder, migrated by `prepare`. */
async function sqliteFile(name: string, prepare: (db: Kysely<DB>) => Promise<void>): Promise<string> {
  const file = path.join(folder, name);
  const db = openDatabase(file);
  try {
    await prepare(db);
  } finally {
    await db.destroy();
  }
  return file;
}

beforeAll(async () => {
  server = await startTestPostgres();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-copy-"));
  sourceFile = await sqliteFile("demo.db", async (db) => {
    await migrateToLatest(db);
    await seedDemoData(db, { password: "mat-khau-sao-chep-2025" });
    // sessions: the one table keyed by text; ids whose order differs by case, accents and length
    const at = new Date().toISOString();
    const ids = ["a", "B", "ab", "Ab", "é", "e", "z", "Z", "đ", "0", "a0", "~"];
    await db.insertInto("sessions").values(ids.map((id) => ({ id, user_id: 1, created_at: at, last_seen_at: at, expires_at: at }))).execute();
  });
  sqlite = openDatabase(sourceFile);
});

afterAll(async () => {
  for (const db of opened) await db.destroy();
  await sqlite?.destroy();
  for (const target of targets) await target.drop();
  server?.stop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

async function dataVersion(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select coalesce(sum(n), 0) as n from data_version`.execute(db);
  return rows[0]!.n;
}

describe("npm run db:copy", () => {
  let target: { url: string; db: Kysely<DB> };

  test("copies the demo database into an empty, unmigrated PostgreSQL database: every table's rows, ids included; prints each table's counts and checksum", async () => {
    target = await newTarget();
    const run = await runScriptWith("db-copy.ts", {}, ["--from", sourceFile, "--to", target.url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Migrated postgres:\/\/.*: 0001_0014_baseline/m);
    const tables = await appTableNames(sqlite);
    for (const table of tables) expect(run.stdout).toMatch(new RegExp(`^${table} +\\d+ +\\d+ +[0-9a-f]{16} +match$`, "m"));
    expect(run.stdout).toMatch(/every table matches\.\nNext ids: .*proposals 301/);

    expect(await appTableNames(target.db)).toEqual(tables);
    const [before, after] = [await allTableRows(sqlite, tables), await allTableRows(target.db, tables)];
    for (const table of tables) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    expect(after.proposals).toHaveLength(300);
    expect(after.events!.length).toBeGreaterThan(1000);
  });

  test("afterwards the app inserts on PostgreSQL: each identity hands out the next id", async () => {
    const { max } = await target.db.selectFrom("proposals").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
    const proposal = await sqlite.selectFrom("proposals").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
    const { id: _id, search_text: _text, created_at: _created, updated_at: _updated, version: _version, ...fields } = proposal;
    const { id } = await target.db
      .insertInto("proposals")
      .values({ ...fields, code: "BYT-9999", search_text: "de xuat moi sau khi sao chep" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(id).toBe(Number(max) + 1);
    const event = await target.db
      .insertInto("events")
      .values({ at: new Date().toISOString(), entity_type: "proposal", entity_id: id, action: "create" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const events = await sqlite.selectFrom("events").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
    expect(event.id).toBe(Number(events.max) + 1);
  });

  test("search answers on PostgreSQL as on SQLite, from the copied folded texts", async () => {
    for (const words of ["giấy phép", "nd-cp", "kiểm tra chuyên ngành"]) {
      const [lite, post] = [await globalSearch(sqlite, words), await globalSearch(target.db, words)];
      expect({ words, proposals: post.proposals.total, documents: post.documents.total }).toEqual({ words, proposals: lite.proposals.total, documents: lite.documents.total });
    }
  });

  test("refuses a target that holds data, with exit status 1 and the tables named, and leaves it unchanged", async () => {
    const tables = await appTableNames(target.db);
    const [rows, version] = [await allTableRows(target.db, tables), await dataVersion(target.db)];
    const run = await runScriptWith("db-copy.ts", {}, ["--from", sourceFile, "--to", target.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/tinhgon_copy_\d+_0 is not empty: agencies \(24 rows\), .*proposals \(301 rows\).*\. db:copy only copies into an empty database; nothing was written\.\n$/);
    expect(await allTableRows(target.db, tables)).toEqual(rows);
    expect(await dataVersion(target.db)).toBe(version);
  });

  test("copies into a migrated, empty target page by page (composite keys, and text keys in a database that sorts text its own way), each table's digest equal", async () => {
    const migrated = await newTarget({ icu: true });
    await migrateToLatest(migrated.db);
    const snapshot = await openSnapshot({ path: sourceFile });
    try {
      const report = await copyDatabase(snapshot.db, migrated.db, { pageRows: 7 });
      expect(report.committed).toBe(true);
      expect(report.migrated).toEqual([]);
      expect(report.tables.every((table) => table.match && table.sourceRows === table.targetRows)).toBe(true);
      // a table is copied after those its rows point to
      const order = report.tables.map((table) => table.table);
      expect(order.indexOf("agencies")).toBeLessThan(order.indexOf("users"));
      expect(order.indexOf("proposals")).toBeLessThan(order.indexOf("proposal_amendments"));
      expect(order.indexOf("amendments")).toBeLessThan(order.indexOf("proposal_amendments"));
      expect(report.identities.find((identity) => identity.table === "proposals")?.next).toBe(301);
    } finally {
      await snapshot.close();
    }
    const tables = await appTableNames(sqlite);
    expect(await allTableRows(migrated.db, tables)).toEqual(await allTableRows(sqlite, tables));

    // the digest sees a change of one value in one row
    const shape = await tableShape(sqlite, "proposals");
    const digest = await tableDigest(migrated.db, shape);
    expect(digest).toEqual(await tableDigest(sqlite, shape));
    await migrated.db.updateTable("proposals").set({ title: "Tiêu đề đã đổi" }).where("id", "=", 7).execute();
    const changed = await tableDigest(migrated.db, shape);
    expect(changed.rows).toBe(digest.rows);
    expect(changed.sha256).not.toBe(digest.sha256);
  });

  test("a copy that differs from its source is rolled back whole: the table named, exit status 1, the target left empty", async () => {
    const altered = await newTarget();
    await migrateToLatest(altered.db);
    // why: something between the two databases changes a value on its way in (here a trigger)
    await sql`create function shout() returns trigger language plpgsql as $$ begin new.name_en := upper(new.name_en); return new; end $$`.execute(altered.db);
    await sql`create trigger agencies_shout before insert on agencies for each row execute function shout()`.execute(altered.db);
    const run = await runScriptWith("db-copy.ts", {}, ["--from", sourceFile, "--to", altered.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^agencies +24 +24 +[0-9a-f]{16} +DIFFERS \(target [0-9a-f]{16}\)$/m);
    expect(run.stdout).toMatch(/^proposals +300 +300 +[0-9a-f]{16} +match$/m);
    expect(run.stderr).toBe(`The copy differs from ${sourceFile} in agencies: rolled back, nothing was committed.\n`);
    const tables = await appTableNames(altered.db);
    expect(Object.values(await allTableRows(altered.db, tables)).flat()).toEqual([]);
    const { max } = await altered.db.selectFrom("agencies").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
    expect(max).toBeNull();
    await sql`drop trigger agencies_shout on agencies`.execute(altered.db);
    const { id } = await altered.db.insertInto("agencies").values({ code: "MOI", name_vi: "Bộ Mới", name_en: "New Ministry", kind: "ministry" }).returning("id").executeTakeFirstOrThrow();
    // the identities' restart was rolled back with the rest
    expect(id).toBe(1);
  });

  test("refuses a source behind this code's migrations, and one ahead of it; the target stays empty", async () => {
    const names = Object.keys(migrations).sort();
    const behind = await sqliteFile("behind.db", async (db) => {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error } = await migrator.migrateTo(names[names.length - 2]!);
      if (error) throw error;
    });
    const ahead = await sqliteFile("ahead.db", async (db) => {
      await migrateToLatest(db);
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(db);
    });
    const empty = await newTarget();
    for (const [file, message] of [
      [behind, new RegExp(`lacks migrations \\(${names.at(-1)}\\): migrate it first \\(DATABASE_PATH=.*behind\\.db npm run db:migrate\\)\\.`)],
      [ahead, /has migrations this code does not know \(9999_from_the_future\)/],
    ] as const) {
      const snapshot = await openSnapshot({ path: file });
      try {
        await expect(copyDatabase(snapshot.db, empty.db, { names: { source: file, target: "target" } })).rejects.toThrow(message);
        await expect(copyDatabase(snapshot.db, empty.db)).rejects.toBeInstanceOf(CopyRefusal);
      } finally {
        await snapshot.close();
      }
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(empty.db);
    expect(rows[0]!.n).toBe(0);

    const run = await runScriptWith("db-copy.ts", {}, ["--from", path.join(folder, "missing.db"), "--to", empty.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`There is no SQLite database at ${path.join(folder, "missing.db")}.\n`);
  });

  test("refuses a target with tables that are not the app's", async () => {
    const foreign = await newTarget();
    await sql`create table invoices (id integer primary key)`.execute(foreign.db);
    const snapshot = await openSnapshot({ path: sourceFile });
    try {
      await expect(copyDatabase(snapshot.db, foreign.db, { names: { source: "demo.db", target: "the target" } })).rejects.toThrow(
        "the target has tables that are not Tinh Gọn's (invoices): copy into an empty database.",
      );
    } finally {
      await snapshot.close();
    }
  });
});
