import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Agency } from "../../db/types";
import { createAgencies, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { fieldError, fieldValue, mainContent, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Logging, editing and finding proposals over HTTP: what is stored, what each role may do,
// and what the pages say when something is refused.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let agencies: Record<string, Agency>;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      agencies = await createAgencies(db);
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

async function count(table: "proposals" | "events"): Promise<number> {
  const row = await server.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

function proposalByCode(code: string) {
  return server.db().selectFrom("proposals").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
}

function proposalEvents(proposalId: number) {
  return server.db().selectFrom("events").selectAll().where("entity_type", "=", "proposal").where("entity_id", "=", proposalId).orderBy("id").execute();
}

/** No stack frame, file path or error name reaches the user. */
function expectNoTrace(html: string) {
  expect(html).not.toMatch(/\bat [\w$.<>]+ \(?[^\s)]*:\d+:\d+\)?/);
  expect(html).not.toContain("Error:");
  expect(html).not.toContain("node_modules");
}

describe("logging a proposal", () => {
  test("an officer's valid form is stored as a draft under the agency's next code, with one create event", async () => {
    const browser = await signedIn(officerByt);
    const response = await browser.post(
      "/proposals/new",
      proposalFields("BYT", {
        regulation_type: "business_condition",
        title: "Yêu cầu xác nhận kinh nghiệm của người phụ trách chuyên môn về dược",
        source_document: "54/2017/NĐ-CP",
        source_provision: "khoản 2 Điều 5",
        action: "abolish",
        proposed_change: "Bãi bỏ yêu cầu xác nhận kinh nghiệm; thay bằng bản tự khai.",
        rationale: "Trùng với thông tin đã có trong cơ sở dữ liệu quốc gia về dược.",
        procedure_code: "1.001612",
        cost_before_vnd: "1.250.000.000",
        cost_after_vnd: "250.000.000",
        timeline: "Quý II/2023",
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/proposals/BYT-0001");

    const proposal = await proposalByCode("BYT-0001");
    expect(proposal).toMatchObject({
      agency_id: agencies.BYT!.id,
      original_agency_id: agencies.BYT!.id,
      regulation_type: "business_condition",
      title: "Yêu cầu xác nhận kinh nghiệm của người phụ trách chuyên môn về dược",
      source_provision: "khoản 2 Điều 5",
      action: "abolish",
      procedure_code: "1.001612",
      cost_before_vnd: 1_250_000_000,
      cost_after_vnd: 250_000_000,
      status: "draft",
      timeline: "Quý II/2023",
      due_on: "2023-06-30",
      decision_id: null,
      created_by: officerByt.id,
      version: 1,
    });
    const document = await server.db().selectFrom("legal_documents").selectAll().where("id", "=", proposal.source_document_id!).executeTakeFirstOrThrow();
    expect(document.number).toBe("54/2017/NĐ-CP");

    const events = await proposalEvents(proposal.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "create", actor_id: officerByt.id, agency_id: agencies.BYT!.id, to_status: "draft" });

    const page = await browser.get("/proposals/BYT-0001");
    expect(page.status).toBe(200);
    const main = mainContent(await page.text());
    expect(main).toContain("Yêu cầu xác nhận kinh nghiệm của người phụ trách chuyên môn về dược");
    expect(main).toContain("1.000.000.000"); // the saving
    expect(main).toContain("30/06/2023");
  });

  test("invalid fields are answered with 422, each message beside its field, the typed values kept, nothing stored", async () => {
    const browser = await signedIn(officerByt);
    const [proposalsBefore, eventsBefore] = [await count("proposals"), await count("events")];

    const response = await browser.post(
      "/proposals/new",
      proposalFields("BYT", {
        title: "",
        proposed_change: "Nội dung đã nhập phải được giữ lại",
        cost_before_vnd: "-5",
        cost_after_vnd: "abc",
        timeline: "Quý V/2023",
      }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Chưa lưu được: vui lòng sửa 4 lỗi bên dưới.");
    expect(fieldError(html, "title")).toBe("Vui lòng nhập thông tin này.");
    expect(fieldError(html, "cost_before_vnd")).toBe("Số tiền không được âm.");
    expect(fieldError(html, "cost_after_vnd")).toBe("Số tiền không hợp lệ: chỉ nhập số nguyên, ví dụ 1.250.000.000.");
    expect(fieldError(html, "timeline")).toBe(
      "Lộ trình không hợp lệ. Các dạng được chấp nhận: Năm 2023; Quý II/2023; Tháng 6/2024; 30/06/2024; 2024-06-30.",
    );
    expect(fieldError(html, "proposed_change")).toBeUndefined();
    expect(fieldValue(html, "proposed_change")).toBe("Nội dung đã nhập phải được giữ lại");
    expect(fieldValue(html, "cost_before_vnd")).toBe("-5");
    expect(fieldValue(html, "cost_after_vnd")).toBe("abc");
    expect(fieldValue(html, "timeline")).toBe("Quý V/2023");
    expect(fieldValue(html, "regulation_type")).toBe("business_condition");
    expect(fieldValue(html, "action")).toBe("simplify");

    const longTitle = "Quy định ".repeat(111).trim() + " dài";
    expect(longTitle.length).toBeGreaterThan(1000);
    const tooLong = await browser.post("/proposals/new", proposalFields("BYT", { title: longTitle }));
    expect(tooLong.status).toBe(422);
    const tooLongHtml = await tooLong.text();
    expect(fieldError(tooLongHtml, "title")).toBe("Quá dài (tối đa 1000 ký tự).");
    expect(fieldValue(tooLongHtml, "title")).toBe(longTitle);

    expect([await count("proposals"), await count("events")]).toEqual([proposalsBefore, eventsBefore]);
  });

  test("an unknown agency is refused beside the agency field", async () => {
    const browser = await signedIn(reviewer);
    const proposalsBefore = await count("proposals");
    const response = await browser.post("/proposals/new", proposalFields("XYZ"));
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "agency")).toBe("Không có bộ, ngành này.");
    expect(await count("proposals")).toBe(proposalsBefore);
  });

  test("an officer cannot log a proposal for another agency: 403, nothing stored", async () => {
    const browser = await signedIn(officerByt);
    const [proposalsBefore, eventsBefore] = [await count("proposals"), await count("events")];
    const response = await browser.post("/proposals/new", proposalFields("BTC"));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(mainContent(html)).toContain("Không có quyền");
    expectNoTrace(html);
    expect([await count("proposals"), await count("events")]).toEqual([proposalsBefore, eventsBefore]);
  });

  test("a viewer gets the 403 page, in the app layout, for the new-proposal form and its post", async () => {
    const browser = await signedIn(viewer);
    const response = await browser.get("/proposals/new");
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(mainContent(html)).toContain("Không có quyền");
    expect(mainContent(html)).toContain("Bạn không có quyền thực hiện thao tác này.");
    expect(html).toContain('aria-label="Điều hướng chính"');
    expect(html).toContain("Đăng xuất");
    expectNoTrace(html);

    const proposalsBefore = await count("proposals");
    expect((await browser.post("/proposals/new", proposalFields("BYT"))).status).toBe(403);
    expect(await count("proposals")).toBe(proposalsBefore);
  });
});

describe("reading proposals", () => {
  test("an unknown code is a 404 page in Vietnamese, without a stack trace", async () => {
    const browser = await signedIn(viewer);
    const response = await browser.get("/proposals/XYZ-9999");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(mainContent(html)).toContain("Không tìm thấy");
    expect(mainContent(html)).toContain("Không tìm thấy trang hoặc hồ sơ bạn yêu cầu.");
    expectNoTrace(html);
  });

  test("the list filters by agency and status and finds words typed without diacritics", async () => {
    const db = server.db();
    const wanted = await createProposalFor(db, officerByt, { title: "Thủ tục cấp giấy phép nhập khẩu trang thiết bị y tế" });
    const otherWords = await createProposalFor(db, officerByt, { title: "Báo cáo định kỳ về tình hình kinh doanh thuốc" });
    const otherAgency = await createProposalFor(db, officerBtc, { title: "Thủ tục cấp giấy phép nhập khẩu trang thiết bị y tế dùng trong hải quan" });
    const browser = await signedIn(viewer);

    const response = await browser.get("/proposals?agency=BYT&status=draft&q=giay+phep+nhap+khau+thiet+bi");
    expect(response.status).toBe(200);
    const main = mainContent(await response.text());
    expect(main).toContain(`href="/proposals/${wanted.code}"`);
    expect(main).not.toContain(`href="/proposals/${otherWords.code}"`);
    expect(main).not.toContain(`href="/proposals/${otherAgency.code}"`);
    expect(main).toContain("1 kết quả");

    const withoutAgency = mainContent(await (await browser.get("/proposals?q=giay+phep+nhap+khau+thiet+bi")).text());
    expect(withoutAgency).toContain("2 kết quả");
    expect(withoutAgency).toContain(`href="/proposals/${otherAgency.code}"`);

    const submitted = mainContent(await (await browser.get("/proposals?agency=BYT&status=submitted&q=giay+phep")).text());
    expect(submitted).toContain("0 kết quả");
    expect(submitted).toContain("Không có kết quả phù hợp.");
  });
});

describe("editing a proposal", () => {
  test("an officer of another agency cannot edit: 403 and nothing changes", async () => {
    const { code } = await createProposalFor(server.db(), officerByt);
    const before = await proposalByCode(code);
    const eventsBefore = await count("events");
    const browser = await signedIn(officerBtc);

    expect((await browser.get(`/proposals/${code}/edit`)).status).toBe(403);
    const response = await browser.post(`/proposals/${code}/edit`, proposalFields("BTC", { title: "Sửa trái phép", version: "1" }));
    expect(response.status).toBe(403);
    expect(mainContent(await response.text())).toContain("Không có quyền");
    expect(await proposalByCode(code)).toEqual(before);
    expect(await count("events")).toBe(eventsBefore);
  });

  test("a fresh edit is saved with one update event holding before and after; a stale one is refused with 409", async () => {
    const original = "Kiểm tra chuyên ngành đối với mỹ phẩm nhập khẩu";
    const { id, code } = await createProposalFor(server.db(), officerByt, { title: original, regulation_type: "specialized_inspection" });
    const browser = await signedIn(officerByt);
    const form = (title: string) =>
      proposalFields("BYT", { title, regulation_type: "specialized_inspection", version: "1" });

    const edit = await browser.get(`/proposals/${code}/edit`);
    expect(edit.status).toBe(200);
    const editHtml = await edit.text();
    expect(fieldValue(editHtml, "title")).toBe(original);
    expect(fieldValue(editHtml, "version")).toBe("1");

    const fresh = await browser.post(`/proposals/${code}/edit`, form("Kiểm tra chuyên ngành đối với mỹ phẩm nhập khẩu theo rủi ro"));
    expect(fresh.status).toBe(302);
    expect(fresh.headers.get("location")).toBe(`/proposals/${code}`);
    expect(await proposalByCode(code)).toMatchObject({ title: "Kiểm tra chuyên ngành đối với mỹ phẩm nhập khẩu theo rủi ro", version: 2 });

    const stale = await browser.post(`/proposals/${code}/edit`, form("Bản sửa dựa trên phiên bản cũ"));
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("Hồ sơ vừa được người khác thay đổi; nội dung bạn nhập chưa được lưu.");
    expect(fieldValue(staleHtml, "title")).toBe("Bản sửa dựa trên phiên bản cũ");
    expect(await proposalByCode(code)).toMatchObject({ title: "Kiểm tra chuyên ngành đối với mỹ phẩm nhập khẩu theo rủi ro", version: 2 });

    const updates = (await proposalEvents(id)).filter((event) => event.action === "update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.actor_id).toBe(officerByt.id);
    expect(JSON.parse(updates[0]!.changes ?? "null")).toEqual({
      title: [original, "Kiểm tra chuyên ngành đối với mỹ phẩm nhập khẩu theo rủi ro"],
    });
  });
});
