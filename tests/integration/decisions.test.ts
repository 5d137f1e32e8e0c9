import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DECISION_ROWS_PER_AGENCY } from "~/models/decision.server";
import { createAgencies, createDecisionFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, fieldValue, mainContent, visibleText, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Approving decisions over HTTP: recording one with its timeline, refusing a number already
// recorded, who may record them, and how a decision's page groups its proposals by agency.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let viewer: TestUser;

const TITLE_1015 =
  "Phê duyệt Phương án phân cấp trong giải quyết thủ tục hành chính thuộc phạm vi quản lý của bộ, cơ quan ngang bộ";

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      officerBtc = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      viewer = await createUserWith(db, { role: "viewer" });
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function count(table: "decisions" | "events"): Promise<number> {
  const row = await server.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

function decisionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    number: "1015/QĐ-TTg",
    signed_on: "30/08/2022",
    kind: "decentralization_plan",
    title_vi: TITLE_1015,
    title_en: "",
    timeline: "Quý II/2023",
    ...overrides,
  };
}

/** Marks a proposal approved under a decision, straight in the database (the CHECK wants both together). */
async function approve(proposalId: number, decisionId: number): Promise<void> {
  await server.db().updateTable("proposals").set({ status: "approved", decision_id: decisionId }).where("id", "=", proposalId).execute();
}

