import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "~/domain/dates";
import { AMENDMENT_STAGES } from "~/domain/vocabulary";
import { seedDemoData, seedDemoDataIfEmpty } from "../../db/seed";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";

const PASSWORD = "demo-password-for-tests";

async function contentHash(db: Kysely<DB>): Promise<string> {
  const hash = createHash("sha256");
  for (const query of [
    sql`select code, agency_id, title, status, decision_id, due_on, cost_before_vnd, cost_after_vnd from proposals order by code`,
    sql`select legal_document_id, agency_id, stage, deadline, amending_document_id from amendments order by id`,
    sql`select number_key, title, status from legal_documents order by number_key`,
    sql`select proposal_id, amendment_id from proposal_amendments order by 1, 2`,
    sql`select email, role, agency_id from users order by email`,
  ]) {
    hash.update(JSON.stringify((await query.execute(db)).rows));
  }
  return hash.digest("hex");
}

describe("demo data", () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let db: Kysely<DB>;
  /** The moment the demo finished loading: nothing it wrote may be later. */
  let loaded: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    db = first.open();
    await seedDemoData(db, { password: PASSWORD });
    loaded = new Date().toISOString();
  });
  afterAll(async () => {
    await first.remove();
    await second.remove();
  });

  it("is the same on every run", async () => {
    const other = second.open();
    await seedDemoData(other, { password: PASSWORD });
    expect(await contentHash(other)).toBe(await contentHash(db));
  });

  it("holds the volumes the demo promises", async () => {
    const count = async (table: keyof DB) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    expect(await count("proposals")).toBeGreaterThanOrEqual(280);
    expect(await count("amendments")).toBeGreaterThanOrEqual(110);
    expect(await count("legal_documents")).toBeGreaterThanOrEqual(75);
    const agencies = await db.selectFrom("proposals").select("agency_id").distinct().execute();
    expect(agencies.length).toBeGreaterThanOrEqual(10);
  });

  it("has amendments in every stage, some of them overdue", async () => {
    const stages = await db.selectFrom("amendments").select("stage").distinct().execute();
    expect(stages.map((row) => row.stage).sort()).toEqual([...AMENDMENT_STAGES].sort());
    const overdue = await db
      .selectFrom("amendments")
      .select("id")
      .where("deadline", "<", todayIso())
      .where("stage", "not in", ["in_force", "cancelled"])
      .execute();
    expect(overdue.length).toBeGreaterThan(0);
  });

  it("includes the sample plan and decision 1015/QĐ-TTg", async () => {
    const decision = await db.selectFrom("decisions").select("number").where("number", "=", "1015/QĐ-TTg").executeTakeFirst();
    expect(decision).toBeDefined();
    const sample = await db.selectFrom("proposals").select(["code", "title"]).where("code", "=", "BYT-0001").executeTakeFirstOrThrow();
    expect(sample.title).toContain("an toàn thực phẩm");
  });

  it("creates one account per role and an officer per active agency with proposals", async () => {
    const users = await db.selectFrom("users").leftJoin("agencies", "agencies.id", "users.agency_id").select(["email", "role", "agencies.code"]).execute();
    const emails = users.map((user) => user.email);
    expect(emails).toEqual(expect.arrayContaining(["admin@tinhgon.local", "reviewer@tinhgon.local", "viewer@tinhgon.local", "officer.bkhdt@tinhgon.local", "officer.byt@tinhgon.local"]));
    // the officers of the agencies merged away in 2025 moved to the main successor (officer.bkhdt to BTC)
    expect(users.find((user) => user.email === "officer.bkhdt@tinhgon.local")?.code).toBe("BTC");
    const withProposals = await db
      .selectFrom("proposals")
      .innerJoin("agencies", "agencies.id", "proposals.agency_id")
      .select("agencies.code")
      .where("agencies.active_to", "is", null)
      .distinct()
      .execute();
    for (const { code } of withProposals) {
      expect(users.some((user) => user.role === "officer" && user.code === code)).toBe(true);
    }
  });

  it("dates each step when it happened: an approval under 1015/QĐ-TTg after its signing, years before today", async () => {
    const { rows } = await sql<{ code: string; at: string; signed_on: string }>`
      select p.code, e.at, d.signed_on from events e
      join proposals p on e.entity_type = 'proposal' and e.entity_id = p.id
      join decisions d on d.id = p.decision_id
      where d.number = '1015/QĐ-TTg' and e.action = 'status' and e.to_status = 'approved'`.execute(db);
    expect(rows.length).toBeGreaterThan(0);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
    for (const row of rows) {
      expect(row.at.slice(0, 10) >= row.signed_on, `${row.code} approved ${row.at}, signed ${row.signed_on}`).toBe(true);
      expect(row.at < yearAgo, `${row.code} approved ${row.at}`).toBe(true);
    }
    // the history spans the program's years, not the moment of loading
    const years = await sql<{ year: string }>`select distinct substr(at, 1, 4) as year from events`.execute(db);
    expect(years.rows.length).toBeGreaterThanOrEqual(6);
  });

  it("tells each record's story in order, nothing after the moment it was loaded", async () => {
    const { rows: disorder } = await sql<{ id: number }>`
      select b.id from events a join events b
        on a.entity_type = b.entity_type and a.entity_id = b.entity_id and a.id < b.id and a.at > b.at`.execute(db);
    expect(disorder).toEqual([]);
    const latest = await sql<{ at: string }>`select max(at) as at from events`.execute(db);
    expect(latest.rows[0]!.at <= loaded).toBe(true);
    // every approved proposal was submitted before it was approved, and approved on or after its decision was signed
    const { rows: approvals } = await sql<{ code: string; submitted: string | null; approved: string; signed_on: string }>`
      select p.code, d.signed_on,
        (select min(e.at) from events e where e.entity_type = 'proposal' and e.entity_id = p.id and e.to_status = 'submitted') as submitted,
        (select max(e.at) from events e where e.entity_type = 'proposal' and e.entity_id = p.id and e.to_status = 'approved') as approved
      from proposals p join decisions d on d.id = p.decision_id where p.status = 'approved'`.execute(db);
    expect(approvals.length).toBeGreaterThan(100);
    for (const row of approvals) {
      expect(row.submitted !== null && row.submitted < row.approved && row.submitted.slice(0, 10) < row.signed_on, `${row.code}`).toBe(true);
      expect(row.approved.slice(0, 10) >= row.signed_on, row.code).toBe(true);
    }
    // an amendment comes into force on its amending document's effective date
    const { rows: inForce } = await sql<{ at: string; effective_on: string }>`
      select e.at, d.effective_on from events e join amendments a on e.entity_type = 'amendment' and e.entity_id = a.id
      join legal_documents d on d.id = a.amending_document_id where e.to_status = 'in_force'`.execute(db);
    expect(inForce.length).toBeGreaterThan(10);
    for (const row of inForce) expect(row.at.slice(0, 10)).toBe(row.effective_on);
    // a record's created and updated times are those of its history
    const { rows: records } = await sql<{ code: string; created_at: string; updated_at: string; first: string; last: string }>`
      select p.code, p.created_at, p.updated_at,
        (select min(at) from events e where e.entity_type = 'proposal' and e.entity_id = p.id) as first,
        (select max(at) from events e where e.entity_type = 'proposal' and e.entity_id = p.id) as last
      from proposals p`.execute(db);
    for (const row of records) expect([row.created_at, row.updated_at], row.code).toEqual([row.first, row.last]);
  });

  it("freezes the committee's past meetings with the figures of their day, which grow from one meeting to the next", async () => {
    const meetings = await db.selectFrom("snapshots").select(["held_on", "created_at", "figures"]).orderBy("held_on").execute();
    expect(meetings.length).toBeGreaterThanOrEqual(2);
    let approved = 0;
    for (const meeting of meetings) {
      expect(meeting.created_at.slice(0, 10)).toBe(meeting.held_on);
      const figures = JSON.parse(meeting.figures) as { computedOn: string; total: { proposals: { byStatus: { approved: number } } } };
      expect(figures.computedOn).toBe(meeting.held_on);
      expect(figures.total.proposals.byStatus.approved).toBeGreaterThan(approved);
      approved = figures.total.proposals.byStatus.approved;
    }
  });

  it("does nothing to a database that already has data", async () => {
    const before = await contentHash(db);
    expect(await seedDemoDataIfEmpty(db, { password: PASSWORD, log: () => {} })).toBe(false);
    expect(await contentHash(db)).toBe(before);
  });
});
