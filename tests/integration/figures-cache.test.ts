import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "~/domain/dates";
import { steeringFigures } from "~/models/figures.server";
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
