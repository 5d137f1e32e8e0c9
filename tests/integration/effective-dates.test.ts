import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { steeringFigures } from "~/models/figures.server";
import { steeringSeries } from "~/models/series.server";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { DecisionSchema } from "~/schemas/decision";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { effectiveDatesKeeper } from "~/services/document-facts.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import type { DB } from "../../db/types";
import { createTestDatabase } from "../support/database";
import { createAgencies, createDecisionFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, mainContent, signedInClient, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// "Implemented" means in force today. An amending document whose effective date lies ahead
// leaves its amendment "promulgated, in force from DD/MM/YYYY" and its proposals not implemented,
// in every figure and list; on that date the amendment is in force without anyone touching it
// (applyEffectiveDates, run by the server at start, at each Vietnam midnight and before the first
// request of a new day). The server's calendar is moved with TINHGON_TODAY; this test process
// arranges data on the same day, so the services' own today agrees.

const TODAY = "2026-12-04";
const EFFECTIVE = "2027-02-01";
process.env.TINHGON_TODAY = TODAY;

let server: TestServer;
let officerByt: TestUser;
let reviewer: TestUser;

interface Case {
  code: string;
  proposalId: number;
  amendmentId: number;
}
/** Recorded through the form during the test, effective 01/02/2027. */
let pending: Case;
/** Stored in force with a future effective date, as the code before this rule did. */
let legacy: Case;
/** In force since 01/11/2026. */
let inForce: Case;
/** In force since 01/11/2026; its amending document's date gets corrected. */
let corrected: Case;

const SAVING = 1_500_000_000;

/** An approved BYT proposal saving 1.5 billion VND a year, carried out by one amendment of `target`. */
async function approvedCase(db: Kysely<DB>, decisionId: number, title: string, target: string): Promise<Case> {
  const proposal = await createProposalFor(db, officerByt, {
    title,
    source_document: target,
    source_provision: "khoản 2 Điều 5",
    rationale: "Không cần thiết, gây tốn kém.",
    cost_before_vnd: "2.000.000.000",
    cost_after_vnd: "500.000.000",
  });
  const amendmentId = await createAmendment(
    db,
    officerByt,
    AmendmentSchema.parse({ document: target, doc_type: "", agency: "BYT", provisions: "", form: "amend", deadline: "", note: "", proposals: proposal.code }),
  );
  await transitionProposal(db, officerByt, proposal.code, "submit");
  await transitionProposal(db, reviewer, proposal.code, "approve", { decisionId, dueOn: "2027-12-31" });
  return { code: proposal.code, proposalId: proposal.id, amendmentId };
}

function recordInForce(db: Kysely<DB>, id: number, amendingNumber: string) {
  return moveAmendmentStage(
    db,
    officerByt,
    id,
    AmendmentStageSchema.parse({ stage: "in_force", amending_number: amendingNumber, promulgated_on: "01/10/2026", effective_on: "01/11/2026" }),
  );
}

beforeAll(async () => {
  server = await startServer({
    env: { TINHGON_TODAY: TODAY },
    seed: async (db) => {
      await createAgencies(db, ["BYT", "BCT"]);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      const decisionId = await createDecisionFor(db, reviewer, { number: "1661/QĐ-TTg", signed_on: "30/06/2026", timeline: "Năm 2027" });
      pending = await approvedCase(db, decisionId, "Giấy xác nhận kinh nghiệm của người phụ trách chuyên môn", "54/2017/NĐ-CP");
      legacy = await approvedCase(db, decisionId, "Bản sao chứng thực giấy chứng nhận đủ điều kiện", "79/2006/NĐ-CP");
      inForce = await approvedCase(db, decisionId, "Báo cáo định kỳ hằng quý về tình hình kinh doanh", "109/2016/NĐ-CP");
      corrected = await approvedCase(db, decisionId, "Yêu cầu nộp hồ sơ giấy song song hồ sơ điện tử", "38/2012/NĐ-CP");
      await recordInForce(db, inForce.amendmentId, "30/2026/NĐ-CP");
      await recordInForce(db, corrected.amendmentId, "31/2026/NĐ-CP");
      // what the code before this rule stored for "promulgated 15/12/2026, effective 01/02/2027":
      // in force at once, its proposal implemented on a day still ahead
      await recordInForce(db, legacy.amendmentId, "21/2026/NĐ-CP");
      await db.updateTable("legal_documents").set({ issued_on: "2026-12-15", effective_on: EFFECTIVE }).where("number", "=", "21/2026/NĐ-CP").execute();
      await db.updateTable("proposals").set({ implemented_on: EFFECTIVE }).where("id", "=", legacy.proposalId).execute();
    },
  });
});

afterAll(async () => {
  await server?.stop();
  delete process.env.TINHGON_TODAY;
});

function amendment(id: number) {
  return server.db().selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function proposal(id: number) {
  return server.db().selectFrom("proposals").select(["implementation_progress", "implemented_on"]).where("id", "=", id).executeTakeFirstOrThrow();
}

function documentByNumber(number: string) {
  return server.db().selectFrom("legal_documents").selectAll().where("number", "=", number).executeTakeFirstOrThrow();
}

function lastEventOf(entityType: "amendment" | "legal_document", id: number) {
  return server
    .db()
    .selectFrom("events")
    .selectAll()
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

async function eventCount(): Promise<number> {
  const row = await server.db().selectFrom("events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function pageText(browser: Client, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return visibleText(mainContent(await response.text()));
}

async function postStage(browser: Client, id: number, fields: Record<string, string>): Promise<Response> {
  const { version } = await amendment(id);
  return browser.post(`/amendments/${id}`, {
    intent: "stage",
    amending_number: "",
    amending_type: "",
    promulgated_on: "",
    effective_on: "",
    reason: "",
    version: String(version),
    ...fields,
  });
}

describe(`on ${TODAY}`, () => {
  test("an amendment stored in force before its effective date was made promulgated by the system when the server started", async () => {
    expect((await amendment(legacy.amendmentId)).stage).toBe("promulgated");
    expect(await lastEventOf("amendment", legacy.amendmentId)).toMatchObject({
      actor_id: null,
      action: "stage",
      from_status: "in_force",
      to_status: "promulgated",
      comment: "21/2026/NĐ-CP",
    });
    expect(await proposal(legacy.proposalId)).toEqual({ implementation_progress: "in_progress", implemented_on: null });
    expect((await documentByNumber("21/2026/NĐ-CP")).status).toBe("not_yet_in_force");
    expect((await documentByNumber("79/2006/NĐ-CP")).status).toBe("in_force");

    const browser = await signedInClient(server.url, officerByt);
    const text = await pageText(browser, `/amendments/${legacy.amendmentId}`);
    expect(text).toContain("Tiến độ: Đã ban hành, có hiệu lực từ 01/02/2027");
    expect(text).toContain("Chuyển tiến độ: Có hiệu lực → sang Đã ban hành");
    expect(text).toMatch(/\d{2}:\d{2} · Hệ thống/);
  });

  test("a move to in force whose effective date lies ahead is saved as promulgated, and the page says why", async () => {
    const browser = await signedInClient(server.url, officerByt);
    const response = await postStage(browser, pending.amendmentId, {
      stage: "in_force",
      amending_number: "15/2026/NĐ-CP",
      promulgated_on: "15/11/2026",
      effective_on: "01/02/2027",
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe(`/amendments/${pending.amendmentId}?asked=in_force`);

    expect((await amendment(pending.amendmentId)).stage).toBe("promulgated");
    expect(await lastEventOf("amendment", pending.amendmentId)).toMatchObject({ actor_id: officerByt.id, to_status: "promulgated" });
    expect(await proposal(pending.proposalId)).toEqual({ implementation_progress: "in_progress", implemented_on: null });
    expect(await documentByNumber("15/2026/NĐ-CP")).toMatchObject({ issued_on: "2026-11-15", effective_on: EFFECTIVE, status: "not_yet_in_force" });
    expect((await documentByNumber("54/2017/NĐ-CP")).status).toBe("in_force");

    const text = await pageText(browser, location);
    expect(text).toContain("Tiến độ: Đã ban hành, có hiệu lực từ 01/02/2027");
    expect(text).toContain(
      "Đã lưu. Văn bản sửa đổi có hiệu lực từ 01/02/2027 nên đến ngày đó nhiệm vụ mới có hiệu lực; hệ thống sẽ tự chuyển tiến độ vào ngày này.",
    );
    // the page without the note, once read again
    expect(await pageText(browser, `/amendments/${pending.amendmentId}`)).not.toContain("Đã lưu.");
  });

  test("every list reads it as promulgated, in force from that date, in both languages", async () => {
    const browser = await signedInClient(server.url, officerByt);
    const label = "Đã ban hành, có hiệu lực từ 01/02/2027";
    expect(await pageText(browser, "/amendments")).toContain(`54/2017/NĐ-CP`);
    expect(await pageText(browser, "/amendments")).toContain(label);
    const proposalPage = await pageText(browser, `/proposals/${pending.code}`);
    expect(proposalPage).toContain(label);
    expect(proposalPage).toContain("Đang thực hiện");
    expect(proposalPage).not.toContain("Đã thực thi");
    const amending = await documentByNumber("15/2026/NĐ-CP");
    expect(await pageText(browser, `/documents/${amending.id}`)).toContain(label);

    await browser.post("/set-language", { locale: "en", redirectTo: "/" });
    expect(await pageText(browser, `/amendments/${pending.amendmentId}`)).toContain("Stage: Promulgated, in force from 1 Feb 2027");
    expect(await pageText(browser, "/amendments")).toContain("Promulgated, in force from 1 Feb 2027");
  });

  test("only what is in force today counts as implemented, in realised savings and in the cumulative chart", async () => {
    const figures = await steeringFigures(server.db(), {}, TODAY);
    // in force: inForce and corrected; promulgated: pending and legacy
    expect(figures.total.proposals.implemented).toBe(2);
    expect(figures.total.proposals.savingRealized).toBe(2 * SAVING);
    expect(figures.total.amendments.inForce).toBe(2);
    const series = await steeringSeries(server.db(), {}, TODAY);
    expect(series.monthly.at(-1)).toEqual({ month: "2026-11", approved: 4, implemented: 2 });
    expect(series.monthly.every((point) => point.month <= TODAY.slice(0, 7))).toBe(true);
  });

  test("a move back to promulgated once the effective date has come is refused beside the effective date", async () => {
    const browser = await signedInClient(server.url, officerByt);
    const [before, events] = [await amendment(inForce.amendmentId), await eventCount()];
    const response = await postStage(browser, inForce.amendmentId, {
      stage: "promulgated",
      amending_number: "30/2026/NĐ-CP",
      promulgated_on: "01/10/2026",
      reason: "Chưa đến ngày có hiệu lực",
    });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "effective_on")).toBe(
      "Văn bản sửa đổi đã có hiệu lực từ 01/11/2026 nên nhiệm vụ không thể trở lại “Đã ban hành”. Nếu ngày đó sai, hãy nhập đúng ngày có hiệu lực.",
    );
    expect(await amendment(inForce.amendmentId)).toEqual(before);
    expect(await eventCount()).toBe(events);
  });

  test("correcting an amending document's effective date moves its amendments at once", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const document = await documentByNumber("31/2026/NĐ-CP");
    const response = await browser.post(`/documents/${document.id}/edit`, {
      number: document.number,
      doc_type: "",
      title: document.title ?? "Nghị định sửa đổi, bổ sung một số điều",
      issued_on: "01/10/2026",
      effective_on: "01/03/2027",
      status: "not_yet_in_force",
      lead_agency: "BYT",
      version: String(document.version),
    });
    expect(response.status).toBe(302);
    expect((await amendment(corrected.amendmentId)).stage).toBe("promulgated");
    expect(await lastEventOf("amendment", corrected.amendmentId)).toMatchObject({ actor_id: null, from_status: "in_force", to_status: "promulgated" });
    expect(await proposal(corrected.proposalId)).toEqual({ implementation_progress: "in_progress", implemented_on: null });
    expect((await documentByNumber("38/2012/NĐ-CP")).status).toBe("in_force");
  });

  test("dates that cannot be true yet are refused beside their field, by the schema the browser uses too", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const notYet = "Ngày này chưa đến: không được sau hôm nay.";
    const decision = await browser.post("/decisions/new", {
      number: "1800/QĐ-TTg",
      signed_on: "05/12/2026",
      kind: "reduction_plan",
      title_vi: "Phê duyệt phương án cắt giảm",
      title_en: "",
      timeline: "",
    });
    expect(decision.status).toBe(422);
    expect(fieldError(await decision.text(), "signed_on")).toBe(notYet);

    const stage = await postStage(browser, corrected.amendmentId, { stage: "promulgated", amending_number: "40/2026/NĐ-CP", promulgated_on: "05/12/2026" });
    expect(stage.status).toBe(422);
    expect(fieldError(await stage.text(), "promulgated_on")).toBe(notYet);

    const document = await documentByNumber("54/2017/NĐ-CP");
    const edit = await browser.post(`/documents/${document.id}/edit`, {
      number: document.number,
      doc_type: "",
      title: document.title ?? "Nghị định sửa đổi, bổ sung một số điều",
      issued_on: "05/12/2026",
      effective_on: "",
      status: "in_force",
      lead_agency: "",
      version: String(document.version),
    });
    expect(edit.status).toBe(422);
    expect(fieldError(await edit.text(), "issued_on")).toBe(notYet);
    const inForceAhead = await browser.post("/documents/new", {
      number: "41/2026/NĐ-CP",
      doc_type: "",
      title: "Nghị định sửa đổi",
      issued_on: "01/12/2026",
      effective_on: "01/03/2027",
      status: "in_force",
      lead_agency: "",
    });
    expect(inForceAhead.status).toBe(422);
    expect(fieldError(await inForceAhead.text(), "status")).toBe(
      "Tình trạng này không khớp ngày có hiệu lực: văn bản có hiệu lực từ ngày đó, trước ngày đó là chưa có hiệu lực.",
    );
    expect(await documentByNumber("54/2017/NĐ-CP")).toEqual(document);

    // the same schema in this process (the browser's): today passes, tomorrow does not
    const fields = { number: "1800/QĐ-TTg", kind: "reduction_plan", title_vi: "Phê duyệt", title_en: "", timeline: "" };
    expect(DecisionSchema.safeParse({ ...fields, signed_on: "04/12/2026" }).success).toBe(true);
    expect(DecisionSchema.safeParse({ ...fields, signed_on: "05/12/2026" }).error?.issues[0]?.message).toBe("errors.date_after_today");
  });

  test("an amending number whose year is not its promulgation year is saved, with a warning on the amendment and the document", async () => {
    const id = await createAmendment(
      server.db(),
      officerByt,
      AmendmentSchema.parse({ document: "43/2017/NĐ-CP", doc_type: "", agency: "BYT", provisions: "", form: "amend", deadline: "", note: "", proposals: "" }),
    );
    const browser = await signedInClient(server.url, officerByt);
    const response = await postStage(browser, id, { stage: "promulgated", amending_number: "12/2025/NĐ-CP", promulgated_on: "03/01/2026" });
    expect(response.status).toBe(302);
    const warning = "Số 12/2025/NĐ-CP ghi năm 2025 nhưng ngày ban hành thuộc năm 2026: hãy kiểm tra lại số hoặc ngày ban hành.";
    expect(await pageText(browser, `/amendments/${id}`)).toContain(warning);
    expect(await pageText(browser, `/documents/${(await documentByNumber("12/2025/NĐ-CP")).id}`)).toContain(warning);
    // a number and a date of the same year say nothing
    expect(await pageText(browser, `/amendments/${pending.amendmentId}`)).not.toContain("hãy kiểm tra lại số hoặc ngày ban hành");
  });
});

describe(`on ${EFFECTIVE}, the effective date`, () => {
  beforeAll(async () => {
    server = await server.restart({ TINHGON_TODAY: EFFECTIVE });
  });

  test("the amendment is in force and its proposal implemented, without anyone touching the record", async () => {
    expect((await amendment(pending.amendmentId)).stage).toBe("in_force");
    expect(await lastEventOf("amendment", pending.amendmentId)).toMatchObject({
      actor_id: null,
      action: "stage",
      from_status: "promulgated",
      to_status: "in_force",
      comment: "15/2026/NĐ-CP",
    });
    expect(await proposal(pending.proposalId)).toEqual({ implementation_progress: "implemented", implemented_on: EFFECTIVE });
    expect((await documentByNumber("54/2017/NĐ-CP")).status).toBe("amended");
    expect((await documentByNumber("15/2026/NĐ-CP")).status).toBe("in_force");
    expect(await lastEventOf("legal_document", (await documentByNumber("15/2026/NĐ-CP")).id)).toMatchObject({ actor_id: null });
    expect(await proposal(legacy.proposalId)).toEqual({ implementation_progress: "implemented", implemented_on: EFFECTIVE });

    const browser = await signedInClient(server.url, officerByt);
    const text = await pageText(browser, `/amendments/${pending.amendmentId}`);
    expect(text).toContain("Tiến độ: Có hiệu lực");
    expect(text).toContain("Chuyển tiến độ: Đã ban hành → sang Có hiệu lực");
    expect(text).toMatch(/\d{2}:\d{2} · Hệ thống/);
    expect(await pageText(browser, `/proposals/${pending.code}`)).toContain("Đã thực thi");

    const figures = await steeringFigures(server.db(), {}, EFFECTIVE);
    expect(figures.total.proposals.implemented).toBe(3);
    expect(figures.total.proposals.savingRealized).toBe(3 * SAVING);
    expect((await steeringSeries(server.db(), {}, EFFECTIVE)).monthly.at(-1)).toEqual({ month: "2027-02", approved: 4, implemented: 3 });
  });

  test("starting again the same day changes nothing: the job is idempotent", async () => {
    const events = await eventCount();
    server = await server.restart({ TINHGON_TODAY: EFFECTIVE });
    expect(await eventCount()).toBe(events);
  });
});

describe("the keeper that runs the job once a day", () => {
  test("runs it for a day not yet seen, once, and again only when the day turns", async () => {
    const database = await createTestDatabase();
    const db = database.open();
    try {
      await createAgencies(db, ["BYT"]);
      const officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      const input = (document: string) =>
        AmendmentSchema.parse({ document, doc_type: "", agency: "BYT", provisions: "", form: "amend", deadline: "", note: "", proposals: "" });
      const first = await createAmendment(db, officer, input("54/2017/NĐ-CP"));
      const second = await createAmendment(db, officer, input("79/2006/NĐ-CP"));
      const promulgate = (id: number, number: string) =>
        moveAmendmentStage(
          db,
          officer,
          id,
          AmendmentStageSchema.parse({ stage: "promulgated", amending_number: number, promulgated_on: "15/11/2026", effective_on: "01/02/2027" }),
        );
      await promulgate(first, "15/2026/NĐ-CP");
      const stageOf = async (id: number) => (await db.selectFrom("amendments").select("stage").where("id", "=", id).executeTakeFirstOrThrow()).stage;

      let day = "2027-01-31";
      const keeper = effectiveDatesKeeper(db, () => day);
      await Promise.all([keeper.ensureToday(), keeper.ensureToday()]);
      expect(await stageOf(first)).toBe("promulgated");

      day = EFFECTIVE;
      await Promise.all([keeper.ensureToday(), keeper.ensureToday(), keeper.ensureToday()]);
      expect(await stageOf(first)).toBe("in_force");
      const stageEvents = await db.selectFrom("events").select("id").where("entity_id", "=", first).where("action", "=", "stage").where("actor_id", "is", null).execute();
      expect(stageEvents).toHaveLength(1);

      // later the same day the keeper does not run again (a string compare), the next day it does
      // recorded by a process whose calendar still read 2026-12-04, effective 01/02/2027
      await promulgate(second, "16/2026/NĐ-CP");
      await keeper.ensureToday();
      expect(await stageOf(second)).toBe("promulgated");
      day = "2027-02-02";
      await keeper.ensureToday();
      expect(await stageOf(second)).toBe("in_force");
    } finally {
      await database.remove();
    }
  });
});
