import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { InvalidError } from "~/domain/errors";
import { transitionProposal } from "~/services/proposal-workflow.server";
import type { Event } from "../../db/types";
import { createAgencies, createDecisionFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, fieldValue, mainContent, visibleText, type Client, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The stage rules of an amendment over HTTP: forward by any number of stages freely, back,
// cancelled and revived only with a reason; promulgated and in force with their documents and
// dates; the target document's status following its amendments in force; one "stage" event per
// move. Also the amendment's comments, unlinking a proposal, and a stale stage form.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let approvedCode: string;
let approvedId: number;
let carrierId: number;

const REASON_REQUIRED = "Cần nêu lý do khi lùi tiến độ, hủy hoặc khôi phục nhiệm vụ.";

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db, ["BYT", "BTC"]);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      officerBtc = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      viewer = await createUserWith(db, { role: "viewer" });
      const decisionId = await createDecisionFor(db, reviewer);
      // an approved proposal carried out by one amendment
      const proposal = await createProposalFor(db, officerByt, {
        title: "Yêu cầu xác nhận kinh nghiệm của người phụ trách chuyên môn về dược",
        source_document: "54/2017/NĐ-CP",
        source_provision: "khoản 2 Điều 5",
        rationale: "Không cần thiết, gây tốn kém.",
        cost_before_vnd: "2.000.000.000",
        cost_after_vnd: "0",
      });
      approvedCode = proposal.code;
      approvedId = proposal.id;
      const input = AmendmentSchema.parse(amendmentFields("54/2017/NĐ-CP", "amend", approvedCode));
      carrierId = await createAmendment(db, officerByt, input);
      await transitionProposal(db, officerByt, approvedCode, "submit");
      // due far ahead, so that the badge shows progress rather than "overdue"
      await transitionProposal(db, reviewer, approvedCode, "approve", { decisionId, dueOn: "2030-12-31" });
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

function amendmentFields(document: string, form: string, proposals = ""): Record<string, string> {
  return { document, doc_type: "", agency: "BYT", provisions: "", form, deadline: "", note: "", proposals };
}

/** An amendment of BYT, arranged through the service the pages use. */
function arrangeAmendment(document: string, form = "amend"): Promise<number> {
  return createAmendment(server.db(), officerByt, AmendmentSchema.parse(amendmentFields(document, form)));
}

async function arrangeStage(id: number, fields: Record<string, string>): Promise<void> {
  await moveAmendmentStage(server.db(), officerByt, id, AmendmentStageSchema.parse(fields));
}

