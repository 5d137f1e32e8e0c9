import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ImplementationProgress } from "~/domain/implementation";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import {
  createAmendment,
  linkProposalsToAmendment,
  moveAmendmentStage,
  unlinkProposal,
} from "~/services/amendment.server";
import { explainNoAmendment, transitionProposal } from "~/services/proposal-workflow.server";
import * as needsAmendmentMigration from "../../db/migrations/0009_needs_amendment";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createDecisionFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";

// The stored implementation progress (proposals.implementation_progress) must always equal the
// derivation from the proposal's status and its amendments' stages. After every step of a
// sequence run through the app's services, this file derives the progress itself, in SQL
// straight from the tables (not through app/domain/implementation.ts), and compares.

let database: TestDatabase;
let db: Kysely<DB>;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let admin: TestUser;
let decisionId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db, ["BYT", "BTC"]);
  officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  officerBtc = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
  reviewer = await createUserWith(db, { role: "reviewer" });
  admin = await createUserWith(db, { role: "admin" });
  decisionId = await createDecisionFor(db, reviewer);
});

afterAll(async () => {
  await database?.remove();
});

interface Comparison {
  code: string;
  status: string;
  stored: ImplementationProgress | null;
  derived: ImplementationProgress | null;
}

/**
 * Every proposal's stored progress beside the one derived here: only approved proposals have
 * one; cancelled amendments no longer count; with none left, a stated reason for needing no
 * amendment means implemented, and without one it needs a new amendment or that reason; all in
 * force means implemented; any started means in progress.
 */
async function storedAndDerived(): Promise<Comparison[]> {
  const { rows } = await sql<Comparison>`
    SELECT p.code, p.status, p.implementation_progress AS stored,
      CASE
        WHEN p.status <> 'approved' THEN NULL
        WHEN NOT EXISTS (
          SELECT 1 FROM proposal_amendments pa JOIN amendments a ON a.id = pa.amendment_id
          WHERE pa.proposal_id = p.id AND a.stage <> 'cancelled'
        ) THEN CASE WHEN coalesce(trim(p.no_amendment_reason), '') <> '' THEN 'implemented' ELSE 'needs_amendment' END
        WHEN NOT EXISTS (
          SELECT 1 FROM proposal_amendments pa JOIN amendments a ON a.id = pa.amendment_id
          WHERE pa.proposal_id = p.id AND a.stage NOT IN ('cancelled', 'in_force')
        ) THEN 'implemented'
        WHEN EXISTS (
          SELECT 1 FROM proposal_amendments pa JOIN amendments a ON a.id = pa.amendment_id
          WHERE pa.proposal_id = p.id AND a.stage NOT IN ('cancelled', 'not_started')
        ) THEN 'in_progress'
        ELSE 'not_started'
      END AS derived
    FROM proposals p
    ORDER BY p.code`.execute(db);
  return rows;
}

/** Asserts stored = derived for every proposal and returns the derived progress by code. */
async function expectInStep(step: string): Promise<Record<string, ImplementationProgress | null>> {
  const rows = await storedAndDerived();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.stored, `${step}: ${row.code} (${row.status})`).toBe(row.derived);
  return Object.fromEntries(rows.map((row) => [row.code, row.derived]));
}

/** A proposal complete enough to be submitted. */
function completeProposal(actor: TestUser, title: string) {
  return createProposalFor(db, actor, {
    title,
    source_document: "15/2018/NĐ-CP",
    source_provision: "khoản 2 Điều 5",
    rationale: "Thủ tục trùng lặp, gây tốn kém cho doanh nghiệp.",
    cost_before_vnd: "1.000.000.000",
    cost_after_vnd: "250.000.000",
  });
}

function amendmentFor(actor: TestUser, document: string, proposals: string[], form = "amend") {
  const input = AmendmentSchema.parse({
    document,
    doc_type: "",
    agency: actor.agency_code ?? "",
    provisions: "",
    form,
    deadline: "",
    note: "",
    proposals: proposals.join(", "),
  });
  return createAmendment(db, actor, input);
}

