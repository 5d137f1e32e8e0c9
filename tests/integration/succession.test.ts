import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { recordSuccession } from "~/services/succession.server";
import type { Agency, DB } from "../../db/types";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, fieldValue, mainContent, visibleText, type Client, signedInClient, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Agencies that merge, split or hand functions over: the open cases follow the work to a
// successor, closed ones stay, history keeps the agency of the time. Through the service on the
// server's database, and through the two-step page as an admin uses it.

let server: TestServer;
/**
 * One sign-in for the admin and one for the reviewer for the whole file (tests/support/http.ts):
 * successions move or deactivate only the predecessors' officers, who sign in afresh.
 */
let signedIn: SignedIn;
let db: Kysely<DB>;
let agencies: Record<string, Agency>;
let admin: TestUser;
let reviewer: TestUser;
let decisionId: number;

const FULL_FIELDS = {
  source_document: "01/2021/NĐ-CP",
  source_provision: "Điều 47",
  rationale: "Giảm thời gian và chi phí cho doanh nghiệp",
  cost_before_vnd: "2.000.000.000",
  cost_after_vnd: "500.000.000",
};

beforeAll(async () => {
  server = await startServer({
    seed: async (seedDb) => {
      agencies = await createAgencies(seedDb, ["BKHĐT", "BTC", "BGTVT", "BXD", "BCA", "BNV", "BDTTG", "BYT", "VPCP"]);
      // agencies.csv already gives the merged-away ministries their last day; here they are still active
      await seedDb.updateTable("agencies").set({ active_to: null }).where("code", "in", ["BKHĐT", "BGTVT"]).execute();
      admin = await createUserWith(seedDb, { role: "admin" });
      reviewer = await createUserWith(seedDb, { role: "reviewer" });
      await createDocumentFor(seedDb, reviewer, { number: "01/2021/NĐ-CP", title: "Nghị định về đăng ký doanh nghiệp" });
      await createDocumentFor(seedDb, reviewer, { number: "10/2020/NĐ-CP", title: "Nghị định quy định về kinh doanh và điều kiện kinh doanh vận tải bằng xe ô tô" });
      decisionId = await createDecisionFor(seedDb, reviewer, { number: "1505/QĐ-TTg", kind: "reduction_plan", signed_on: "16/09/2022" });
    },
  });
  signedIn = signedInOnce(server.url);
  db = server.db();
});

afterAll(async () => {
  await server?.stop();
});

