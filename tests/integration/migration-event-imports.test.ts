import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { migrateToLatest, migrationsFor } from "~/db.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";

// 0015: the history events an import's commit wrote name it (events.import_id) instead of the
// import keeping their range of ids, on SQLite and on PostgreSQL (`npm run test:pg`). A database
// written before it keeps every event, each of an import's now naming it, and stays append-only.

let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  db = database.open();
  const names = Object.keys(migrationsFor(db)).sort();
  const previous = names[names.indexOf("0015_event_imports") - 1]!;
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrationsFor(db) } }).migrateTo(previous);
  if (error) throw error;
  // as the code before 0015 wrote them: two imports with the ranges of events their commits wrote
  await sql`insert into agencies (code, name_vi, name_en, kind) values ('BYT', 'Bộ Y tế', 'Ministry of Health', 'ministry')`.execute(db);
  await sql`insert into users (email, name, role, password_hash) values ('a@tinhgon.local', 'A', 'admin', 'x')`.execute(db);
  const event = (action: string) =>
    sql`insert into events (at, actor_id, entity_type, entity_id, action) values ('2026-01-01T00:00:00.000Z', 1, 'proposal', 1, ${action})`.execute(db);
  await event("by hand");
  await event("first import");
  await event("first import");
  await event("by hand");
  await event("second import");
  const imports = [
    [1, 2, 3],
    [2, 5, 5],
  ];
  for (const [id, first, last] of imports) {
    await sql`insert into imports (id, actor_id, file_name, file_sha256, file_size, status, created_at, first_event_id, last_event_id)
      values (${id}, 1, 'ke-hoach.csv', 'x', 1, 'committed', '2026-01-01T00:00:00.000Z', ${first}, ${last})`.execute(db);
  }
  await migrateToLatest(db);
});

afterAll(async () => {
  await database?.remove();
});

test("each event an import's commit wrote names that import; the others name none", async () => {
  const events = await db.selectFrom("events").select(["id", "action", "import_id"]).orderBy("id").execute();
  expect(events).toEqual([
    { id: 1, action: "by hand", import_id: null },
    { id: 2, action: "first import", import_id: 1 },
    { id: 3, action: "first import", import_id: 1 },
    { id: 4, action: "by hand", import_id: null },
    { id: 5, action: "second import", import_id: 2 },
  ]);
});

test("the ranges are gone and the history is still append-only", async () => {
  const record = await db.selectFrom("imports").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  expect(record).not.toHaveProperty("first_event_id");
  expect(record).not.toHaveProperty("last_event_id");
  await expect(db.updateTable("events").set({ import_id: null }).where("id", "=", 2).execute()).rejects.toThrow(/append-only/);
  await expect(db.deleteFrom("events").where("id", "=", 1).execute()).rejects.toThrow(/append-only/);
});