function amendmentById(id: number) {
  return server.db().selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function documentById(id: number) {
  return server.db().selectFrom("legal_documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function lastEventId(): Promise<number> {
  const row = await server.db().selectFrom("events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
  return Number(row.id ?? 0);
}

function eventsAfter(id: number): Promise<Event[]> {
  return server.db().selectFrom("events").selectAll().where("id", ">", id).orderBy("id").execute();
}

/** The stage form as a browser posts it, at the amendment's current version unless told otherwise. */
async function postStage(browser: Client, id: number, fields: Record<string, string>): Promise<Response> {
  const { version } = await amendmentById(id);
  return browser.post(`/amendments/${id}`, {
    intent: "stage",
    stage: "",
    amending_number: "",
    amending_type: "",
    promulgated_on: "",
    effective_on: "",
    reason: "",
    version: String(version),
    ...fields,
  });
}

/** Posts a move and expects it refused with 422 and a message beside `field`, nothing written. */
async function expectRefused(browser: Client, id: number, fields: Record<string, string>, field: string, message: string) {
  const [before, since] = [await amendmentById(id), await lastEventId()];
  const response = await postStage(browser, id, fields);
  expect(response.status).toBe(422);
  const html = await response.text();
  expect(fieldError(html, field)).toBe(message);
  expect(await amendmentById(id)).toEqual(before);
  expect(await eventsAfter(since)).toEqual([]);
  return html;
}

/** Posts a move, expects the redirect back to the page, and returns the events it wrote. */
async function expectMoved(browser: Client, id: number, fields: Record<string, string>): Promise<Event[]> {
  const since = await lastEventId();
  const response = await postStage(browser, id, fields);
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`/amendments/${id}`);
  return eventsAfter(since);
}

/** The one "stage" event among `events`, which must be the only event on the amendment. */
function onlyStageEvent(events: Event[], id: number): Event {
  const onAmendment = events.filter((event) => event.entity_type === "amendment" && event.entity_id === id);
  expect(onAmendment.map((event) => event.action)).toEqual(["stage"]);
  return onAmendment[0]!;
}

describe("moving between stages", () => {
  let id: number;
  beforeAll(async () => {
    id = await arrangeAmendment("79/2006/NĐ-CP");
  });

  test("a forward jump from not started to submitted needs no reason and writes one stage event", async () => {
    const browser = await signedIn(officerByt);
    const events = await expectMoved(browser, id, { stage: "submitted" });
    expect(events).toHaveLength(1);
    expect(onlyStageEvent(events, id)).toMatchObject({ actor_id: officerByt.id, from_status: "not_started", to_status: "submitted", comment: null });
    expect(await amendmentById(id)).toMatchObject({ stage: "submitted", version: 2 });
  });

  test("moving back without a reason is refused beside the reason field; nothing changes", async () => {
    const browser = await signedIn(officerByt);
    const html = await expectRefused(browser, id, { stage: "drafting" }, "reason", REASON_REQUIRED);
    expect(fieldValue(html, "stage")).toBe("drafting");
  });

  test("moving back with a reason writes one stage event carrying the reason", async () => {
    const browser = await signedIn(officerByt);
    const events = await expectMoved(browser, id, { stage: "drafting", reason: "Ghi nhầm: dự thảo chưa được trình" });
    expect(events).toHaveLength(1);
    expect(onlyStageEvent(events, id)).toMatchObject({ from_status: "submitted", to_status: "drafting", comment: "Ghi nhầm: dự thảo chưa được trình" });
    expect((await amendmentById(id)).stage).toBe("drafting");
  });

  test("the service itself refuses a move back without a reason, whoever calls it", async () => {
    const before = await amendmentById(id);
    const refused = moveAmendmentStage(server.db(), officerByt, id, AmendmentStageSchema.parse({ stage: "not_started" }));
    await expect(refused).rejects.toBeInstanceOf(InvalidError);
    await expect(refused).rejects.toMatchObject({ errors: { reason: "errors.reason_required_for_move" } });
    expect(await amendmentById(id)).toEqual(before);
  });

  test("cancelling needs a reason, which is kept as the cancel reason", async () => {
    const browser = await signedIn(officerByt);
    await expectRefused(browser, id, { stage: "cancelled" }, "reason", REASON_REQUIRED);
    const events = await expectMoved(browser, id, { stage: "cancelled", reason: "Nội dung đã được sửa trong luật mới", confirmed: "1" });
    expect(onlyStageEvent(events, id)).toMatchObject({ from_status: "drafting", to_status: "cancelled", comment: "Nội dung đã được sửa trong luật mới" });
    expect(await amendmentById(id)).toMatchObject({ stage: "cancelled", cancel_reason: "Nội dung đã được sửa trong luật mới" });
  });

  test("reviving a cancelled task needs a reason too; the cancel reason goes", async () => {
    const browser = await signedIn(officerByt);
    await expectRefused(browser, id, { stage: "consultation" }, "reason", REASON_REQUIRED);
    const events = await expectMoved(browser, id, { stage: "consultation", reason: "Khôi phục theo ý kiến Ban Chỉ đạo" });
    expect(onlyStageEvent(events, id)).toMatchObject({ from_status: "cancelled", to_status: "consultation" });
    expect(await amendmentById(id)).toMatchObject({ stage: "consultation", cancel_reason: null });
  });

  test("the page names the rule and marks the stages that need a reason from here", async () => {
    const browser = await signedIn(officerByt);
    const html = mainContent(await (await browser.get(`/amendments/${id}`)).text());
    expect(visibleText(html)).toContain("Lùi tiến độ, hủy nhiệm vụ hoặc khôi phục nhiệm vụ đã hủy cần nêu lý do.");
    expect(html).toMatch(/<textarea[^>]*name="reason"/);
    const options = [...html.matchAll(/<option value="([a-z_]+)"[^>]*>([^<]*)<\/option>/g)].map((match) => [match[1], match[2]]);
    expect(options).toContainEqual(["drafting", "Đang soạn thảo — cần lý do"]);
    expect(options).toContainEqual(["consultation", "Lấy ý kiến (hiện tại)"]);
    expect(options).toContainEqual(["appraisal", "Thẩm định"]);
    expect(options).toContainEqual(["cancelled", "Hủy — cần lý do"]);
  });
});

describe("promulgated and in force", () => {
  test("promulgated without the amending document's number is refused", async () => {
    const id = await arrangeAmendment("38/2012/NĐ-CP");
    const browser = await signedIn(officerByt);
    await expectRefused(browser, id, { stage: "promulgated", promulgated_on: "15/03/2024" }, "amending_number", "Vui lòng nhập thông tin này.");
  });

  test("in force with an effective date before the promulgation date is refused, typed or on record", async () => {
    const id = await arrangeAmendment("67/2016/NĐ-CP");
    const browser = await signedIn(officerByt);
    const message = "Ngày có hiệu lực không được trước ngày ban hành.";
    await expectRefused(
      browser,
      id,
      { stage: "in_force", amending_number: "21/2024/NĐ-CP", promulgated_on: "15/03/2024", effective_on: "01/03/2024" },
      "effective_on",
      message,
    );
    await arrangeStage(id, { stage: "promulgated", amending_number: "21/2024/NĐ-CP", promulgated_on: "15/03/2024" });
    // only the effective date typed: the promulgation date on record is the one it must not precede
    await expectRefused(browser, id, { stage: "in_force", effective_on: "14/03/2024" }, "effective_on", message);
  });

  test("in force after promulgated needs only the effective date; the target becomes amended with one update event", async () => {
    const id = await arrangeAmendment("109/2016/NĐ-CP");
    const browser = await signedIn(officerByt);
    const promulgation = await expectMoved(browser, id, { stage: "promulgated", amending_number: "22/2024/nđ-cp", promulgated_on: "20/03/2024" });
    const amending = await amendmentById(id);
    // the history names the amending document as the register spells it
    expect(onlyStageEvent(promulgation, id)).toMatchObject({ to_status: "promulgated", comment: "22/2024/NĐ-CP" });
    const target = amending.legal_document_id;
    expect((await documentById(target)).status).toBe("in_force");

    const events = await expectMoved(browser, id, { stage: "in_force", effective_on: "01/05/2024" });
    expect(onlyStageEvent(events, id)).toMatchObject({ from_status: "promulgated", to_status: "in_force" });
    const targetEvents = events.filter((event) => event.entity_type === "legal_document" && event.entity_id === target);
    expect(targetEvents).toHaveLength(1);
    expect(targetEvents[0]).toMatchObject({ action: "update", actor_id: officerByt.id, comment: "22/2024/NĐ-CP" });
    expect(JSON.parse(targetEvents[0]!.changes ?? "{}")).toEqual({ status: ["in_force", "amended"] });
    expect(await documentById(target)).toMatchObject({ status: "amended" });
    expect(await documentById(amending.amending_document_id!)).toMatchObject({ issued_on: "2024-03-20", effective_on: "2024-05-01", status: "in_force" });
  });

  test("an amendment whose form is repeal makes its target repealed; leaving in force recomputes it", async () => {
    const repeal = await arrangeAmendment("43/2010/NĐ-CP", "repeal");
    const amend = await arrangeAmendment("43/2010/NĐ-CP", "amend");
    const { legal_document_id: target } = await amendmentById(repeal);
    const browser = await signedIn(officerByt);

    const amended = await expectMoved(browser, amend, { stage: "in_force", amending_number: "23/2024/NĐ-CP", promulgated_on: "01/04/2024", effective_on: "01/04/2024" });
    onlyStageEvent(amended, amend);
    expect((await documentById(target)).status).toBe("amended");

    const repealed = await expectMoved(browser, repeal, { stage: "in_force", amending_number: "24/2024/NĐ-CP", promulgated_on: "02/04/2024", effective_on: "15/04/2024" });
    onlyStageEvent(repealed, repeal);
    expect(repealed.filter((event) => event.entity_id === target && event.entity_type === "legal_document").map((event) => JSON.parse(event.changes ?? "{}"))).toEqual([
      { status: ["amended", "repealed"] },
    ]);
    expect((await documentById(target)).status).toBe("repealed");

    // the repeal goes back (its effective date was typed wrong): what stays in force is an amendment
    await expectRefused(browser, repeal, { stage: "promulgated", amending_number: "24/2024/NĐ-CP", promulgated_on: "02/04/2024" }, "reason", REASON_REQUIRED);
    const back = await expectMoved(browser, repeal, {
      stage: "promulgated",
      amending_number: "24/2024/NĐ-CP",
      promulgated_on: "02/04/2024",
      effective_on: "01/01/2099",
      reason: "Chưa đến ngày có hiệu lực",
    });
    expect(onlyStageEvent(back, repeal)).toMatchObject({ from_status: "in_force", to_status: "promulgated", comment: "24/2024/NĐ-CP — Chưa đến ngày có hiệu lực" });
    const update = back.find((event) => event.entity_id === target && event.entity_type === "legal_document");
    expect(update).toMatchObject({ action: "update", comment: "Chưa đến ngày có hiệu lực" });
    expect((await documentById(target)).status).toBe("amended");

    // nothing in force any more: the target is simply in force
    await expectMoved(browser, amend, { stage: "cancelled", reason: "Văn bản sửa đổi bị hủy bỏ", confirmed: "1" });
    expect((await documentById(target)).status).toBe("in_force");
  });
});

describe("a stale stage form", () => {
  test("answers 409 with the other person's move beside this user's choice, and overwrites nothing", async () => {
    const id = await arrangeAmendment("80/2019/NĐ-CP");
    const first = await signedIn(officerByt);
    const second = await signedIn(reviewer);
    const opened = await first.get(`/amendments/${id}`);
    const base = fieldValue(await opened.text(), "_base");
    expect(base).toBeDefined();

    expect((await postStage(second, id, { stage: "appraisal" })).status).toBe(302);
    const before = await amendmentById(id);
    const since = await lastEventId();
    const response = await first.post(`/amendments/${id}`, {
      intent: "stage",
      stage: "drafting",
      amending_number: "",
      amending_type: "",
      promulgated_on: "",
      effective_on: "",
      reason: "",
      version: "1",
      _base: base!,
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("Hồ sơ vừa được người khác thay đổi");
    const row = /<tr[^>]*data-conflict-field="stage"[^>]*>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? "";
    expect(visibleText(row)).toBe("Tiến độ Chưa triển khai Thẩm định Đang soạn thảo");
    expect(fieldValue(html, "stage")).toBe("drafting");
    expect(fieldValue(html, "version")).toBe(String(before.version));
    expect(await amendmentById(id)).toEqual(before);
    expect(await eventsAfter(since)).toEqual([]);
  });
});

describe("comments on an amendment", () => {
  test("the amendment's officer and a reviewer comment; both show in the history", async () => {
    const officer = await signedIn(officerByt);
    const since = await lastEventId();
    const response = await officer.post(`/amendments/${carrierId}`, { intent: "comment", comment: "Đã gửi dự thảo lấy ý kiến các bộ." });
    expect(response.status).toBe(302);
    const secretariat = await signedIn(reviewer);
    expect((await secretariat.post(`/amendments/${carrierId}`, { intent: "comment", comment: "Đề nghị đẩy nhanh tiến độ." })).status).toBe(302);
    const events = await eventsAfter(since);
    expect(events.map((event) => [event.entity_type, event.entity_id, event.action, event.actor_id, event.comment])).toEqual([
      ["amendment", carrierId, "comment", officerByt.id, "Đã gửi dự thảo lấy ý kiến các bộ."],
      ["amendment", carrierId, "comment", reviewer.id, "Đề nghị đẩy nhanh tiến độ."],
    ]);
    const page = visibleText(mainContent(await (await officer.get(`/amendments/${carrierId}`)).text()));
    expect(page).toContain("Đã gửi dự thảo lấy ý kiến các bộ.");
    expect(page).toContain("Đề nghị đẩy nhanh tiến độ.");
  });

  test("an empty comment is refused beside the field; others' officers and viewers get 403", async () => {
    const since = await lastEventId();
    const officer = await signedIn(officerByt);
    const empty = await officer.post(`/amendments/${carrierId}`, { intent: "comment", comment: "   " });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "comment")).toBe("Vui lòng nhập thông tin này.");
    const other = await signedIn(officerBtc);
    expect((await other.post(`/amendments/${carrierId}`, { intent: "comment", comment: "Không phải việc của tôi" })).status).toBe(403);
    const reader = await signedIn(viewer);
    expect((await reader.post(`/amendments/${carrierId}`, { intent: "comment", comment: "Chỉ được xem" })).status).toBe(403);
    const page = mainContent(await (await reader.get(`/amendments/${carrierId}`)).text());
    expect(page).not.toContain('name="comment"');
    expect(await eventsAfter(since)).toEqual([]);
  });
});

describe("the proposals an amendment carries out", () => {
  test("each shows its implementation status; moving the amendment moves it", async () => {
    const browser = await signedIn(officerByt);
    const badge = async () => /data-implementation="([a-z_]+)"/.exec(mainContent(await (await browser.get(`/amendments/${carrierId}`)).text()))?.[1];
    expect(await badge()).toBe("not_started");
    await expectMoved(browser, carrierId, { stage: "drafting" });
    expect(await badge()).toBe("in_progress");
    await expectMoved(browser, carrierId, { stage: "in_force", amending_number: "25/2024/NĐ-CP", promulgated_on: "10/04/2024", effective_on: "10/05/2024" });
    expect(await badge()).toBe("implemented");
  });

  test("unlinking a proposal writes an unlink event on both sides and recomputes its progress", async () => {
    const other = await signedIn(officerBtc);
    expect((await other.post(`/amendments/${carrierId}`, { intent: "unlink", proposal: approvedCode, confirmed: "1" })).status).toBe(403);

    const browser = await signedIn(officerByt);
    const since = await lastEventId();
    const response = await browser.post(`/amendments/${carrierId}`, { intent: "unlink", proposal: approvedCode.toLowerCase(), confirmed: "1" });
    expect(response.status).toBe(302);
    const links = await server.db().selectFrom("proposal_amendments").selectAll().where("amendment_id", "=", carrierId).execute();
    expect(links).toEqual([]);
    const events = await eventsAfter(since);
    expect(events.map((event) => [event.entity_type, event.entity_id, event.action, event.comment])).toEqual([
      ["proposal", approvedId, "unlink", `#${carrierId}`],
      ["amendment", carrierId, "unlink", approvedCode],
    ]);
    const proposal = await server.db().selectFrom("proposals").select("implementation_progress").where("id", "=", approvedId).executeTakeFirstOrThrow();
    // no amendment is left to carry it out: it needs a new one or a reason none is needed
    expect(proposal.implementation_progress).toBe("needs_amendment");

    // a second press (an outdated page) changes nothing
    const again = await lastEventId();
    expect((await browser.post(`/amendments/${carrierId}`, { intent: "unlink", proposal: approvedCode, confirmed: "1" })).status).toBe(302);
    expect(await eventsAfter(again)).toEqual([]);
  });
});

describe("the amendments list", () => {
  test("offers to include the records of an agency's predecessors", async () => {
    const browser = await signedIn(viewer);
    const checkbox = (html: string) => /<input type="checkbox" name="predecessors"[^>]*>/.exec(mainContent(html))?.[0] ?? "";
    const plain = checkbox(await (await browser.get("/amendments?agency=BYT")).text());
    expect(plain).toContain('value="1"');
    expect(plain).not.toContain("checked");
    const withPredecessors = mainContent(await (await browser.get("/amendments?agency=BYT&predecessors=1")).text());
    expect(checkbox(withPredecessors)).toContain('checked=""');
    expect(visibleText(withPredecessors)).toContain("Gồm hồ sơ của cơ quan tiền nhiệm");
  });
});
