import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { implementationProgress, implementationStatus } from "~/domain/implementation";
import { IMPLEMENTATION_STATUSES, type ImplementationStatus } from "~/domain/vocabulary";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import {
  createAgencies,
  createDecisionFor,
  createProposalFor,
  createUserWith,
  proposalFields,
  type ProposalFields,
  type TestUser,
} from "../support/factories";
import { fieldError, mainContent, visibleText, type Client, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The proposal workflow over HTTP: submitting, returning, approving, who may do what, the
// officers' lock on decided proposals, comments, bulk review and the implementation filter.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let admin: TestUser;
/** Signed "Năm 2023": its proposals fall due on 31/12/2023. */
let decision2023: number;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      officerBtc = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      viewer = await createUserWith(db, { role: "viewer" });
      admin = await createUserWith(db, { role: "admin" });
      decision2023 = await createDecisionFor(db, reviewer, { number: "1015/QĐ-TTg", timeline: "Năm 2023" });
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

/** Every field a submission needs, so only what a test leaves out is missing. */
const COMPLETE: ProposalFields = {
  source_document: "54/2017/NĐ-CP",
  source_provision: "khoản 2 Điều 5",
  rationale: "Trùng với thông tin đã có trong cơ sở dữ liệu quốc gia về dược.",
  cost_before_vnd: "1.250.000.000",
  cost_after_vnd: "250.000.000",
};

function proposalByCode(code: string) {
  return server.db().selectFrom("proposals").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
}

function proposalEvents(proposalId: number) {
  return server
    .db()
    .selectFrom("events")
    .selectAll()
    .where("entity_type", "=", "proposal")
    .where("entity_id", "=", proposalId)
    .orderBy("id")
    .execute();
}

async function eventCount(): Promise<number> {
  const row = await server.db().selectFrom("events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

/** A complete draft of officerByt's agency with an amendment task linked to it. */
async function draftWithAmendment(overrides: ProposalFields = {}): Promise<{ id: number; code: string; amendmentId: number }> {
  const proposal = await createProposalFor(server.db(), officerByt, { ...COMPLETE, ...overrides });
  const amendmentId = await createAmendment(
    server.db(),
    officerByt,
    AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: proposal.code }),
  );
  return { ...proposal, amendmentId };
}

/** Posts one of the proposal page's forms (the page is an index route, hence `?index`). */
async function postTransition(browser: Client, code: string, fields: Record<string, string>): Promise<Response> {
  const { version } = await proposalByCode(code);
  return browser.post(`/proposals/${code}?index`, { version: String(version), ...fields });
}

/**
 * Posts the bulk review form with several ticked codes (the client's post takes one value per
 * name), signed in as `browser`'s user.
 */
function postBulk(browser: Client, fields: string[][]): Promise<Response> {
  return fetch(`${server.url}/proposals/review`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      Cookie: `tg_session=${browser.cookie("tg_session")}`,
    },
  });
}

/** Moves a proposal through the service, as its page would, for tests about what comes after. */
async function advance(code: string, steps: ("submit" | "approve")[], approval: { dueOn?: string } = {}) {
  for (const step of steps) {
    const actor = step === "submit" ? officerByt : reviewer;
    await transitionProposal(server.db(), actor, code, step, { decisionId: decision2023, dueOn: approval.dueOn ?? null });
  }
}

