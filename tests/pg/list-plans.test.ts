import { CompiledQuery, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { migratePostgresToLatest, openPostgresDatabase } from "~/db-postgres.server";
import { listProposals } from "~/models/proposal.server";
import { parseSearch, proposalMatches } from "~/models/search.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestPostgres } from "../support/postgres";
import { sharedTestPostgres } from "../support/run-postgres";

// How PostgreSQL reads a list at scale, where its planner and SQLite's choose differently.
// Codes start with their agency's code, so one agency's proposals sit together in the code index;
// PostgreSQL reckoned them spread evenly and read one agency's first page by walking the code
// index from the start, testing every earlier agency's proposal (136 ms for BYT at 100,000).

let server: TestPostgres;
let database: { url: string; drop(): Promise<void> };
let db: Kysely<DB>;

beforeAll(async () => {
  server = await sharedTestPostgres();
  database = await createTestDatabase(server);
  db = openPostgresDatabase(database.url, { maxConnections: 2 });
  await migratePostgresToLatest(db);
  await db
    .insertInto("agencies")
    .values(["BCA", "BTC", "BYT"].map((code) => ({ code, name_vi: `Bộ ${code}`, name_en: `Ministry ${code}`, kind: "ministry" as const })))
    .execute();
  // 18,000 proposals of the first two agencies, then 2,000 of the last, in code order as numbered
  await sql`insert into proposals (code, agency_id, original_agency_id, regulation_type, title, action, proposed_change, status, search_text, created_at, updated_at)
    select a.code || '-' || lpad(n::text, 5, '0'), a.id, a.id, 'other', 'Đề xuất ' || n, 'abolish', 'Bỏ', case when n % 3 = 0 then 'submitted' else 'draft' end,
      'de xuat ' || n, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'
    from agencies a, generate_series(1, 10000) n
    where a.code <> 'BYT' or n <= 2000`.execute(db);
  await sql`insert into legal_documents (number, number_key, doc_type, status, search_text)
    select n || '/2005/TT-BTC', n || '/2005/TT-BTC', 'circular', 'in_force', n || ' 2005 tt btc' from generate_series(10000, 12000) n`.execute(db);
  await sql`update proposals set source_document_id = (select id from legal_documents where number_key = '10042/2005/TT-BTC') where code in ('BCA-00001', 'BTC-00002')`.execute(db);
  await sql`analyze`.execute(db);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

/** PostgreSQL's plan for `statement`, as JSON text. */
async function plan(statement: string, parameters: readonly unknown[] = []): Promise<string> {
  const { rows } = await db.executeQuery<{ "QUERY PLAN": unknown }>(CompiledQuery.raw(`explain (format json) ${statement}`, [...parameters]));
  return JSON.stringify(rows[0]!["QUERY PLAN"]);
}

/** The indexes PostgreSQL's plan for `statement` reads. */
async function indexesRead(statement: string): Promise<string[]> {
  return [...(await plan(statement)).matchAll(/"Index Name":"([^"]+)"/g)].map((match) => match[1]!);
}

test("one agency's first page in code order is read from its own part of an index, not from the start of the code index", async () => {
  const byt = (await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow()).id;
  expect(await indexesRead(`select id from proposals where agency_id in (${byt}) order by code limit 25`)).toEqual(["proposals_agency_code"]);
  expect(await indexesRead(`select id from proposals where agency_id in (${byt}) and status = 'submitted' order by code limit 25`)).toEqual(["proposals_agency_code"]);

  const list = await listProposals(db, { agencies: [byt], status: "submitted", sort: "code", dir: "asc", page: 1 });
  expect(list.total).toBe(666);
  expect(list.rows.map((row) => row.code).slice(0, 3)).toEqual(["BYT-00003", "BYT-00006", "BYT-00009"]);
});

test("a search naming a document number counts its proposals from the indexes, not by reading every proposal", async () => {
  const search = parseSearch("10042/2005");
  const counted = db.selectFrom("proposals").where(proposalMatches(db, search)!).select((eb) => eb.fn.countAll<number>().as("total"));
  const compiled = counted.compile();
  // an OR of two subqueries was read by scanning the whole table, testing each row against both
  expect(await plan(compiled.sql, compiled.parameters)).not.toMatch(/"Seq Scan"[^}]*"Relation Name":"proposals"/);
  expect(Number((await counted.executeTakeFirstOrThrow()).total)).toBe(2);
});