function move(actor: TestUser, id: number, fields: Record<string, string>) {
  return moveAmendmentStage(db, actor, id, AmendmentStageSchema.parse(fields));
}

describe("stored implementation progress", () => {
  test("equals the derivation after every change of status, stage and link", async () => {
    const p1 = await completeProposal(officerByt, "Giấy xác nhận kinh nghiệm của người phụ trách chuyên môn");
    const p2 = await completeProposal(officerByt, "Bản sao chứng thực giấy chứng nhận đủ điều kiện");
    const p3 = await completeProposal(officerBtc, "Báo cáo định kỳ hằng quý về tình hình kinh doanh");
    const p4 = await completeProposal(officerByt, "Yêu cầu nộp hồ sơ giấy song song hồ sơ điện tử");
    const p5 = await completeProposal(officerByt, "Đề xuất còn ở dạng nháp");
    await expectInStep("created");

    const a1 = await amendmentFor(officerByt, "54/2017/NĐ-CP", [p1.code, p2.code]);
    // the secretariat puts several ministries' proposals on one amendment; an officer only its own
    const a2 = await amendmentFor(officerBtc, "126/2020/NĐ-CP", [p3.code]);
    await linkProposalsToAmendment(db, reviewer, a2, [p1.code]);
    const a3 = await amendmentFor(officerByt, "109/2016/NĐ-CP", [p5.code], "repeal");
    await expectInStep("amendments created with links");

    for (const proposal of [p1, p2]) await transitionProposal(db, officerByt, proposal.code, "submit");
    await transitionProposal(db, officerBtc, p3.code, "submit");
    await transitionProposal(db, officerByt, p4.code, "submit", { noAmendmentReason: "Chỉ cần sửa quy trình nội bộ." });
    await expectInStep("submitted");
    for (const proposal of [p1, p2, p3, p4]) await transitionProposal(db, reviewer, proposal.code, "approve", { decisionId });
    expect(await expectInStep("approved")).toMatchObject({
      [p1.code]: "not_started",
      [p2.code]: "not_started",
      [p3.code]: "not_started",
      [p4.code]: "implemented",
      [p5.code]: null,
    });

    await move(officerByt, a1, { stage: "drafting" });
    expect(await expectInStep("a1 drafting")).toMatchObject({ [p1.code]: "in_progress", [p2.code]: "in_progress", [p3.code]: "not_started" });

    await move(officerBtc, a2, { stage: "submitted" });
    await expectInStep("a2 jumped to submitted");

    await linkProposalsToAmendment(db, officerByt, a3, [p2.code]);
    await expectInStep("p2 linked to a3");

    await move(officerByt, a1, { stage: "not_started", reason: "Ghi nhầm tiến độ" });
    expect(await expectInStep("a1 back to not started")).toMatchObject({ [p1.code]: "in_progress", [p2.code]: "not_started" });

    await move(officerBtc, a2, { stage: "cancelled", reason: "Đã được xử lý bằng văn bản khác" });
    // p3's only amendment is cancelled: nothing is left to implement it, so it is not overdue work
    expect(await expectInStep("a2 cancelled")).toMatchObject({ [p1.code]: "not_started", [p3.code]: "needs_amendment" });

    await move(officerByt, a1, { stage: "in_force", amending_number: "12/2024/NĐ-CP", promulgated_on: "15/03/2024", effective_on: "01/05/2024" });
    expect(await expectInStep("a1 in force")).toMatchObject({ [p1.code]: "implemented", [p2.code]: "in_progress" });

    await move(officerBtc, a2, { stage: "drafting", reason: "Khôi phục theo chỉ đạo" });
    expect(await expectInStep("a2 revived")).toMatchObject({ [p1.code]: "in_progress", [p3.code]: "in_progress" });

    await move(officerByt, a3, { stage: "promulgated", amending_number: "13/2024/NĐ-CP", promulgated_on: "20/03/2024" });
    await move(officerByt, a3, { stage: "in_force", effective_on: "01/06/2024" });
    expect(await expectInStep("a3 in force")).toMatchObject({ [p2.code]: "implemented" });

    await move(officerBtc, a2, { stage: "in_force", amending_number: "14/2024/NĐ-CP", promulgated_on: "01/04/2024", effective_on: "01/04/2024" });
    expect(await expectInStep("a2 in force")).toMatchObject({ [p1.code]: "implemented", [p3.code]: "implemented" });

    await unlinkProposal(db, officerByt, a3, p2.code);
    expect(await expectInStep("p2 unlinked from a3")).toMatchObject({ [p2.code]: "implemented" });

    await unlinkProposal(db, officerByt, a1, p2.code);
    expect(await expectInStep("p2 unlinked from a1")).toMatchObject({ [p2.code]: "needs_amendment" });

    await explainNoAmendment(db, officerByt, p2.code, "Quy định đã được bãi bỏ tại văn bản khác.");
    expect(await expectInStep("p2's reason recorded")).toMatchObject({ [p2.code]: "implemented" });

    await move(officerByt, a1, {
      stage: "promulgated",
      amending_number: "12/2024/NĐ-CP",
      promulgated_on: "15/03/2024",
      effective_on: "01/01/2099",
      reason: "Ngày có hiệu lực ghi nhầm: văn bản chưa có hiệu lực",
    });
    expect(await expectInStep("a1 back to promulgated")).toMatchObject({ [p1.code]: "in_progress" });

    const a4 = await amendmentFor(officerBtc, "38/2012/NĐ-CP", [p3.code]);
    expect(await expectInStep("a4 created for an approved proposal")).toMatchObject({ [p3.code]: "in_progress" });
    await move(officerBtc, a4, { stage: "cancelled", reason: "Không còn cần thiết" });
    expect(await expectInStep("a4 cancelled")).toMatchObject({ [p3.code]: "implemented" });

    await transitionProposal(db, admin, p1.code, "reopen", { comment: "Xem xét lại phương án" });
    expect(await expectInStep("p1 reopened")).toMatchObject({ [p1.code]: null });
  });

  test("migration 0009 computes the same progress from rows written before needs_amendment existed", async () => {
    const p6 = await completeProposal(officerByt, "Đề xuất có nhiệm vụ sửa đổi bị hủy");
    const a6 = await amendmentFor(officerByt, "98/2021/NĐ-CP", [p6.code]);
    await transitionProposal(db, officerByt, p6.code, "submit");
    await transitionProposal(db, reviewer, p6.code, "approve", { decisionId });
    await move(officerByt, a6, { stage: "cancelled", reason: "Gộp vào nhiệm vụ khác" });
    const before = await expectInStep("before the migration is undone");
    expect(before[p6.code]).toBe("needs_amendment");
    // undone, such a proposal reads "not started" as it did; redone, the same as the services store
    await needsAmendmentMigration.down(db);
    expect((await storedAndDerived()).find((row) => row.code === p6.code)?.stored).toBe("not_started");
    await needsAmendmentMigration.up(db);
    expect(await expectInStep("after the migration")).toEqual(before);
  });

  test("a step that fails changes no progress: a refused move leaves everything as it was", async () => {
    const before = await storedAndDerived();
    const amendment = await db
      .selectFrom("amendments")
      .select("id")
      .where("stage", "=", "in_force")
      .where("agency_id", "=", officerBtc.agency_id)
      .executeTakeFirstOrThrow();
    await expect(move(officerBtc, amendment.id, { stage: "drafting" })).rejects.toMatchObject({ errors: { reason: "errors.reason_required_for_move" } });
    expect(await storedAndDerived()).toEqual(before);
  });
});