/** The text of the table row that links to `href`, one entry per cell. */
function rowCells(html: string, href: string): string[] {
  const row = [...mainContent(html).matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((match) => match[0]).find((tr) => tr.includes(`href="${href}"`));
  if (!row) return [];
  return [...row.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => visibleText(cell[1] ?? ""));
}

describe("recording a decision", () => {
  test("a reviewer records 1015/QĐ-TTg with its signing date and timeline; the due date follows from the timeline", async () => {
    const browser = await signedIn(reviewer);
    const response = await browser.post("/decisions/new", decisionForm());
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/decisions\/\d+$/);
    const id = Number(location.split("/").pop());

    const decision = await server.db().selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({
      number: "1015/QĐ-TTg",
      number_key: "1015/QD-TTG",
      signed_on: "2022-08-30",
      kind: "decentralization_plan",
      title_vi: TITLE_1015,
      title_en: null,
      timeline: "Quý II/2023",
      due_on: "2023-06-30",
      version: 1,
    });
    const events = await server.db().selectFrom("events").selectAll().where("entity_type", "=", "decision").where("entity_id", "=", id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "create", actor_id: reviewer.id });

    const page = await browser.get(location);
    expect(page.status).toBe(200);
    const main = visibleText(mainContent(await page.text()));
    expect(main).toContain(`1015/QĐ-TTg: ${TITLE_1015}`);
    expect(main).toContain("Ngày ký 30/08/2022");
    expect(main).toContain("Lộ trình Quý II/2023");
    expect(main).toContain("Hạn thực hiện 30/06/2023");
    expect(main).toContain("Chưa có đề xuất nào được phê duyệt theo quyết định này.");
  });

  test("the same number typed in lower case without diacritics is refused beside the number field; nothing stored", async () => {
    const browser = await signedIn(reviewer);
    const [decisionsBefore, eventsBefore] = [await count("decisions"), await count("events")];
    const response = await browser.post("/decisions/new", decisionForm({ number: "1015/qd-ttg", title_vi: "Quyết định trùng số" }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, "number")).toBe("Số quyết định này đã có: 1015/QĐ-TTg.");
    expect(fieldError(html, "title_vi")).toBeUndefined();
    expect(fieldValue(html, "number")).toBe("1015/qd-ttg");
    expect(fieldValue(html, "title_vi")).toBe("Quyết định trùng số");
    expect([await count("decisions"), await count("events")]).toEqual([decisionsBefore, eventsBefore]);
  });

  test("a number typed 2150/qd-ttg is stored, shown and listed in its official spelling 2150/QĐ-TTg", async () => {
    const browser = await signedIn(reviewer);
    const response = await browser.post("/decisions/new", decisionForm({ number: " 2150 / qd - ttg ", title_vi: "Quyết định gõ chữ thường" }));
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    const id = Number(location.split("/").pop());
    const decision = await server.db().selectFrom("decisions").select(["number", "number_key"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(decision).toEqual({ number: "2150/QĐ-TTg", number_key: "2150/QD-TTG" });
    expect(visibleText(mainContent(await (await browser.get(location)).text()))).toContain("2150/QĐ-TTg: Quyết định gõ chữ thường");
    expect(rowCells(await (await browser.get("/decisions")).text(), location)[0]).toBe("2150/QĐ-TTg");
  });

  test("a number that is not a decision's (abc, a decree, a resolution) is refused beside the number field; nothing stored", async () => {
    const browser = await signedIn(reviewer);
    const [decisionsBefore, eventsBefore] = [await count("decisions"), await count("events")];
    for (const number of ["abc", "1015", "15/2018/NĐ-CP", "68/NQ-CP"]) {
      const response = await browser.post("/decisions/new", decisionForm({ number, title_vi: "Số không phải quyết định" }));
      expect(response.status, number).toBe(422);
      const html = await response.text();
      expect(fieldError(html, "number"), number).toBe(
        "Số quyết định phải có dạng số/QĐ-cơ quan ban hành, ví dụ 1015/QĐ-TTg hoặc 11/2022/QĐ-TTg.",
      );
      expect(fieldValue(html, "number"), number).toBe(number);
    }
    expect([await count("decisions"), await count("events")]).toEqual([decisionsBefore, eventsBefore]);
  });

  test("a missing signing date and a timeline that does not parse are refused beside their fields", async () => {
    const browser = await signedIn(reviewer);
    const decisionsBefore = await count("decisions");
    const response = await browser.post("/decisions/new", decisionForm({ number: "28/QĐ-TTg", signed_on: "", timeline: "Quý V/2023" }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, "signed_on")).toBe("Vui lòng nhập thông tin này.");
    expect(fieldError(html, "timeline")).toBe(
      "Lộ trình không hợp lệ. Các dạng được chấp nhận: Năm 2023; Quý II/2023; Tháng 6/2024; 30/06/2024; 2024-06-30.",
    );
    expect(await count("decisions")).toBe(decisionsBefore);
  });

  test("an officer gets 403 for the new-decision form and its post, and nothing is stored", async () => {
    const browser = await signedIn(officerByt);
    const form = await browser.get("/decisions/new");
    expect(form.status).toBe(403);
    expect(mainContent(await form.text())).toContain("Bạn không có quyền thực hiện thao tác này.");

    const [decisionsBefore, eventsBefore] = [await count("decisions"), await count("events")];
    const response = await browser.post("/decisions/new", decisionForm({ number: "1661/QĐ-TTg" }));
    expect(response.status).toBe(403);
    expect([await count("decisions"), await count("events")]).toEqual([decisionsBefore, eventsBefore]);
  });

  test("an officer gets 403 for editing a decision; the decision is unchanged", async () => {
    const id = await createDecisionFor(server.db(), reviewer, { number: "1977/QĐ-TTg", signed_on: "24/11/2021", timeline: "Năm 2022" });
    const before = await server.db().selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const browser = await signedIn(officerBtc);
    expect((await browser.get(`/decisions/${id}/edit`)).status).toBe(403);
    const response = await browser.post(`/decisions/${id}/edit`, decisionForm({ number: "1977/QĐ-TTg", title_vi: "Sửa trái phép", version: "1" }));
    expect(response.status).toBe(403);
    expect(await server.db().selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe("a decision's proposals", () => {
  let decisionId: number;
  let otherDecisionId: number;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    const db = server.db();
    decisionId = await createDecisionFor(db, reviewer, {
      number: "1099/QĐ-TTg",
      signed_on: "15/04/2023",
      kind: "reduction_plan",
      title_vi: "Phê duyệt phương án cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh",
      timeline: "Năm 2023",
    });
    otherDecisionId = await createDecisionFor(db, reviewer, {
      number: "1322/QĐ-TTg",
      signed_on: "01/08/2023",
      kind: "reduction_plan",
      title_vi: "Phê duyệt phương án cắt giảm quy định của Bộ Tài chính",
      timeline: "Năm 2024",
    });
    const bytFirst = await createProposalFor(db, officerByt, { title: "Điều kiện về kho bảo quản thuốc" });
    const bytSecond = await createProposalFor(db, officerByt, { title: "Chế độ báo cáo định kỳ về trang thiết bị y tế" });
    const btc = await createProposalFor(db, officerBtc, { title: "Thủ tục đăng ký hành nghề dịch vụ làm thủ tục về thuế" });
    const btcElsewhere = await createProposalFor(db, officerBtc, { title: "Thủ tục cấp chứng chỉ hành nghề kế toán" });
    // a draft naming nothing stays off every decision
    await createProposalFor(db, officerByt, { title: "Đề xuất chưa gửi" });
    await approve(bytFirst.id, decisionId);
    await approve(bytSecond.id, decisionId);
    await approve(btc.id, decisionId);
    await approve(btcElsewhere.id, otherDecisionId);
    Object.assign(codes, { bytFirst: bytFirst.code, bytSecond: bytSecond.code, btc: btc.code, btcElsewhere: btcElsewhere.code });
  });

  test("the decision's page groups its approved proposals under each agency, with a count per agency", async () => {
    const browser = await signedIn(viewer);
    const response = await browser.get(`/decisions/${decisionId}`);
    expect(response.status).toBe(200);
    const main = mainContent(await response.text());

    expect(visibleText(main)).toContain("Tổng số đề xuất: 3; số bộ, ngành: 2.");
    const headings = [...main.matchAll(/<h3\b[^>]*>([\s\S]*?)<\/h3>/g)].map((match) => visibleText(match[1] ?? ""));
    expect(headings).toEqual(["BTC — Bộ Tài chính (Số đề xuất: 1)", "BYT — Bộ Y tế (Số đề xuất: 2)"]);

    const groups = [...main.matchAll(/<section aria-labelledby="agency-([^"]+)"[\s\S]*?<\/section>/g)];
    const proposalsOf = (agency: string) => {
      const group = groups.find((match) => match[1] === agency)?.[0] ?? "";
      return [...group.matchAll(/href="\/proposals\/([^"]+)"/g)].map((match) => match[1]);
    };
    expect(proposalsOf("BTC")).toEqual([codes.btc]);
    expect(proposalsOf("BYT")).toEqual([codes.bytFirst, codes.bytSecond]);
    expect(main).not.toContain(codes.btcElsewhere!);
  });

  test("an agency with many proposals shows its first ones by code and a link to all of them in the list", async () => {
    const db = server.db();
    const id = await createDecisionFor(db, reviewer, { number: "1455/QĐ-TTg", signed_on: "20/05/2024", timeline: "Năm 2025" });
    const created = [];
    for (let i = 0; i < DECISION_ROWS_PER_AGENCY + 2; i++) created.push(await createProposalFor(db, officerByt, { title: `Thủ tục cấp phép số ${i}` }));
    for (const proposal of created) await approve(proposal.id, id);
    const browser = await signedIn(viewer);
    const main = mainContent(await (await browser.get(`/decisions/${id}`)).text());
    const shown = [...main.matchAll(/href="\/proposals\/([^"]+)"/g)].map((match) => match[1]);
    expect(shown).toEqual(created.map((proposal) => proposal.code).sort().slice(0, DECISION_ROWS_PER_AGENCY));
    const more = /<a[^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g;
    const link = [...main.matchAll(more)].find((match) => visibleText(match[2] ?? "").includes("xem tất cả"));
    expect(link?.[1]).toBe(`/proposals?decision=${id}&amp;agency=BYT`);
    expect(visibleText(link?.[2] ?? "")).toBe(`Đang hiện ${DECISION_ROWS_PER_AGENCY}/${DECISION_ROWS_PER_AGENCY + 2} đề xuất — xem tất cả`);
  });

  test("the list shows how many proposals each decision approved", async () => {
    const browser = await signedIn(viewer);
    const response = await browser.get("/decisions");
    expect(response.status).toBe(200);
    const html = await response.text();
    const row = rowCells(html, `/decisions/${decisionId}`);
    expect(row[0]).toBe("1099/QĐ-TTg");
    expect(row[1]).toBe("15/04/2023");
    expect(row.at(-1)).toBe("3");
    expect(rowCells(html, `/decisions/${otherDecisionId}`).at(-1)).toBe("1");
    const noProposals = await server.db().selectFrom("decisions").select("id").where("number", "=", "1015/QĐ-TTg").executeTakeFirstOrThrow();
    expect(rowCells(html, `/decisions/${noProposals.id}`).at(-1)).toBe("0");
  });
});
