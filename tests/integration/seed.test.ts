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

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    db = first.open();
    await seedDemoData(db, { password: PASSWORD });
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

  it("does nothing to a database that already has data", async () => {
    const before = await contentHash(db);
    expect(await seedDemoDataIfEmpty(db, { password: PASSWORD, log: () => {} })).toBe(false);
    expect(await contentHash(db)).toBe(before);
  });
});
