import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import type { Agency } from "../../db/types";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, fieldValue, mainContent, visibleText, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Amendment tasks over HTTP: created from a proposal with the target document matched in the
// register (or added to it), moved through the law-making stages with the amending document
// recorded, refused when a stage lacks what it needs, and found by the overdue filter.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let agencies: Record<string, Agency>;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let proposalCode: string;
let proposalId: number;

// Far enough ahead never to be overdue, far enough back always to be.
const FUTURE_DEADLINE = "31/12/2030";
const PAST_DEADLINE = "31/01/2020";

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      agencies = await createAgencies(db);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      officerBtc = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      const proposal = await createProposalFor(db, officerByt, {
        title: "Yêu cầu xác nhận kinh nghiệm của người phụ trách chuyên môn về dược",
        source_provision: "khoản 2 Điều 5",
        action: "abolish",
      });
      proposalCode = proposal.code;
      proposalId = proposal.id;
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function count(table: "amendments" | "legal_documents" | "events" | "proposal_amendments"): Promise<number> {
  const row = await server.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

function amendmentById(id: number) {
  return server.db().selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function documentsWithKey(key: string) {
  return server.db().selectFrom("legal_documents").selectAll().where("number_key", "=", key).execute();
}

function amendmentForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    document: "54/2017/nd-cp",
    doc_type: "",
    agency: "BYT",
    provisions: "khoản 2 Điều 5",
    form: "amend",
    deadline: FUTURE_DEADLINE,
    note: "",
    proposals: proposalCode,
    ...overrides,
  };
}

function stageForm(overrides: Record<string, string>): Record<string, string> {
  return {
    intent: "stage",
    stage: "drafting",
    amending_number: "",
    amending_type: "",
    promulgated_on: "",
    effective_on: "",
    reason: "",
    ...overrides,
  };
}

/** The id from a redirect to /amendments/:id. */
function amendmentIdFrom(response: Response): number {
  const location = response.headers.get("location") ?? "";
  expect(location).toMatch(/^\/amendments\/\d+$/);
  return Number(location.split("/").pop());
}

/** Arranges an amendment of BYT through the service the page uses, with a target of its own. */
async function arrangeAmendment(document: string, deadline: string): Promise<number> {
  const input = AmendmentSchema.parse(amendmentForm({ document, deadline, provisions: "", proposals: "" }));
  return createAmendment(server.db(), officerByt, input);
}

async function arrangeStage(id: number, fields: Record<string, string>): Promise<void> {
  await moveAmendmentStage(server.db(), officerByt, id, AmendmentStageSchema.parse(stageForm(fields)));
}

