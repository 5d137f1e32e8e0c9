import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment, linkProposalsToAmendment } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, mainContent, signedInOnce, type SignedIn, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Writes over HTTP that touch records of more than one agency, and edits posted without the
// version they were opened at: every record a write touches is checked, and a refusal writes
// nothing. (tests/integration/write-authorization.test.ts walks every service the same way.)

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let officerByt: TestUser;
let officerBct: TestUser;
let reviewer: TestUser;
let admin: TestUser;
/** BYT's approved proposal, implemented with no document to amend. */
let bytImplemented: { id: number; code: string };
/** BYT's approved proposal carried by BCT's amendment, linked there by the secretariat. */
let bytOnBct: { id: number; code: string };
/** BCT's own approved proposal. */
let bctOwn: { id: number; code: string };
let bctAmendment: number;
let bctCarrier: number;
/** A document led by BYT, issued 10/01/2020, in force from 01/03/2020. */
let bytDocument: { id: number; number: string };

async function approved(actor: TestUser, title: string, noAmendmentReason?: string) {
  const proposal = await createProposalFor(server.db(), actor, {
    title,
    source_document: "54/2017/NĐ-CP",
    source_provision: "Điều 5",
    rationale: "Gây tốn kém cho doanh nghiệp.",
    cost_before_vnd: "2.000.000.000",
    cost_after_vnd: "500.000.000",
  });
  await transitionProposal(server.db(), actor, proposal.code, "submit", { noAmendmentReason: noAmendmentReason ?? "Chỉ cần sửa quy trình nội bộ." });
  const decisionId = (await server.db().selectFrom("decisions").select("id").executeTakeFirstOrThrow()).id;
  await transitionProposal(server.db(), reviewer, proposal.code, "approve", { decisionId });
  return proposal;
}

function amendmentOf(actor: TestUser, agency: string, document: string, proposals: string[] = []) {
  return createAmendment(
    server.db(),
    actor,
    AmendmentSchema.parse({ document, doc_type: "", agency, provisions: "", form: "amend", deadline: "", note: "", proposals: proposals.join(", ") }),
  );
}

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db, ["BYT", "BCT"]);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      officerBct = await createUserWith(db, { role: "officer", agencyCode: "BCT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      admin = await createUserWith(db, { role: "admin" });
      await createDecisionFor(db, reviewer);
      bytDocument = {
        number: "12/2020/TT-BYT",
        id: await createDocumentFor(db, reviewer, { number: "12/2020/TT-BYT", lead_agency: "BYT", issued_on: "10/01/2020", effective_on: "01/03/2020" }),
      };
    },
  });
  signedIn = signedInOnce(server.url);
  bytImplemented = await approved(officerByt, "Giấy xác nhận kinh nghiệm của người phụ trách chuyên môn");
  bytOnBct = await approved(officerByt, "Bản sao chứng thực giấy chứng nhận đủ điều kiện");
  bctOwn = await approved(officerBct, "Báo cáo định kỳ hằng quý về tình hình kinh doanh");
  bctAmendment = await amendmentOf(officerBct, "BCT", "08/2018/NĐ-CP");
  bctCarrier = await amendmentOf(officerBct, "BCT", "09/2018/NĐ-CP");
  await linkProposalsToAmendment(server.db(), reviewer, bctCarrier, [bytOnBct.code]);
});

afterAll(async () => {
  await server?.stop();
});