describe("submitting", () => {
  test("an incomplete proposal is refused with 422, each gap named; nothing moves", async () => {
    const { id, code } = await createProposalFor(server.db(), officerByt);
    const eventsBefore = await eventCount();
    const browser = await signedIn(officerByt);

    const response = await postTransition(browser, code, { intent: "submit" });
    expect(response.status).toBe(422);
    const html = await response.text();
    for (const field of ["source_document", "source_provision", "rationale", "cost_before_vnd", "cost_after_vnd"]) {
      expect(fieldError(html, field), field).toBe("Cần có thông tin này trước khi gửi đề xuất.");
    }
    expect(fieldError(html, "no_amendment_reason")).toBe(
      "Cần liên kết ít nhất một văn bản cần sửa đổi, hoặc nêu lý do không cần sửa đổi văn bản nào.",
    );
    expect(visibleText(mainContent(html))).toContain("Điều, khoản: Cần có thông tin này trước khi gửi đề xuất.");
    expect((await proposalByCode(code)).status).toBe("draft");
    expect(await eventCount()).toBe(eventsBefore);
    expect((await proposalEvents(id)).map((event) => event.action)).toEqual(["create"]);
  });

  test("a complete proposal with an amendment is submitted, with one status event, and its page shows it", async () => {
    const { id, code } = await draftWithAmendment();
    const eventsBefore = (await proposalEvents(id)).length;
    const browser = await signedIn(officerByt);

    const page = await browser.get(`/proposals/${code}`);
    const html = mainContent(await page.text());
    expect(html).toContain('data-transition="submit"');
    expect(html).toContain('data-transition="withdraw"');
    expect(html).not.toContain('data-transition="approve"');
    // an amendment is linked, so no reason is asked for
    expect(html).not.toContain('name="no_amendment_reason"');

    const response = await postTransition(browser, code, { intent: "submit" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/proposals/${code}`);
    expect(await proposalByCode(code)).toMatchObject({ status: "submitted", version: 2 });
    const events = (await proposalEvents(id)).slice(eventsBefore);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "status", from_status: "draft", to_status: "submitted", actor_id: officerByt.id });

    const after = visibleText(mainContent(await (await browser.get(`/proposals/${code}`)).text()));
    expect(after).toContain("Trạng thái: Đã gửi");
    expect(after).toMatch(/Nháp .{0,8}Đã gửi/);
  });

  test("without an amendment, a stated reason is enough; it is kept on the proposal", async () => {
    const { id, code } = await createProposalFor(server.db(), officerByt, COMPLETE);
    const browser = await signedIn(officerByt);
    expect(mainContent(await (await browser.get(`/proposals/${code}`)).text())).toContain('name="no_amendment_reason"');

    const reason = "Quy định nằm trong văn bản đã hết hiệu lực; chỉ cần cập nhật cơ sở dữ liệu.";
    const response = await postTransition(browser, code, { intent: "submit", no_amendment_reason: reason });
    expect(response.status).toBe(302);
    expect(await proposalByCode(code)).toMatchObject({ status: "submitted", no_amendment_reason: reason });
    expect((await proposalEvents(id)).filter((event) => event.action === "status")).toHaveLength(1);
  });
});

describe("review: return, resubmit, approve", () => {
  test("a reviewer returns with a comment (none: 422), the officer resubmits, the reviewer approves under a decision", async () => {
    const { id, code } = await draftWithAmendment();
    await advance(code, ["submit"]);
    const secretariat = await signedIn(reviewer);
    const ministry = await signedIn(officerByt);

    const reviewPage = mainContent(await (await secretariat.get(`/proposals/${code}`)).text());
    for (const transition of ["return", "reject", "approve"]) expect(reviewPage).toContain(`data-transition="${transition}"`);
    expect(reviewPage).not.toContain('data-transition="submit"');

    const noComment = await postTransition(secretariat, code, { intent: "return", comment: "  " });
    expect(noComment.status).toBe(422);
    expect(fieldError(await noComment.text(), "comment")).toBe("Vui lòng nhập thông tin này.");
    expect((await proposalByCode(code)).status).toBe("submitted");

    const comment = "Bổ sung căn cứ tính chi phí tuân thủ.";
    const returned = await postTransition(secretariat, code, { intent: "return", comment });
    expect(returned.status).toBe(302);
    expect((await proposalByCode(code)).status).toBe("returned");
    expect((await proposalEvents(id)).at(-1)).toMatchObject({ action: "status", from_status: "submitted", to_status: "returned", comment });
    expect(visibleText(mainContent(await (await ministry.get(`/proposals/${code}`)).text()))).toContain(comment);

    const resubmitted = await postTransition(ministry, code, { intent: "submit" });
    expect(resubmitted.status).toBe(302);
    expect((await proposalByCode(code)).status).toBe("submitted");

    const noDecision = await postTransition(secretariat, code, { intent: "approve", decision: "" });
    expect(noDecision.status).toBe(422);
    expect(fieldError(await noDecision.text(), "decision")).toBe("Vui lòng chọn một mục.");

    const approved = await postTransition(secretariat, code, { intent: "approve", decision: String(decision2023), due_on: "" });
    expect(approved.status).toBe(302);
    expect(await proposalByCode(code)).toMatchObject({
      status: "approved",
      decision_id: decision2023,
      due_on: "2023-12-31",
      implementation_progress: "not_started",
    });
    const statusEvents = (await proposalEvents(id)).filter((event) => event.action === "status");
    expect(statusEvents.map((event) => event.to_status)).toEqual(["submitted", "returned", "submitted", "approved"]);
    expect(statusEvents.at(-1)?.comment).toContain("1015/QĐ-TTg");

    const page = mainContent(await (await ministry.get(`/proposals/${code}`)).text());
    expect(visibleText(page)).toContain("Trạng thái: Đã phê duyệt");
    // due 31/12/2023 and not implemented: overdue
    expect(page).toContain('data-implementation="overdue"');
  });

  test("an explicit due date overrides the decision's timeline", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit"]);
    const secretariat = await signedIn(reviewer);
    const response = await postTransition(secretariat, code, { intent: "approve", decision: String(decision2023), due_on: "30/06/2099" });
    expect(response.status).toBe(302);
    expect(await proposalByCode(code)).toMatchObject({ status: "approved", due_on: "2099-06-30" });
  });

  test("an invalid due date is refused beside its field", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit"]);
    const secretariat = await signedIn(reviewer);
    const response = await postTransition(secretariat, code, { intent: "approve", decision: String(decision2023), due_on: "31/02/2024" });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "due_on")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect((await proposalByCode(code)).status).toBe("submitted");
  });
});

describe("what is refused", () => {
  test("an officer cannot edit an approved proposal: 409 with a message for the form and its post, nothing changed; reviewers still can", async () => {
    const { id, code } = await draftWithAmendment({ title: "Quy định trước khi phê duyệt" });
    await advance(code, ["submit", "approve"]);
    const before = await proposalByCode(code);
    const eventsBefore = await eventCount();
    const ministry = await signedIn(officerByt);

    expect(mainContent(await (await ministry.get(`/proposals/${code}`)).text())).not.toContain(`href="/proposals/${code}/edit"`);
    const form = await ministry.get(`/proposals/${code}/edit`);
    expect(form.status).toBe(409);
    const formHtml = mainContent(await form.text());
    expect(visibleText(formHtml)).toContain("cán bộ bộ, ngành không sửa được nữa");
    expect(formHtml).not.toContain('name="title"');
    const response = await ministry.post(
      `/proposals/${code}/edit`,
      proposalFields("BYT", { ...COMPLETE, title: "Sửa sau khi phê duyệt", version: String(before.version) }),
    );
    expect(response.status).toBe(409);
    expect(visibleText(mainContent(await response.text()))).toContain("cán bộ bộ, ngành không sửa được nữa");
    expect(await proposalByCode(code)).toEqual(before);
    expect(await eventCount()).toBe(eventsBefore);

    const secretariat = await signedIn(reviewer);
    expect(mainContent(await (await secretariat.get(`/proposals/${code}`)).text())).toContain(`href="/proposals/${code}/edit"`);
    const corrected = await secretariat.post(
      `/proposals/${code}/edit`,
      proposalFields("BYT", { ...COMPLETE, title: "Quy định sau khi phê duyệt", version: String(before.version) }),
    );
    expect(corrected.status).toBe(302);
    expect((await proposalByCode(code)).title).toBe("Quy định sau khi phê duyệt");
    expect((await proposalEvents(id)).at(-1)).toMatchObject({ action: "update", actor_id: reviewer.id });
  });

  test("a viewer's posts and another agency's officer's are 403; nothing changes", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit"]);
    const before = await proposalByCode(code);
    const eventsBefore = await eventCount();

    const watcher = await signedIn(viewer);
    const page = mainContent(await (await watcher.get(`/proposals/${code}`)).text());
    expect(page).not.toContain("data-transition=");
    expect(page).not.toContain('name="intent"');
    const attempts: Record<string, string>[] = [
      { intent: "approve", decision: String(decision2023) },
      { intent: "return", comment: "Không có quyền" },
      { intent: "comment", comment: "Không có quyền" },
    ];
    for (const fields of attempts) {
      const response = await postTransition(watcher, code, fields);
      expect(response.status, fields.intent).toBe(403);
      expect(mainContent(await response.text())).toContain("Không có quyền");
    }

    const otherMinistry = await signedIn(officerBtc);
    expect((await postTransition(otherMinistry, code, { intent: "withdraw", comment: "Rút hộ" })).status).toBe(403);
    expect(await proposalByCode(code)).toEqual(before);
    expect(await eventCount()).toBe(eventsBefore);
  });

  test("a transition the status does not allow is a 409 with a message; a stale page is a 409 too", async () => {
    const { code } = await draftWithAmendment();
    const secretariat = await signedIn(reviewer);
    const eventsBefore = await eventCount();

    const notNow = await postTransition(secretariat, code, { intent: "approve", decision: String(decision2023) });
    expect(notNow.status).toBe(409);
    expect(visibleText(mainContent(await notNow.text()))).toContain("Thao tác này không thực hiện được ở trạng thái hiện tại của hồ sơ.");
    expect((await proposalByCode(code)).status).toBe("draft");

    const ministry = await signedIn(officerByt);
    const stale = await ministry.post(`/proposals/${code}?index`, { intent: "submit", version: "0" });
    expect(stale.status).toBe(409);
    expect(visibleText(mainContent(await stale.text()))).toContain("Hồ sơ vừa được người khác thay đổi");
    expect((await proposalByCode(code)).status).toBe("draft");
    expect(await eventCount()).toBe(eventsBefore);

    const unknown = await ministry.post(`/proposals/${code}?index`, { intent: "publish" });
    expect(unknown.status).toBe(400);
  });

  test("only an admin reopens a decided proposal, with a comment", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit", "approve"]);
    const secretariat = await signedIn(reviewer);
    expect((await postTransition(secretariat, code, { intent: "reopen", comment: "Xem lại" })).status).toBe(403);

    const administrator = await signedIn(admin);
    expect(mainContent(await (await administrator.get(`/proposals/${code}`)).text())).toContain('data-transition="reopen"');
    expect((await postTransition(administrator, code, { intent: "reopen", comment: "" })).status).toBe(422);
    expect((await postTransition(administrator, code, { intent: "reopen", comment: "Quyết định được đính chính." })).status).toBe(302);
    expect(await proposalByCode(code)).toMatchObject({ status: "submitted", decision_id: null, implementation_progress: null });
  });
});

describe("comments", () => {
  test("the officer and the reviewer comment; each comment is one event shown in the history; an empty one is 422", async () => {
    const { id, code } = await draftWithAmendment();
    const ministry = await signedIn(officerByt);
    const secretariat = await signedIn(reviewer);

    const empty = await ministry.post(`/proposals/${code}?index`, { intent: "comment", comment: "" });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "comment")).toBe("Vui lòng nhập thông tin này.");

    const question = "Đề nghị cho biết căn cứ tính chi phí.";
    const reply = "Căn cứ số liệu năm 2022 của 1.200 doanh nghiệp.";
    expect((await secretariat.post(`/proposals/${code}?index`, { intent: "comment", comment: question })).status).toBe(302);
    expect((await ministry.post(`/proposals/${code}?index`, { intent: "comment", comment: reply })).status).toBe(302);

    const comments = (await proposalEvents(id)).filter((event) => event.action === "comment");
    expect(comments.map((event) => [event.actor_id, event.comment])).toEqual([
      [reviewer.id, question],
      [officerByt.id, reply],
    ]);
    const history = visibleText(mainContent(await (await ministry.get(`/proposals/${code}`)).text()));
    expect(history).toContain(question);
    expect(history).toContain(reply);
    expect((await proposalByCode(code)).status).toBe("draft");
  });
});

describe("bulk review", () => {
  test("the list offers a checkbox for each submitted proposal to reviewers only, and the bulk form", async () => {
    const submitted = await draftWithAmendment({ title: "Bulk checkbox submitted" });
    const draft = await draftWithAmendment({ title: "Bulk checkbox draft" });
    await advance(submitted.code, ["submit"]);

    const secretariat = mainContent(await (await (await signedIn(reviewer)).get("/proposals?q=bulk+checkbox")).text());
    expect(secretariat).toMatch(new RegExp(`<input[^>]*name="code"[^>]*value="${submitted.code}"`));
    expect(secretariat).not.toMatch(new RegExp(`<input[^>]*name="code"[^>]*value="${draft.code}"`));
    expect(secretariat).toContain('action="/proposals/review"');
    expect(secretariat).toContain('name="redirectTo" value="/proposals?q=bulk+checkbox"');

    const ministry = mainContent(await (await (await signedIn(officerByt)).get("/proposals?q=bulk+checkbox")).text());
    expect(ministry).not.toContain('name="code"');
    expect(ministry).not.toContain('action="/proposals/review"');
  });

  test("approving three where one is a draft moves none, and the page names the draft and why", async () => {
    const first = await draftWithAmendment();
    const second = await draftWithAmendment();
    const draft = await draftWithAmendment();
    await advance(first.code, ["submit"]);
    await advance(second.code, ["submit"]);
    const eventsBefore = await eventCount();
    const secretariat = await signedIn(reviewer);

    const body = [
      ["code", first.code],
      ["code", draft.code],
      ["code", second.code],
      ["transition", "approve"],
      ["decision", String(decision2023)],
      ["redirectTo", "/proposals?status=submitted"],
    ];
    const response = await postBulk(secretariat, body);
    expect(response.status).toBe(409);
    const main = mainContent(await response.text());
    expect(main).toContain(`data-refused-code="${draft.code}"`);
    expect(main).not.toContain(`data-refused-code="${first.code}"`);
    const text = visibleText(main);
    expect(text).toContain("Không đề xuất nào được chuyển trạng thái");
    expect(text).toContain(`${draft.code}`);
    expect(text).toContain("Nháp Thao tác này không thực hiện được ở trạng thái hiện tại của hồ sơ.");
    expect(main).toContain('href="/proposals?status=submitted"');

    for (const { code } of [first, second]) expect((await proposalByCode(code)).status).toBe("submitted");
    expect((await proposalByCode(draft.code)).status).toBe("draft");
    expect(await eventCount()).toBe(eventsBefore);
  });

  test("approving valid ones approves all, one event each, and returns to the filtered list with a note", async () => {
    const proposals = [await draftWithAmendment(), await draftWithAmendment(), await draftWithAmendment()];
    for (const { code } of proposals) await advance(code, ["submit"]);
    const secretariat = await signedIn(reviewer);
    const eventsBefore = await Promise.all(proposals.map(async ({ id }) => (await proposalEvents(id)).length));

    const body = [
      ...proposals.map(({ code }) => ["code", code]),
      ["transition", "approve"],
      ["decision", String(decision2023)],
      ["comment", ""],
      ["redirectTo", "/proposals?status=submitted&reviewed=9&review=return"],
    ];
    const response = await postBulk(secretariat, body);
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe("/proposals?status=submitted&reviewed=3&review=approve");

    for (const [index, { id, code }] of proposals.entries()) {
      expect(await proposalByCode(code)).toMatchObject({ status: "approved", decision_id: decision2023, due_on: "2023-12-31" });
      const events = (await proposalEvents(id)).slice(eventsBefore[index]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: "status", from_status: "submitted", to_status: "approved", actor_id: reviewer.id });
    }

    const list = mainContent(await (await secretariat.get(location)).text());
    expect(visibleText(list)).toContain("Đã phê duyệt 3 đề xuất.");
  });

  test("returning needs a comment, approving a decision, and something must be ticked: 422 with messages", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit"]);
    const secretariat = await signedIn(reviewer);

    const noComment = await secretariat.post("/proposals/review", { code, transition: "return", comment: "" });
    expect(noComment.status).toBe(422);
    const noCommentHtml = await noComment.text();
    expect(fieldError(noCommentHtml, "comment")).toBe("Vui lòng nhập thông tin này.");
    expect(mainContent(noCommentHtml)).toContain('href="/proposals"');

    const noDecision = await secretariat.post("/proposals/review", { code, transition: "approve", decision: "" });
    expect(noDecision.status).toBe(422);
    expect(fieldError(await noDecision.text(), "decision")).toBe("Vui lòng chọn một mục.");

    const nothing = await secretariat.post("/proposals/review", { transition: "return", comment: "Bổ sung" });
    expect(nothing.status).toBe(422);
    expect(fieldError(await nothing.text(), "code")).toBe("Hãy chọn ít nhất một đề xuất.");
    expect((await proposalByCode(code)).status).toBe("submitted");

    const returned = await secretariat.post("/proposals/review", { code, transition: "return", comment: "Bổ sung số liệu" });
    expect(returned.status).toBe(302);
    expect(returned.headers.get("location")).toBe("/proposals?reviewed=1&review=return");
    expect((await proposalByCode(code)).status).toBe("returned");
  });

  test("an officer cannot bulk review", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit"]);
    const ministry = await signedIn(officerByt);
    const response = await ministry.post("/proposals/review", { code, transition: "approve", decision: String(decision2023) });
    expect(response.status).toBe(403);
    expect((await proposalByCode(code)).status).toBe("submitted");
  });
});

describe("an approved proposal whose amendments were all cancelled", () => {
  /** Approved (due 31/12/2023, long past), its only amendment then cancelled. */
  async function approvedAndCancelled() {
    const proposal = await draftWithAmendment();
    await advance(proposal.code, ["submit", "approve"]);
    await moveAmendmentStage(server.db(), officerByt, proposal.amendmentId, AmendmentStageSchema.parse({ stage: "cancelled", reason: "Gộp vào nhiệm vụ khác" }));
    return proposal;
  }

  test("reads as needing a new amendment or a reason, not overdue, with both ways out, on its page and in the deadline list", async () => {
    const { code } = await approvedAndCancelled();
    const ministry = await signedIn(officerByt);
    const page = mainContent(await (await ministry.get(`/proposals/${code}`)).text());
    expect([...page.matchAll(/data-implementation="([a-z_]+)"/g)].map((match) => match[1])).toEqual(["needs_amendment", "needs_amendment"]);
    expect(visibleText(page)).toContain("Cần nhiệm vụ sửa đổi mới hoặc lý do không cần sửa đổi");
    expect(page).toContain(`href="/amendments/new?proposal=${code}"`);
    expect(page).toMatch(/<textarea[^>]*name="no_amendment_reason"/);

    const deadlines = mainContent(await (await ministry.get(`/deadlines?all=1&group=none&q=${code}`)).text());
    const needs = /<table[^>]*data-deadlines="needs-amendment"[\s\S]*?<\/table>/.exec(deadlines)?.[0] ?? "";
    expect(needs).toContain(`data-record="proposal:${code}"`);
    expect(needs).toContain(`href="/proposals/${code}#needs-amendment"`);
    const overdue = /<table[^>]*data-deadlines="overdue"[\s\S]*?<\/table>/.exec(deadlines)?.[0] ?? "";
    expect(overdue).not.toContain(`proposal:${code}`);

    // the decision's report says the same: no "no document to amend" for an agency whose regulation waits
    const decisionPage = mainContent(await (await ministry.get(`/decisions/${decision2023}`)).text());
    expect(visibleText(decisionPage)).toMatch(/\d+ quy định cần nhiệm vụ sửa đổi mới hoặc lý do không cần sửa đổi/);
  });

  test("whoever may update its agency's amendments, or a reviewer, records why none is needed: it is implemented, with a history event", async () => {
    const { id, code } = await approvedAndCancelled();
    const version = String((await proposalByCode(code)).version);
    for (const outsider of [officerBtc, viewer]) {
      const browser = await signedIn(outsider);
      expect((await browser.post(`/proposals/${code}`, { intent: "no_amendment", no_amendment_reason: "Không cần", version })).status).toBe(403);
    }
    const ministry = await signedIn(officerByt);
    const empty = await ministry.post(`/proposals/${code}`, { intent: "no_amendment", no_amendment_reason: " ", version });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "no_amendment_reason")).toBe("Vui lòng nhập thông tin này.");
    expect((await ministry.post(`/proposals/${code}`, { intent: "no_amendment", no_amendment_reason: "Cũ", version: String(Number(version) - 1) })).status).toBe(409);

    const before = await eventCount();
    const saved = await ministry.post(`/proposals/${code}`, { intent: "no_amendment", no_amendment_reason: "Đã bãi bỏ tại Nghị định 12/2024/NĐ-CP.", version });
    expect(saved.status).toBe(302);
    expect(await proposalByCode(code)).toMatchObject({ implementation_progress: "implemented", no_amendment_reason: "Đã bãi bỏ tại Nghị định 12/2024/NĐ-CP." });
    expect(await eventCount()).toBe(before + 1);
    expect((await proposalEvents(id)).at(-1)).toMatchObject({
      action: "update",
      actor_id: officerByt.id,
      changes: JSON.stringify({ no_amendment_reason: [null, "Đã bãi bỏ tại Nghị định 12/2024/NĐ-CP."], implementation_progress: ["needs_amendment", "implemented"] }),
    });
    // done once: a second post finds nothing to resolve
    const again = await ministry.post(`/proposals/${code}`, { intent: "no_amendment", no_amendment_reason: "Lần nữa", version: String(Number(version) + 1) });
    expect(again.status).toBe(409);

    const other = await approvedAndCancelled();
    const secretariat = await signedIn(reviewer);
    const byReviewer = await secretariat.post(`/proposals/${other.code}`, {
      intent: "no_amendment",
      no_amendment_reason: "Theo kết luận của Ban Chỉ đạo.",
      version: String((await proposalByCode(other.code)).version),
    });
    expect(byReviewer.status).toBe(302);
    expect((await proposalByCode(other.code)).implementation_progress).toBe("implemented");
  });
});

describe("implementation status", () => {
  test("each filter finds exactly the proposals whose derived status it names", async () => {
    const db = server.db();
    // not started and overdue (due 2023), not started and not yet due, in progress both ways, implemented
    const notStartedLate = await draftWithAmendment();
    await advance(notStartedLate.code, ["submit", "approve"]);
    const notStarted = await draftWithAmendment();
    await advance(notStarted.code, ["submit", "approve"], { dueOn: "2099-12-31" });
    const inProgressLate = await draftWithAmendment();
    await advance(inProgressLate.code, ["submit", "approve"]);
    await moveAmendmentStage(db, officerByt, inProgressLate.amendmentId, AmendmentStageSchema.parse({ stage: "drafting" }));
    const inProgress = await draftWithAmendment();
    await advance(inProgress.code, ["submit", "approve"], { dueOn: "2099-12-31" });
    await moveAmendmentStage(db, officerByt, inProgress.amendmentId, AmendmentStageSchema.parse({ stage: "consultation" }));
    const implemented = await createProposalFor(db, officerByt, COMPLETE);
    await transitionProposal(db, officerByt, implemented.code, "submit", { noAmendmentReason: "Chỉ cần sửa hướng dẫn nội bộ." });
    await advance(implemented.code, ["approve"]);
    // past its due date, but its only amendment was cancelled: it needs a new one, it is not overdue
    const cancelled = await draftWithAmendment();
    await advance(cancelled.code, ["submit", "approve"]);
    await moveAmendmentStage(db, officerByt, cancelled.amendmentId, AmendmentStageSchema.parse({ stage: "cancelled", reason: "Đã xử lý tại văn bản khác" }));

    // the derivation, computed here from the proposals and their amendments' stages
    const today = todayIso();
    const [proposals, links] = await Promise.all([
      db.selectFrom("proposals").select(["id", "status", "no_amendment_reason", "due_on", "implementation_progress"]).execute(),
      db
        .selectFrom("proposal_amendments")
        .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
        .select(["proposal_amendments.proposal_id", "amendments.stage"])
        .execute(),
    ]);
    const expected: Record<ImplementationStatus, number> = { not_started: 0, in_progress: 0, needs_amendment: 0, implemented: 0, overdue: 0 };
    for (const proposal of proposals) {
      const progress = implementationProgress({
        status: proposal.status,
        noAmendmentReason: proposal.no_amendment_reason,
        stages: links.filter((link) => link.proposal_id === proposal.id).map((link) => link.stage),
      });
      expect(proposal.implementation_progress, `stored progress of proposal ${proposal.id}`).toBe(progress);
      const status = implementationStatus(progress, proposal.due_on, today);
      if (status) expected[status] += 1;
    }
    expect(Object.values(expected).every((n) => n > 0)).toBe(true);

    const browser = await signedIn(viewer);
    for (const status of IMPLEMENTATION_STATUSES) {
      const main = mainContent(await (await browser.get(`/proposals?implementation=${status}`)).text());
      expect(visibleText(main), status).toContain(`${expected[status]} kết quả`);
      const badges = [...main.matchAll(/data-implementation="([a-z_]+)"/g)].map((match) => match[1]);
      expect(badges.length, status).toBe(Math.min(expected[status], 25));
      expect(new Set(badges), status).toEqual(new Set([status]));
    }
    const page = (code: string) => browser.get(`/proposals?implementation=in_progress&q=${code}`).then((r) => r.text());
    expect(mainContent(await page(inProgress.code))).toContain(`href="/proposals/${inProgress.code}"`);
    expect(mainContent(await page(inProgressLate.code))).not.toContain(`href="/proposals/${inProgressLate.code}"`);
    const overdue = mainContent(await (await browser.get(`/proposals?implementation=overdue&q=${cancelled.code}`)).text());
    expect(overdue).not.toContain(`href="/proposals/${cancelled.code}"`);
  });

  test("the filter form offers the implementation status and the predecessors checkbox", async () => {
    const browser = await signedIn(viewer);
    const main = mainContent(await (await browser.get("/proposals?implementation=overdue&predecessors=1&agency=BYT")).text());
    expect(main).toMatch(/<select[^>]*name="implementation"/);
    expect(main).toMatch(/<option[^>]*selected=""[^>]*value="overdue"|<option[^>]*value="overdue"[^>]*selected=""/);
    const checkbox = /<input[^>]*name="predecessors"[^>]*>/.exec(main)?.[0] ?? "";
    expect(checkbox).toContain('type="checkbox"');
    expect(checkbox).toContain('value="1"');
    expect(checkbox).toContain('checked=""');
  });

  test("decision and document pages show each proposal's implementation", async () => {
    const { code } = await draftWithAmendment();
    await advance(code, ["submit", "approve"]);
    const { source_document_id } = await proposalByCode(code);
    const browser = await signedIn(viewer);
    const decisionPage = mainContent(await (await browser.get(`/decisions/${decision2023}`)).text());
    expect(decisionPage).toContain("Tình hình thực thi");
    expect(decisionPage).toContain('data-implementation="overdue"');
    const documentPage = mainContent(await (await browser.get(`/documents/${source_document_id}`)).text());
    expect(documentPage).toContain("Tình hình thực thi");
    expect(documentPage).toContain('data-implementation="');
  });
});