describe("creating an amendment from a proposal", () => {
  let firstId: number;

  test("an officer's amendment adds the typed target to the register and is linked to the proposal", async () => {
    const browser = await signedIn(officerByt);
    expect(await documentsWithKey("54/2017/ND-CP")).toHaveLength(0);

    const form = await browser.get(`/amendments/new?proposal=${proposalCode}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(fieldValue(formHtml, "proposals")).toBe(proposalCode);
    expect(fieldValue(formHtml, "provisions")).toBe("khoản 2 Điều 5");

    const response = await browser.post("/amendments/new", amendmentForm());
    expect(response.status).toBe(302);
    firstId = amendmentIdFrom(response);

    const [target] = await documentsWithKey("54/2017/ND-CP");
    // registered in its official spelling, whatever was typed
    expect(target).toMatchObject({ number: "54/2017/NĐ-CP", doc_type: "decree", year: 2017, lead_agency_id: agencies.BYT!.id });
    expect(await amendmentById(firstId)).toMatchObject({
      legal_document_id: target!.id,
      agency_id: agencies.BYT!.id,
      original_agency_id: agencies.BYT!.id,
      provisions: "khoản 2 Điều 5",
      form: "amend",
      stage: "not_started",
      deadline: "2030-12-31",
      amending_document_id: null,
      created_by: officerByt.id,
      version: 1,
    });
    const links = await server.db().selectFrom("proposal_amendments").selectAll().where("amendment_id", "=", firstId).execute();
    expect(links.map((link) => link.proposal_id)).toEqual([proposalId]);
    const events = await server.db().selectFrom("events").selectAll().where("entity_type", "=", "amendment").where("entity_id", "=", firstId).orderBy("id").execute();
    expect(events.map((event) => [event.action, event.to_status, event.comment])).toEqual([
      ["create", "not_started", null],
      ["link", null, proposalCode],
    ]);

    const page = await browser.get(`/amendments/${firstId}`);
    expect(page.status).toBe(200);
    const main = mainContent(await page.text());
    expect(main).toContain(`href="/proposals/${proposalCode}"`);
    expect(main).toContain(`href="/documents/${target!.id}"`);
  });

  test("typing the same document another way for a second amendment reuses the register entry", async () => {
    const browser = await signedIn(officerByt);
    const documentsBefore = await count("legal_documents");
    const response = await browser.post(
      "/amendments/new",
      amendmentForm({ document: "54 / 2017 / NĐ-CP", provisions: "Điều 12", deadline: "", proposals: proposalCode }),
    );
    expect(response.status).toBe(302);
    const secondId = amendmentIdFrom(response);
    expect(secondId).not.toBe(firstId);

    expect(await count("legal_documents")).toBe(documentsBefore);
    const targets = await documentsWithKey("54/2017/ND-CP");
    expect(targets).toHaveLength(1);
    expect((await amendmentById(secondId)).legal_document_id).toBe(targets[0]!.id);
    expect((await amendmentById(firstId)).legal_document_id).toBe(targets[0]!.id);
  });

  test("the proposal's page lists its amendments with their stage", async () => {
    await server.db().updateTable("amendments").set({ stage: "drafting" }).where("id", "=", firstId).execute();
    const browser = await signedIn(reviewer);
    const response = await browser.get(`/proposals/${proposalCode}`);
    expect(response.status).toBe(200);
    const main = mainContent(await response.text());
    const rows = [...main.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((match) => match[0]).filter((row) => row.includes('href="/amendments/'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`href="/amendments/${firstId}"`);
    expect(visibleText(rows[0]!)).toBe("54/2017/NĐ-CP khoản 2 Điều 5 BYT Đang soạn thảo 31/12/2030");
    expect(visibleText(rows[1]!)).toBe("54/2017/NĐ-CP Điều 12 BYT Chưa triển khai");
    await server.db().updateTable("amendments").set({ stage: "not_started" }).where("id", "=", firstId).execute();
  });

  test("an officer cannot create an amendment for another agency: 403, nothing stored", async () => {
    const browser = await signedIn(officerBtc);
    const [amendmentsBefore, documentsBefore, linksBefore] = [await count("amendments"), await count("legal_documents"), await count("proposal_amendments")];
    const response = await browser.post("/amendments/new", amendmentForm({ document: "15/2018/NĐ-CP" }));
    expect(response.status).toBe(403);
    expect([await count("amendments"), await count("legal_documents"), await count("proposal_amendments")]).toEqual([
      amendmentsBefore,
      documentsBefore,
      linksBefore,
    ]);
  });

  test("an unknown proposal code is refused beside the proposals field; nothing stored", async () => {
    const browser = await signedIn(officerByt);
    const [amendmentsBefore, documentsBefore] = [await count("amendments"), await count("legal_documents")];
    const response = await browser.post("/amendments/new", amendmentForm({ document: "15/2018/NĐ-CP", proposals: "BYT-9999" }));
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "proposals")).toBe("Không có đề xuất BYT-9999.");
    expect([await count("amendments"), await count("legal_documents")]).toEqual([amendmentsBefore, documentsBefore]);
  });
});

describe("moving an amendment through the stages", () => {
  let id: number;

  beforeAll(async () => {
    id = await arrangeAmendment("79/2006/NĐ-CP", FUTURE_DEADLINE);
  });

  test("promulgated without the amending document's number is refused beside that field; nothing changes", async () => {
    const browser = await signedIn(officerByt);
    const before = await amendmentById(id);
    const response = await browser.post(`/amendments/${id}`, stageForm({ stage: "promulgated", promulgated_on: "15/03/2024", version: "1" }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, "amending_number")).toBe("Vui lòng nhập thông tin này.");
    expect(fieldError(html, "promulgated_on")).toBeUndefined();
    expect(fieldValue(html, "promulgated_on")).toBe("15/03/2024");
    expect(await amendmentById(id)).toEqual(before);
  });

  test("promulgated with number and date records the amending document in the register and links it", async () => {
    const browser = await signedIn(officerByt);
    const response = await browser.post(
      `/amendments/${id}`,
      stageForm({ stage: "promulgated", amending_number: "12/2024/nđ-cp", promulgated_on: "15/03/2024", version: "1" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/amendments/${id}`);

    const [amending] = await documentsWithKey("12/2024/ND-CP");
    expect(amending).toMatchObject({ doc_type: "decree", issued_on: "2024-03-15", status: "not_yet_in_force", lead_agency_id: agencies.BYT!.id });
    expect(await amendmentById(id)).toMatchObject({ stage: "promulgated", amending_document_id: amending!.id, version: 2 });
    const stageEvents = await server.db().selectFrom("events").selectAll().where("entity_type", "=", "amendment").where("entity_id", "=", id).where("action", "=", "stage").execute();
    expect(stageEvents).toHaveLength(1);
    expect(stageEvents[0]).toMatchObject({ actor_id: officerByt.id, from_status: "not_started", to_status: "promulgated", comment: amending!.number });

    const page = mainContent(await (await browser.get(`/amendments/${id}`)).text());
    expect(page).toContain(`href="/documents/${amending!.id}"`);
    expect(visibleText(page)).toContain("Ngày ban hành 15/03/2024");
    const documentPage = mainContent(await (await browser.get(`/documents/${amending!.id}`)).text());
    expect(documentPage).toContain(`href="/amendments/${id}"`);
  });

  test("in force with an effective date before the promulgation date is refused beside the effective date", async () => {
    const browser = await signedIn(officerByt);
    const before = await amendmentById(id);
    const response = await browser.post(
      `/amendments/${id}`,
      stageForm({ stage: "in_force", amending_number: "12/2024/NĐ-CP", promulgated_on: "15/03/2024", effective_on: "01/03/2024", version: "2" }),
    );
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "effective_on")).toBe("Ngày có hiệu lực không được trước ngày ban hành.");
    expect(await amendmentById(id)).toEqual(before);
  });

  test("cancelled without a reason is refused beside the reason field", async () => {
    const browser = await signedIn(officerByt);
    const before = await amendmentById(id);
    const response = await browser.post(`/amendments/${id}`, stageForm({ stage: "cancelled", version: "2" }));
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "reason")).toBe("Cần nêu lý do khi lùi tiến độ, hủy hoặc khôi phục nhiệm vụ.");
    expect(await amendmentById(id)).toEqual(before);
  });

  test("an officer of another agency gets 403 on the stage form's post; nothing changes", async () => {
    const browser = await signedIn(officerBtc);
    const [before, eventsBefore] = [await amendmentById(id), await count("events")];
    const response = await browser.post(`/amendments/${id}`, stageForm({ stage: "cancelled", reason: "Không còn cần thiết", version: "2", confirmed: "1" }));
    expect(response.status).toBe(403);
    expect(mainContent(await response.text())).toContain("Không có quyền");
    expect(await amendmentById(id)).toEqual(before);
    expect(await count("events")).toBe(eventsBefore);
  });

  test("a move made against an old version is refused with 409 and overwrites nothing", async () => {
    const browser = await signedIn(officerByt);
    const before = await amendmentById(id);
    expect(before.version).toBe(2);
    const response = await browser.post(`/amendments/${id}`, stageForm({ stage: "cancelled", reason: "Dựa trên bản cũ", version: "1", confirmed: "1" }));
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("Hồ sơ vừa được người khác thay đổi; nội dung bạn nhập chưa được lưu.");
    expect(await amendmentById(id)).toEqual(before);
  });

  test("in force with an effective date on or after promulgation records it on the amending document", async () => {
    const browser = await signedIn(officerByt);
    const response = await browser.post(
      `/amendments/${id}`,
      stageForm({ stage: "in_force", amending_number: "12/2024/NĐ-CP", promulgated_on: "15/03/2024", effective_on: "01/05/2024", version: "2" }),
    );
    expect(response.status).toBe(302);
    const [amending] = await documentsWithKey("12/2024/ND-CP");
    expect(amending).toMatchObject({ issued_on: "2024-03-15", effective_on: "2024-05-01", status: "in_force" });
    expect(await amendmentById(id)).toMatchObject({ stage: "in_force", amending_document_id: amending!.id, version: 3 });
    expect(await documentsWithKey("12/2024/ND-CP")).toHaveLength(1);
  });
});