function proposalRow(id: number) {
  return server.db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function linksOf(amendmentId: number) {
  return server.db().selectFrom("proposal_amendments").select("proposal_id").where("amendment_id", "=", amendmentId).orderBy("proposal_id").execute();
}

async function counts() {
  const count = async (table: "events" | "amendments" | "proposal_amendments" | "legal_documents") =>
    Number((await server.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { events: await count("events"), amendments: await count("amendments"), links: await count("proposal_amendments"), documents: await count("legal_documents") };
}

async function amendmentVersion(id: number) {
  return (await server.db().selectFrom("amendments").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
}

describe("linking and unlinking another agency's proposal", () => {
  test("an officer of BCT cannot link BYT's proposal to a BCT amendment: 422 beside the field naming it, nothing written", async () => {
    const browser = await signedIn(officerBct);
    const [before, proposalBefore] = [await counts(), await proposalRow(bytImplemented.id)];
    const response = await browser.post(`/amendments/${bctAmendment}`, { intent: "link", proposals: `${bctOwn.code}, ${bytImplemented.code}` });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "proposals")).toBe(
      `Bạn không được liên kết hay gỡ đề xuất ${bytImplemented.code} của bộ, ngành khác. Bộ, ngành đó hoặc Thư ký Ban Chỉ đạo có thể làm việc này.`,
    );
    // all or nothing: BCT's own proposal named beside it is not linked either
    expect(await linksOf(bctAmendment)).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(await proposalRow(bytImplemented.id)).toEqual(proposalBefore);
    expect(proposalBefore.implementation_progress).toBe("implemented");

    await browser.post("/set-language", { locale: "en", redirectTo: "/" });
    const english = await browser.post(`/amendments/${bctAmendment}`, { intent: "link", proposals: bytImplemented.code });
    expect(english.status).toBe(422);
    expect(fieldError(await english.text(), "proposals")).toBe(
      `You may not link or unlink ${bytImplemented.code}: another agency's proposals. That agency or the steering committee secretariat can do it.`,
    );
  });

  test("nor create a BCT amendment carrying BYT's proposal: 422 beside the proposals field, no amendment", async () => {
    const browser = await signedIn(officerBct);
    const before = await counts();
    const response = await browser.post("/amendments/new", {
      document: "10/2018/NĐ-CP",
      doc_type: "",
      agency: "BCT",
      provisions: "",
      form: "amend",
      deadline: "",
      note: "",
      proposals: bytImplemented.code,
    });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "proposals")).toContain(bytImplemented.code);
    expect(await counts()).toEqual(before);
  });

  test("nor take BYT's proposal off a BCT amendment (403, and the page offers no button for it); the secretariat may", async () => {
    const browser = await signedIn(officerBct);
    const page = await browser.get(`/amendments/${bctCarrier}`);
    const html = await page.text();
    expect(html).not.toContain(`name="proposal" value="${bytOnBct.code}"`);

    const before = await counts();
    const refused = await browser.post(`/amendments/${bctCarrier}`, { intent: "unlink", proposal: bytOnBct.code, confirmed: "1" });
    expect(refused.status).toBe(403);
    expect(await linksOf(bctCarrier)).toEqual([{ proposal_id: bytOnBct.id }]);
    expect(await counts()).toEqual(before);

    const secretariat = await signedIn(reviewer);
    expect((await secretariat.get(`/amendments/${bctCarrier}`)).status).toBe(200);
    const done = await secretariat.post(`/amendments/${bctCarrier}`, { intent: "unlink", proposal: bytOnBct.code, confirmed: "1" });
    expect(done.status).toBe(302);
    expect(await linksOf(bctCarrier)).toEqual([]);
  });

  test("the secretariat may put several agencies' proposals on one amendment", async () => {
    const browser = await signedIn(reviewer);
    const response = await browser.post(`/amendments/${bctAmendment}`, { intent: "link", proposals: `${bctOwn.code}, ${bytImplemented.code}` });
    expect(response.status).toBe(302);
    expect((await linksOf(bctAmendment)).map((link) => link.proposal_id).sort()).toEqual([bytImplemented.id, bctOwn.id].sort());
  });
});