function proposal(id: number) {
  return db.selectFrom("proposals").select(["agency_id", "original_agency_id", "status", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

function amendment(id: number) {
  return db.selectFrom("amendments").select(["agency_id", "original_agency_id", "stage"]).where("id", "=", id).executeTakeFirstOrThrow();
}

function events(entityType: "proposal" | "amendment" | "user", entityId: number) {
  return db.selectFrom("events").selectAll().where("entity_type", "=", entityType).where("entity_id", "=", entityId).orderBy("id").execute();
}

const agencyPath = (code: string) => `/agencies/${encodeURIComponent(code)}`;

/** Submitted by the officer; with no amendment linked, a reason why none is needed. */
async function submit(officer: TestUser, code: string, noAmendmentReason: string | null = null) {
  await transitionProposal(db, officer, code, "submit", { noAmendmentReason });
}

describe("a merger (BKHĐT into BTC)", () => {
  let officer: TestUser;
  const open: Record<string, number> = {};
  const closed: Record<string, number> = {};
  const codes: Record<string, string> = {};
  let openAmendment: number;
  let inForceAmendment: number;
  let cancelledAmendment: number;
  let eventsBefore: number;

  beforeAll(async () => {
    officer = await createUserWith(db, { role: "officer", agencyCode: "BKHĐT", email: "officer.bkhdt@tinhgon.test" });
    const make = async (name: string) => {
      const created = await createProposalFor(db, officer, { ...FULL_FIELDS, title: `Đề xuất ${name} của Bộ Kế hoạch và Đầu tư` });
      codes[name] = created.code;
      return created;
    };
    const draft = await make("nháp");
    const submitted = await make("đã gửi");
    const returned = await make("bị trả lại");
    const approvedOpen = await make("đã phê duyệt, đang thực hiện");
    const approvedNoAmendment = await make("đã phê duyệt, không cần sửa văn bản");
    const approvedInForce = await make("đã phê duyệt, văn bản sửa đổi đã có hiệu lực");
    const rejected = await make("không chấp nhận");
    const withdrawn = await make("đã rút");

    const amendmentFor = (codesCarried: string[]) =>
      createAmendment(db, officer, AmendmentSchema.parse({ document: "01/2021/NĐ-CP", agency: "BKHĐT", form: "amend", proposals: codesCarried.join(", ") }));
    openAmendment = await amendmentFor([approvedOpen.code]);
    inForceAmendment = await amendmentFor([approvedInForce.code]);
    cancelledAmendment = await amendmentFor([]);

    await submit(officer, submitted.code, "Chỉ cần sửa quy trình nội bộ");
    await submit(officer, returned.code, "Chỉ cần sửa quy trình nội bộ");
    await transitionProposal(db, reviewer, returned.code, "return", { comment: "Đề nghị làm rõ chi phí" });
    for (const approved of [approvedOpen, approvedInForce]) {
      await submit(officer, approved.code);
      await transitionProposal(db, reviewer, approved.code, "approve", { decisionId });
    }
    await submit(officer, approvedNoAmendment.code, "Thực hiện bằng hướng dẫn nghiệp vụ");
    await transitionProposal(db, reviewer, approvedNoAmendment.code, "approve", { decisionId });
    await submit(officer, rejected.code, "Chỉ cần sửa quy trình nội bộ");
    await transitionProposal(db, reviewer, rejected.code, "reject", { comment: "Không đủ căn cứ" });
    await transitionProposal(db, officer, withdrawn.code, "withdraw", { comment: "Trùng đề xuất khác" });

    await moveAmendmentStage(db, officer, openAmendment, AmendmentStageSchema.parse({ stage: "drafting" }));
    await moveAmendmentStage(
      db,
      officer,
      inForceAmendment,
      AmendmentStageSchema.parse({ stage: "in_force", amending_number: "03/2023/NĐ-CP", promulgated_on: "01/02/2023", effective_on: "15/03/2023" }),
    );
    await moveAmendmentStage(db, officer, cancelledAmendment, AmendmentStageSchema.parse({ stage: "cancelled", reason: "Gộp vào nhiệm vụ khác" }));

    Object.assign(open, { draft: draft.id, submitted: submitted.id, returned: returned.id, approvedOpen: approvedOpen.id });
    Object.assign(closed, { approvedNoAmendment: approvedNoAmendment.id, approvedInForce: approvedInForce.id, rejected: rejected.id, withdrawn: withdrawn.id });
    eventsBefore = (await events("proposal", approvedOpen.id)).length;

    const result = await recordSuccession(db, admin, { predecessor: "BKHĐT", effectiveOn: "2025-03-01", main: "BTC", partials: [], users: "move" });
    expect(result).toEqual({ movedProposals: 4, movedAmendments: 1, movedUsers: 1, deactivatedUsers: 0 });
  });

  test("the arranged closed proposals really are closed: implemented, rejected, withdrawn", async () => {
    const progress = await db
      .selectFrom("proposals")
      .select(["id", "status", "implementation_progress"])
      .where("id", "in", Object.values(closed))
      .orderBy("id")
      .execute();
    expect(progress.map((p) => [p.status, p.implementation_progress])).toEqual([
      ["approved", "implemented"],
      ["approved", "implemented"],
      ["rejected", null],
      ["withdrawn", null],
    ]);
  });

  test("open proposals and amendments move to the successor; their original agency stays", async () => {
    const [bkhdt, btc] = [agencies.BKHĐT!.id, agencies.BTC!.id];
    for (const id of Object.values(open)) {
      expect(await proposal(id)).toMatchObject({ agency_id: btc, original_agency_id: bkhdt });
    }
    expect(await amendment(openAmendment)).toMatchObject({ agency_id: btc, original_agency_id: bkhdt, stage: "drafting" });
  });

  test("closed proposals and amendments stay with the predecessor, without an event", async () => {
    const bkhdt = agencies.BKHĐT!.id;
    for (const id of Object.values(closed)) {
      expect(await proposal(id)).toMatchObject({ agency_id: bkhdt, original_agency_id: bkhdt });
      expect((await events("proposal", id)).filter((e) => e.action === "merge")).toEqual([]);
    }
    expect(await amendment(inForceAmendment)).toMatchObject({ agency_id: bkhdt, stage: "in_force" });
    expect(await amendment(cancelledAmendment)).toMatchObject({ agency_id: bkhdt, stage: "cancelled" });
  });

  test("one merge event per moved record, under the predecessor; the history before it is untouched", async () => {
    const bkhdt = agencies.BKHĐT!.id;
    for (const id of Object.values(open)) {
      const merges = (await events("proposal", id)).filter((e) => e.action === "merge");
      expect(merges).toHaveLength(1);
      expect(merges[0]).toMatchObject({ agency_id: bkhdt, actor_id: admin.id, from_status: "BKHĐT", to_status: "BTC" });
    }
    const amendmentMerges = (await events("amendment", openAmendment)).filter((e) => e.action === "merge");
    expect(amendmentMerges).toEqual([expect.objectContaining({ agency_id: bkhdt, from_status: "BKHĐT", to_status: "BTC" })]);

    const history = await events("proposal", open.approvedOpen!);
    expect(history).toHaveLength(eventsBefore + 1);
    expect(history.slice(0, eventsBefore).every((e) => e.agency_id === bkhdt)).toBe(true);
  });

  test("the predecessor is inactive from the effective date: its last day is the day before", async () => {
    const row = await db.selectFrom("agencies").select(["active_to"]).where("code", "=", "BKHĐT").executeTakeFirstOrThrow();
    expect(row.active_to).toBe("2025-02-28");
    const successions = await db.selectFrom("agency_successions").selectAll().where("predecessor_id", "=", agencies.BKHĐT!.id).execute();
    expect(successions).toEqual([expect.objectContaining({ successor_id: agencies.BTC!.id, effective_on: "2025-03-01", scope: "full", functions: null })]);
  });

  test("the predecessor's users moved to the successor and now act on the moved cases", async () => {
    const row = await db.selectFrom("users").select(["agency_id", "active"]).where("id", "=", officer.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ agency_id: agencies.BTC!.id, active: 1 });
    const browser = await signedInClient(server.url, officer);
    const page = await browser.get(`/proposals/${encodeURIComponent(codes["nháp"] ?? "")}/edit`);
    expect(page.status).toBe(200);
  });

  test("a successor's list with predecessors=1 includes the predecessor's closed cases; without it, not", async () => {
    const browser = await signedIn(reviewer);
    const withPredecessors = mainContent(await (await browser.get(`/proposals?agency=BTC&predecessors=1`)).text());
    const withoutPredecessors = mainContent(await (await browser.get(`/proposals?agency=BTC`)).text());
    for (const name of ["nháp", "đã gửi", "bị trả lại", "đã phê duyệt, đang thực hiện"]) {
      expect(withPredecessors).toContain(codes[name]);
      expect(withoutPredecessors).toContain(codes[name]);
    }
    for (const name of ["đã phê duyệt, không cần sửa văn bản", "đã phê duyệt, văn bản sửa đổi đã có hiệu lực", "không chấp nhận", "đã rút"]) {
      expect(withPredecessors).toContain(codes[name]);
      expect(withoutPredecessors).not.toContain(codes[name]);
    }
  });

  test("pages: a moved case names its original agency; the agencies name each other", async () => {
    const browser = await signedIn(reviewer);
    const response = await browser.get(`/proposals/${encodeURIComponent(codes["nháp"] ?? "")}`);
    expect(response.status, codes["nháp"]).toBe(200);
    const detail = visibleText(mainContent(await response.text()));
    expect(detail).toContain("BTC");
    expect(detail).toContain("Bộ, ngành ban đầu: BKHĐT");
    // the history (newest first) keeps the agency of the time: the merger, and before it all under BKHĐT
    const history = detail.slice(detail.indexOf("Lịch sử"));
    expect(history).toMatch(/Sáp nhập[^·]*BKHĐT[^·]*BTC/);
    const created = history.slice(history.lastIndexOf("Tạo mới"));
    expect(created).toContain("BKHĐT");
    expect(created).not.toContain("BTC");

    const predecessorPage = visibleText(mainContent(await (await browser.get(agencyPath("BKHĐT"))).text()));
    expect(predecessorPage).toContain("Ngừng hoạt động từ ngày 01/03/2025");
    expect(predecessorPage).toMatch(/Cơ quan kế thừa BTC/);
    const successorPage = visibleText(mainContent(await (await browser.get(agencyPath("BTC"))).text()));
    expect(successorPage).toMatch(/Cơ quan tiền nhiệm BKHĐT/);
  });

  test("a second succession of the same predecessor is refused: it is no longer active", async () => {
    await expect(
      recordSuccession(db, admin, { predecessor: "BKHĐT", effectiveOn: "2025-04-01", main: "BXD", partials: [], users: "move" }),
    ).rejects.toMatchObject({ errors: { predecessor: "errors.agency_inactive" } });
  });
});

describe("a split (BGTVT to BXD, driver licensing to BCA) through the two-step page", () => {
  let officer: TestUser;
  let officerBrowser: Client;
  let adminBrowser: Client;
  let trucks: { id: number; code: string };
  let drivers: { id: number; code: string };
  let task: number;
  const step1 = new URLSearchParams({
    kind: "merge",
    effective_on: "01/03/2025",
    main: "BXD",
    partial_1: "BCA",
    functions_1: "Đào tạo, sát hạch, cấp giấy phép lái xe",
  });
  const path = `${agencyPath("BGTVT")}/succession`;
  // step 2's form posts to its own address, the plan in the query string
  const step2 = `${path}?${step1}`;

  beforeAll(async () => {
    officer = await createUserWith(db, { role: "officer", agencyCode: "BGTVT" });
    const fields = { ...FULL_FIELDS, source_document: "10/2020/NĐ-CP", source_provision: "Điều 13" };
    trucks = await createProposalFor(db, officer, { ...fields, title: "Điều kiện về số lượng phương tiện tối thiểu" });
    drivers = await createProposalFor(db, officer, { ...fields, title: "Giấy phép xe tập lái" });
    task = await createAmendment(db, officer, AmendmentSchema.parse({ document: "10/2020/NĐ-CP", agency: "BGTVT", form: "amend", proposals: trucks.code }));
    officerBrowser = await signedInClient(server.url, officer);
    adminBrowser = await signedIn(admin);
  });

  test("step 1 asks for the date and the successors", async () => {
    const response = await adminBrowser.get(path);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const field of ["effective_on", "main", "partial_1", "functions_1"]) expect(html).toContain(`name="${field}"`);
    expect(html).toMatch(/<form[^>]*method="get"/);
  });

  test("step 1's errors are shown beside the fields, 422", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ kind: "merge", effective_on: "01/03/2025" }, "main", "Cần đúng một cơ quan kế thừa chính"],
      [{ kind: "merge", effective_on: "01/03/2025", main: "BGTVT" }, "main", "Cơ quan kế thừa phải khác cơ quan tiền nhiệm"],
      [{ kind: "merge", effective_on: "01/03/2025", main: "XYZ" }, "main", "Không có bộ, ngành này"],
      [{ kind: "merge", effective_on: "31/02/2025", main: "BXD" }, "effective_on", "Ngày không hợp lệ"],
      [{ kind: "merge", effective_on: "01/03/2025", main: "BXD", partial_1: "BCA" }, "functions_1", "Vui lòng nhập"],
      [{ kind: "merge", effective_on: "01/03/2025", main: "BXD", partial_1: "BXD", functions_1: "x" }, "partial_1", "đã được chọn"],
      // BDTTG only exists from 01/03/2025
      [{ kind: "merge", effective_on: "01/01/2025", main: "BDTTG" }, "main", "đã ngừng hoạt động"],
    ];
    for (const [params, field, message] of cases) {
      const response = await adminBrowser.get(`${path}?${new URLSearchParams(params)}`);
      expect(response.status, JSON.stringify(params)).toBe(422);
      const html = await response.text();
      expect(fieldError(html, field), JSON.stringify(params)).toContain(message);
      // what was typed stays in the form
      expect(fieldValue(html, "effective_on")).toBe(params.effective_on);
    }
  });

  test("step 2 lists the open cases, each with a select defaulting to the main successor, and the users choice", async () => {
    const response = await adminBrowser.get(`${path}?${step1}`);
    expect(response.status).toBe(200);
    const html = mainContent(await response.text());
    expect(html).toContain(trucks.code);
    expect(html).toContain(drivers.code);
    expect(html).toContain("10/2020/NĐ-CP");
    for (const field of [`proposal_${trucks.id}`, `proposal_${drivers.id}`, `amendment_${task}`]) {
      expect(fieldValue(html, field), field).toBe("BXD");
      expect(new RegExp(`<select[^>]*name="${field}"[\\s\\S]*?value="BCA"`).test(html)).toBe(true);
    }
    expect(fieldValue(html, "users")).toBe("move");
    // the plan travels with the post
    expect(fieldValue(html, "main")).toBe("BXD");
    expect(fieldValue(html, "functions_1")).toBe("Đào tạo, sát hạch, cấp giấy phép lái xe");
    expect(html).toMatch(/<form[^>]*method="post"/);
  });

  test("others may not record a succession: 403, and nothing changes", async () => {
    for (const user of [reviewer, officer]) {
      const browser = user === officer ? officerBrowser : await signedIn(user);
      expect((await browser.get(`${path}?${step1}`)).status).toBe(403);
      const response = await browser.post(path, { ...Object.fromEntries(step1), users: "move" });
      expect(response.status).toBe(403);
    }
    expect(await proposal(trucks.id)).toMatchObject({ agency_id: agencies.BGTVT!.id });
    const row = await db.selectFrom("agencies").select("active_to").where("code", "=", "BGTVT").executeTakeFirstOrThrow();
    expect(row.active_to).toBeNull();
  });

  test("a destination that is not a successor is refused beside its select, 422, nothing written", async () => {
    const response = await adminBrowser.post(step2, { ...Object.fromEntries(step1), users: "move", [`proposal_${drivers.id}`]: "BYT" });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), `proposal_${drivers.id}`)).toContain("chỉ có thể chuyển cho một trong các cơ quan kế thừa");
    expect(await proposal(drivers.id)).toMatchObject({ agency_id: agencies.BGTVT!.id });
    expect(await db.selectFrom("agency_successions").select("id").where("predecessor_id", "=", agencies.BGTVT!.id).execute()).toEqual([]);
  });

  test("the post records it: the chosen case goes to the partial successor, the rest to the main one, users deactivated", async () => {
    const response = await adminBrowser.post(step2, {
      ...Object.fromEntries(step1),
      users: "deactivate",
      [`proposal_${drivers.id}`]: "BCA",
      [`proposal_${trucks.id}`]: "BXD",
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe(`${agencyPath("BGTVT")}?succession=deactivated&proposals=2&amendments=1&users=1`);

    const [bgtvt, bxd, bca] = [agencies.BGTVT!.id, agencies.BXD!.id, agencies.BCA!.id];
    expect(await proposal(drivers.id)).toMatchObject({ agency_id: bca, original_agency_id: bgtvt });
    expect(await proposal(trucks.id)).toMatchObject({ agency_id: bxd, original_agency_id: bgtvt });
    expect(await amendment(task)).toMatchObject({ agency_id: bxd, original_agency_id: bgtvt });
    expect((await events("proposal", drivers.id)).filter((e) => e.action === "merge")).toEqual([
      expect.objectContaining({ agency_id: bgtvt, from_status: "BGTVT", to_status: "BCA" }),
    ]);
    const successions = await db
      .selectFrom("agency_successions")
      .select(["successor_id", "scope", "functions"])
      .where("predecessor_id", "=", bgtvt)
      .orderBy("id")
      .execute();
    expect(successions).toEqual([
      { successor_id: bxd, scope: "main", functions: null },
      { successor_id: bca, scope: "partial", functions: "Đào tạo, sát hạch, cấp giấy phép lái xe" },
    ]);
    const agency = await db.selectFrom("agencies").select("active_to").where("id", "=", bgtvt).executeTakeFirstOrThrow();
    expect(agency.active_to).toBe("2025-02-28");

    const summary = visibleText(mainContent(await (await adminBrowser.get(location)).text()));
    expect(summary).toContain("chuyển 2 đề xuất, 1 nhiệm vụ sửa đổi sang cơ quan kế thừa; ngừng kích hoạt 1 người dùng");
  });

  test("the deactivated officer keeps its agency, is inactive, and its session has ended", async () => {
    const row = await db.selectFrom("users").select(["agency_id", "active"]).where("id", "=", officer.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ agency_id: agencies.BGTVT!.id, active: 0 });
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", officer.id).execute()).toEqual([]);
    const response = await officerBrowser.get("/proposals");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  test("the page of a predecessor already merged away says so and offers no form; a post is refused, 422", async () => {
    const page = await adminBrowser.get(path);
    expect(page.status).toBe(200);
    const html = mainContent(await page.text());
    expect(visibleText(html)).toContain("BGTVT đã ngừng hoạt động từ ngày 28/02/2025");
    expect(html).not.toContain('name="effective_on"');
    const response = await adminBrowser.post(path, { ...Object.fromEntries(step1), users: "move" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Bộ, ngành này đã ngừng hoạt động");
  });
});

describe("a handover of functions (BNV hands religious affairs to BDTTG and continues)", () => {
  let officer: TestUser;
  let religion: { id: number; code: string };
  let staff: { id: number; code: string };

  beforeAll(async () => {
    officer = await createUserWith(db, { role: "officer", agencyCode: "BNV" });
    religion = await createProposalFor(db, officer, { title: "Thủ tục đăng ký hoạt động tôn giáo" });
    staff = await createProposalFor(db, officer, { title: "Thủ tục thi tuyển công chức" });
  });

  test("only the chosen cases move; the predecessor stays active with its users", async () => {
    const browser = await signedIn(admin);
    const plan = { kind: "transfer", effective_on: "01/03/2025", partial_1: "BDTTG", functions_1: "Quản lý nhà nước về tôn giáo" };
    const step2 = mainContent(await (await browser.get(`${agencyPath("BNV")}/succession?${new URLSearchParams(plan)}`)).text());
    expect(fieldValue(step2, `proposal_${staff.id}`)).toBe("BNV");
    expect(step2).not.toContain('name="users"');

    const response = await browser.post(`${agencyPath("BNV")}/succession?${new URLSearchParams(plan)}`, { ...plan, [`proposal_${religion.id}`]: "BDTTG" });
    expect(response.status).toBe(302);
    expect(await proposal(religion.id)).toMatchObject({ agency_id: agencies.BDTTG!.id, original_agency_id: agencies.BNV!.id });
    expect(await proposal(staff.id)).toMatchObject({ agency_id: agencies.BNV!.id });
    expect((await events("proposal", staff.id)).filter((e) => e.action === "merge")).toEqual([]);
    const bnv = await db.selectFrom("agencies").select("active_to").where("code", "=", "BNV").executeTakeFirstOrThrow();
    expect(bnv.active_to).toBeNull();
    const user = await db.selectFrom("users").select(["agency_id", "active"]).where("id", "=", officer.id).executeTakeFirstOrThrow();
    expect(user).toEqual({ agency_id: agencies.BNV!.id, active: 1 });
    const scope = await db.selectFrom("agency_successions").select("scope").where("predecessor_id", "=", agencies.BNV!.id).executeTakeFirstOrThrow();
    expect(scope.scope).toBe("partial");
  });

  test("the same handover again is refused beside the successor: already recorded", async () => {
    const browser = await signedIn(admin);
    const plan = { kind: "transfer", effective_on: "01/03/2025", partial_1: "BDTTG", functions_1: "Quản lý nhà nước về tôn giáo" };
    const response = await browser.get(`${agencyPath("BNV")}/succession?${new URLSearchParams(plan)}`);
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "partial_1")).toContain("đã được ghi nhận");
  });

  test("a handover with a main successor is a contradiction, refused beside it", async () => {
    const browser = await signedIn(admin);
    const plan = { kind: "transfer", effective_on: "01/03/2025", main: "BTC", partial_1: "BDTTG", functions_1: "x" };
    const response = await browser.get(`${agencyPath("BNV")}/succession?${new URLSearchParams(plan)}`);
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "main")).toContain("không có cơ quan kế thừa chính");
  });
});
