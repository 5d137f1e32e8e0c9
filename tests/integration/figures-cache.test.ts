import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "~/domain/dates";
import { dataVersion } from "~/db.server";
import { steeringFigures } from "~/models/figures.server";
import { listProposals } from "~/models/proposal.server";
import { globalSearch } from "~/models/search.server";
import { proposalSearchText } from "~/services/proposal.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";

// The dashboard's figures are cached by data version: any write, here or by another
// connection, must be seen at once.
describe("cached steering figures", () => {
  let file: TestDatabase;
  let db: Kysely<DB>;

  beforeAll(async () => {
    file = await createTestDatabase({ demo: { password: "demo-password-for-tests" } });
    db = file.open();
  });
  afterAll(() => file.remove());

  it("follows a write made through this connection", async () => {
    const before = await steeringFigures(db, {}, todayIso());
    const reviewer = await db.selectFrom("users").select(["id", "role", "agency_id"]).where("email", "=", "reviewer@tinhgon.local").executeTakeFirstOrThrow();
    const submitted = await db.selectFrom("proposals").select("code").where("status", "=", "submitted").orderBy("code").executeTakeFirstOrThrow();
    await transitionProposal(db, reviewer, submitted.code, "return", { comment: "Bổ sung số liệu chi phí" });
    const after = await steeringFigures(db, {}, todayIso());
    expect(after.total.proposals.byStatus.submitted).toBe(before.total.proposals.byStatus.submitted - 1);
    expect(after.total.proposals.byStatus.returned).toBe(before.total.proposals.byStatus.returned + 1);
  });

  it("follows a write committed by another connection", async () => {
    const before = await steeringFigures(db, {}, todayIso());
    const other = file.open();
    const draft = await other.selectFrom("proposals").select("id").where("status", "=", "draft").orderBy("id").executeTakeFirstOrThrow();
    // why: a second connection stands for a command-line import writing beside the server
    await other.updateTable("proposals").set({ status: "withdrawn" }).where("id", "=", draft.id).execute();
    const after = await steeringFigures(db, {}, todayIso());
    expect(after.total.proposals.byStatus.draft).toBe(before.total.proposals.byStatus.draft - 1);
    expect(after.total.proposals.byStatus.withdrawn).toBe(before.total.proposals.byStatus.withdrawn + 1);
  });

  it("hands out copies, so a caller cannot change what the next one gets", async () => {
    const first = await steeringFigures(db, {}, todayIso());
    const approved = first.total.proposals.byStatus.approved;
    first.total.proposals.byStatus.approved = -1;
    expect((await steeringFigures(db, {}, todayIso())).total.proposals.byStatus.approved).toBe(approved);
  });
});

// The proposals list's count and sum are cached the same way (app/models/read-cache.server.ts).
describe("cached list totals", () => {
  let file: TestDatabase;
  let db: Kysely<DB>;
  const drafts = { status: "draft", sort: "code", dir: "asc", page: 1 } as const;

  beforeAll(async () => {
    file = await createTestDatabase({ demo: { password: "demo-password-for-tests" } });
    db = file.open();
  });
  afterAll(() => file.remove());

  it("follows a write committed by another connection, on every page of the list", async () => {
    const before = await listProposals(db, drafts);
    expect(before.total).toBeGreaterThan(1);
    const other = file.open();
    const draft = await other.selectFrom("proposals").select(["id", "cost_before_vnd", "cost_after_vnd"]).where("status", "=", "draft").orderBy("code").executeTakeFirstOrThrow();
    await other.updateTable("proposals").set({ status: "withdrawn" }).where("id", "=", draft.id).execute();
    await other.destroy();
    const saved = draft.cost_before_vnd === null ? 0 : draft.cost_before_vnd - (draft.cost_after_vnd ?? 0);
    for (const page of [1, 2]) {
      const after = await listProposals(db, { ...drafts, page });
      expect(after.total).toBe(before.total - 1);
      expect(after.savingTotal).toBe(before.savingTotal - saved);
    }
  });

  it("keeps the totals of different filters apart", async () => {
    const all = await listProposals(db, { sort: "code", dir: "asc", page: 1 });
    const draftsNow = await listProposals(db, drafts);
    const counted = await db.selectFrom("proposals").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(all.total).toBe(Number(counted.n));
    expect(draftsNow.total).toBeLessThan(all.total);
  });
});


// The header's search results are cached the same way, per connection.
describe("cached search results", () => {
  const files: TestDatabase[] = [];
  afterAll(() => Promise.all(files.map((file) => file.remove())));

  async function demoDatabase() {
    const file = await createTestDatabase({ demo: { password: "demo-password-for-tests" } });
    files.push(file);
    return file;
  }

  /** A draft of the first agency whose title holds `word`, written by a connection of its own. */
  async function addProposal(file: TestDatabase, code: string, word: string) {
    const other = file.open();
    const template = await other.selectFrom("proposals").selectAll().orderBy("id").executeTakeFirstOrThrow();
    // a row as stored, without its id and PostgreSQL's generated search vector
    const { id: _id, search_vector: _vector, ...values } = template as typeof template & { search_vector?: unknown };
    const title = `Quy định ${word} về giấy phép`;
    await other
      .insertInto("proposals")
      .values({ ...values, code, title, status: "draft", decision_id: null, search_text: proposalSearchText({ ...values, code, title }) })
      .execute();
    await other.destroy();
  }

  it("follows a proposal added by another connection", async () => {
    const file = await demoDatabase();
    const db = file.open();
    const before = await globalSearch(db, "giấy phép");
    await addProposal(file, "BYT-CACHE-1", "xoaytron");
    const after = await globalSearch(db, "giấy phép");
    expect(after.proposals.total).toBe(before.proposals.total + 1);
    expect((await globalSearch(db, "xoaytron")).proposals.rows.map((row) => row.code)).toEqual(["BYT-CACHE-1"]);
  });

  it("keeps two databases apart even when their data versions read alike", async () => {
    const first = await demoDatabase();
    const second = await demoDatabase();
    // each changed alike before its connection opens: both count the same version (SQLite's
    // connections, from their opening; PostgreSQL's counter, one insert each)
    await addProposal(first, "BYT-CACHE-3", "khacbiet");
    await addProposal(second, "BYT-CACHE-2", "quaytit");
    const [a, b] = [first.open(), second.open()];
    expect(await dataVersion(a)).toBe(await dataVersion(b));
    expect((await globalSearch(a, "quaytit")).proposals.total).toBe(0);
    expect((await globalSearch(b, "quaytit")).proposals.rows.map((row) => row.code)).toEqual(["BYT-CACHE-2"]);
  });

  it("hands out copies", async () => {
    const db = (await demoDatabase()).open();
    const first = await globalSearch(db, "giấy phép");
    const total = first.proposals.total;
    first.proposals.total = -1;
    first.proposals.rows.length = 0;
    const again = await globalSearch(db, "giấy phép");
    expect(again.proposals.total).toBe(total);
    expect(again.proposals.rows.length).toBeGreaterThan(0);
  });
});