describe("recording an amending document that another agency leads", () => {
  const stage = async (browser: Client, id: number, fields: Record<string, string>) =>
    browser.post(`/amendments/${id}`, {
      intent: "stage",
      stage: "promulgated",
      amending_number: "",
      amending_type: "",
      promulgated_on: "",
      effective_on: "",
      reason: "",
      version: String(await amendmentVersion(id)),
      ...fields,
    });

  test("an officer of BCT cannot rewrite a BYT-led document's dates through a BCT amendment: 422 naming the register's date and who may correct it", async () => {
    const id = await amendmentOf(officerBct, "BCT", "11/2018/NĐ-CP");
    const browser = await signedIn(officerBct);
    expect((await browser.get(`/documents/${bytDocument.id}/edit`)).status).toBe(403);
    const document = () => server.db().selectFrom("legal_documents").selectAll().where("id", "=", bytDocument.id).executeTakeFirstOrThrow();
    const [documentBefore, amendmentBefore, before] = [
      await document(),
      await server.db().selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
      await counts(),
    ];
    const response = await stage(browser, id, { amending_number: bytDocument.number, promulgated_on: "01/01/1990" });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "promulgated_on")).toBe(
      "Sổ văn bản ghi ngày ban hành của 12/2020/TT-BYT: 10/01/2020. Chỉ BYT (cơ quan chủ trì văn bản) hoặc Thư ký Ban Chỉ đạo được sửa; hãy để trống ô này hoặc nhập đúng như sổ.",
    );
    expect(await document()).toEqual(documentBefore);
    expect(await server.db().selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(amendmentBefore);
    expect(await counts()).toEqual(before);

    // typed as the register has it, the amendment records the document and leaves it as it is;
    // in force since 01/03/2020, the document makes the amendment in force at once
    const accepted = await stage(browser, id, { amending_number: bytDocument.number, promulgated_on: "10/01/2020" });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/amendments/${id}?asked=promulgated`);
    expect((await server.db().selectFrom("amendments").select(["stage", "amending_document_id"]).where("id", "=", id).executeTakeFirstOrThrow())).toEqual({
      stage: "in_force",
      amending_document_id: bytDocument.id,
    });
    expect(await document()).toEqual(documentBefore);
  });

  test("BYT's own officer records new dates on its document through its own amendment", async () => {
    const id = await amendmentOf(officerByt, "BYT", "13/2018/NĐ-CP");
    const browser = await signedIn(officerByt);
    const response = await stage(browser, id, { amending_number: bytDocument.number, promulgated_on: "15/01/2020" });
    expect(response.status).toBe(302);
    expect((await server.db().selectFrom("legal_documents").select("issued_on").where("id", "=", bytDocument.id).executeTakeFirstOrThrow()).issued_on).toBe("2020-01-15");
  });
});

describe("an edit posted without the version it was opened at", () => {
  const MESSAGE = "Biểu mẫu không cho biết phiên bản hồ sơ lúc mở nên chưa lưu gì. Hãy tải lại trang rồi lưu lần nữa.";

  /** Posts the form without `version` and expects a 422 with the message and the record as it was. */
  async function expectRefused(browser: Client, path: string, fields: Record<string, string>, record: () => Promise<unknown>) {
    const before = await record();
    const response = await browser.post(path, fields);
    expect(response.status).toBe(422);
    expect(visibleText(mainContent(await response.text()))).toContain(MESSAGE);
    expect(await record()).toEqual(before);
  }

  test("is refused for a proposal, a proposal's workflow step, a document, a decision, an amendment's stage and an agency's names", async () => {
    const byt = await signedIn(officerByt);
    const draft = await createProposalFor(server.db(), officerByt, { title: "Đề xuất nháp để sửa" });
    const proposal = () => proposalRow(draft.id);
    await expectRefused(byt, `/proposals/${draft.code}/edit`, { agency: "BYT", regulation_type: "business_condition", title: "Tên mới", action: "simplify", proposed_change: "Bỏ yêu cầu" }, proposal);
    await expectRefused(byt, `/proposals/${draft.code}`, { intent: "submit", no_amendment_reason: "Chỉ sửa quy trình nội bộ." }, proposal);

    const document = () => server.db().selectFrom("legal_documents").selectAll().where("id", "=", bytDocument.id).executeTakeFirstOrThrow();
    await expectRefused(
      byt,
      `/documents/${bytDocument.id}/edit`,
      { number: bytDocument.number, doc_type: "", title: "Tên mới", issued_on: "", effective_on: "", status: "in_force", lead_agency: "BYT" },
      document,
    );

    const amendment = await amendmentOf(officerByt, "BYT", "14/2018/NĐ-CP");
    await expectRefused(byt, `/amendments/${amendment}`, { intent: "stage", stage: "drafting" }, () =>
      server.db().selectFrom("amendments").selectAll().where("id", "=", amendment).executeTakeFirstOrThrow(),
    );

    const secretariat = await signedIn(reviewer);
    const decision = await server.db().selectFrom("decisions").selectAll().executeTakeFirstOrThrow();
    await expectRefused(
      secretariat,
      `/decisions/${decision.id}/edit`,
      { number: decision.number, signed_on: "30/08/2022", kind: decision.kind, title_vi: "Tên mới", title_en: "", timeline: "Năm 2023" },
      () => server.db().selectFrom("decisions").selectAll().where("id", "=", decision.id).executeTakeFirstOrThrow(),
    );

    const administrator = await signedIn(admin);
    await expectRefused(administrator, "/agencies/BYT", { name_vi: "Bộ Y tế (mới)", name_en: "Ministry of Health" }, () =>
      server.db().selectFrom("agencies").selectAll().where("code", "=", "BYT").executeTakeFirstOrThrow(),
    );
  });
});