describe("the overdue filter", () => {
  test("an amendment past its deadline still being drafted is overdue; one already in force is not", async () => {
    const drafting = await arrangeAmendment("38/2012/NĐ-CP", PAST_DEADLINE);
    await arrangeStage(drafting, { stage: "drafting" });
    const inForce = await arrangeAmendment("67/2016/NĐ-CP", PAST_DEADLINE);
    await arrangeStage(inForce, { stage: "in_force", amending_number: "155/2018/NĐ-CP", promulgated_on: "12/11/2018", effective_on: "12/11/2018" });
    const cancelled = await arrangeAmendment("109/2016/NĐ-CP", PAST_DEADLINE);
    await arrangeStage(cancelled, { stage: "cancelled", reason: "Văn bản đã được thay thế" });

    const browser = await signedIn(reviewer);
    const overdue = await browser.get("/amendments?overdue=1");
    expect(overdue.status).toBe(200);
    const main = mainContent(await overdue.text());
    const listed = [...main.matchAll(/href="\/amendments\/(\d+)"/g)].map((match) => Number(match[1]));
    expect(listed).toEqual([drafting]);
    expect(main).toContain("1 kết quả");
    expect(visibleText(main)).toContain("31/01/2020 Quá hạn");

    const all = mainContent(await (await browser.get("/amendments")).text());
    const everyId = [...all.matchAll(/href="\/amendments\/(\d+)"/g)].map((match) => Number(match[1]));
    expect(everyId).toContain(inForce);
    expect(everyId).toContain(cancelled);
    expect(everyId).toHaveLength(await count("amendments"));

    const page = mainContent(await (await browser.get(`/amendments/${drafting}`)).text());
    expect(visibleText(page)).toMatch(/Quá hạn · Trễ \d+ ngày/);
    const closed = mainContent(await (await browser.get(`/amendments/${inForce}`)).text());
    expect(closed).not.toContain("Quá hạn");
  });
});
