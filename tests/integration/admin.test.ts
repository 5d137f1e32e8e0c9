import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import type { Agency } from "../../db/types";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { client, fieldError, fieldValue, mainContent, visibleText, signedInClient, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// What only an admin may do, over HTTP: manage users (create, deactivate, reset passwords,
// each ending sessions where it should) and rename agencies; plus the agency pages everyone reads.

let server: TestServer;
/**
 * One sign-in per user for the whole file (tests/support/http.ts), where the test is not about
 * that session; the users whose sessions a test ends or counts sign in afresh there.
 */
let signedIn: SignedIn;
let agencies: Record<string, Agency>;
let admin: TestUser;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      agencies = await createAgencies(db);
      admin = await createUserWith(db, { role: "admin" });
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

async function count(table: "users" | "events" | "sessions"): Promise<number> {
  const row = await server.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

function userByEmail(email: string) {
  return server.db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

function sessionsOf(userId: number) {
  return server.db().selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
}

function newUserForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "create",
    email: "chuyenvien.phapche@byt.gov.vn",
    name: "Đỗ Thị Pháp Chế",
    role: "officer",
    agency: "BYT",
    password: "mat-khau-moi-cua-chuyen-vien",
    ...overrides,
  };
}

function expectNoTrace(html: string) {
  expect(html).not.toMatch(/\bat [\w$.<>]+ \(?[^\s)]*:\d+:\d+\)?/);
  expect(html).not.toContain("node_modules");
}

describe("the users page", () => {
  test.each(["officer", "reviewer", "viewer"] as const)("a %s gets 403 for the page and for its posts", async (role) => {
    const user = { officer: officerByt, reviewer, viewer }[role];
    const browser = await signedIn(user);
    const page = await browser.get("/admin/users");
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(mainContent(html)).toContain("Bạn không có quyền thực hiện thao tác này.");
    expectNoTrace(html);

    const usersBefore = await count("users");
    const post = await browser.post("/admin/users", newUserForm({ email: `thu.${role}@tinhgon.test` }));
    expect(post.status).toBe(403);
    expect(await count("users")).toBe(usersBefore);
    const deactivate = await browser.post("/admin/users", { intent: "deactivate", userId: String(officerBtc.id) });
    expect(deactivate.status).toBe(403);
    expect((await userByEmail(officerBtc.email))?.active).toBe(1);
  });

  test("an admin sees every user with role, agency and state", async () => {
    const browser = await signedIn(admin);
    const response = await browser.get("/admin/users");
    expect(response.status).toBe(200);
    const main = mainContent(await response.text());
    const rows = [...main.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((match) => match[0]);
    const row = rows.find((tr) => tr.includes(officerBtc.email)) ?? "";
    expect(visibleText(row)).toMatch(/^officer\.btc@tinhgon\.test Nguyễn Văn Cán Bộ Cán bộ bộ, ngành BTC Đang hoạt động /);
    expect(visibleText(main)).toContain(`${admin.email} (bạn)`);
  });
});

describe("creating users", () => {
  test("an admin creates an officer, stored with a scrypt hash and one create event; the new user can sign in", async () => {
    const browser = await signedIn(admin);
    const response = await browser.post("/admin/users", newUserForm({ email: "  ChuyenVien.PhapChe@BYT.gov.vn " }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(mainContent(html)).toContain("Đã tạo người dùng chuyenvien.phapche@byt.gov.vn.");
    expect(html).not.toContain("mat-khau-moi-cua-chuyen-vien");

    const user = await userByEmail("chuyenvien.phapche@byt.gov.vn");
    expect(user).toMatchObject({ name: "Đỗ Thị Pháp Chế", role: "officer", agency_id: agencies.BYT!.id, active: 1 });
    expect(user!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    const events = await server.db().selectFrom("events").selectAll().where("entity_type", "=", "user").where("entity_id", "=", user!.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "create", actor_id: admin.id, to_status: "officer", agency_id: agencies.BYT!.id });

    const newcomer = await signedInClient(server.url, { email: "chuyenvien.phapche@byt.gov.vn", password: "mat-khau-moi-cua-chuyen-vien" });
    expect((await newcomer.get("/proposals")).status).toBe(200);
  });

  test("a reviewer created with an agency is stored without one: only officers act for an agency", async () => {
    const browser = await signedIn(admin);
    const response = await browser.post("/admin/users", newUserForm({ email: "thuky.moi@vpcp.gov.vn", role: "reviewer", agency: "VPCP" }));
    expect(response.status).toBe(200);
    expect(await userByEmail("thuky.moi@vpcp.gov.vn")).toMatchObject({ role: "reviewer", agency_id: null });
  });

  test.each([
    ["a duplicate email", { email: "OFFICER.BYT@tinhgon.test" }, "email", "Email này đã được dùng."],
    ["a short password", { email: "ngan.matkhau@byt.gov.vn", password: "ngan123" }, "password", "Mật khẩu phải có ít nhất 10 ký tự."],
    ["an officer without agency", { email: "khong.bo@byt.gov.vn", agency: "" }, "agency", "Cán bộ bộ, ngành phải thuộc một bộ, ngành."],
    ["an unknown agency", { email: "bo.la@byt.gov.vn", agency: "XYZ" }, "agency", "Không có bộ, ngành này."],
    ["an invalid email", { email: "khong-phai-email" }, "email", "Địa chỉ email không hợp lệ."],
  ] as const)("%s is refused with 422 beside the field, the typed values kept; nothing stored", async (_case, overrides, field, message) => {
    const browser = await signedIn(admin);
    const [usersBefore, eventsBefore] = [await count("users"), await count("events")];
    const form = newUserForm({ name: "Người Bị Từ Chối", ...overrides });
    const response = await browser.post("/admin/users", form);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Chưa lưu được: vui lòng sửa 1 lỗi bên dưới.");
    expect(fieldError(html, field)).toBe(message);
    expect(fieldValue(html, "name")).toBe("Người Bị Từ Chối");
    expect(fieldValue(html, "email")).toBe(form.email);
    // the password is never sent back
    expect(html).not.toContain(form.password);
    expect([await count("users"), await count("events")]).toEqual([usersBefore, eventsBefore]);
  });
});

describe("deactivating and resetting", () => {
  test("deactivating a user ends their live session at once and refuses their password", async () => {
    const leaving = await createUserWith(server.db(), { role: "officer", agencyCode: "BTC", email: "nghi.viec@btc.gov.vn" });
    const session = await signedInClient(server.url, leaving);
    expect((await session.get("/proposals")).status).toBe(200);

    const browser = await signedIn(admin);
    const response = await browser.post("/admin/users", { intent: "deactivate", userId: String(leaving.id), confirmed: "1" });
    expect(response.status).toBe(200);
    expect(mainContent(await response.text())).toContain("Đã ngừng kích hoạt nghi.viec@btc.gov.vn; các phiên đăng nhập đã kết thúc.");
    expect((await userByEmail(leaving.email))?.active).toBe(0);
    expect(await sessionsOf(leaving.id)).toHaveLength(0);

    const next = await session.get("/proposals");
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/login?redirectTo=%2Fproposals");
    // the right password of a deactivated account is told so (403), not taken
    expect((await client(server.url).login(leaving.email, leaving.password)).status).toBe(403);

    const deactivations = await server.db().selectFrom("events").selectAll().where("entity_type", "=", "user").where("entity_id", "=", leaving.id).where("action", "=", "deactivate").execute();
    expect(deactivations).toHaveLength(1);
    expect(deactivations[0]!.actor_id).toBe(admin.id);

    const back = await browser.post("/admin/users", { intent: "activate", userId: String(leaving.id) });
    expect(back.status).toBe(200);
    expect((await client(server.url).login(leaving.email, leaving.password)).status).toBe(302);
  });

  test("an admin cannot deactivate themselves: 422 with the reason, still active", async () => {
    const browser = await signedIn(admin);
    const response = await browser.post("/admin/users", { intent: "deactivate", userId: String(admin.id), confirmed: "1" });
    expect(response.status).toBe(422);
    expect(mainContent(await response.text())).toContain("Bạn không thể tự ngừng kích hoạt tài khoản của mình.");
    expect((await userByEmail(admin.email))?.active).toBe(1);
    expect((await browser.get("/admin/users")).status).toBe(200);
  });

  test("resetting a password ends the user's sessions; the old password stops working and the new one works", async () => {
    const forgetful = await createUserWith(server.db(), { role: "viewer", email: "quen.matkhau@tinhgon.test" });
    const first = await signedInClient(server.url, forgetful);
    const second = await signedInClient(server.url, forgetful);
    expect(await sessionsOf(forgetful.id)).toHaveLength(2);

    const browser = await signedIn(admin);
    const short = await browser.post("/admin/users", { intent: "reset", userId: String(forgetful.id), password: "ngan" });
    expect(short.status).toBe(422);
    expect(fieldError(await short.text(), "password")).toBe("Mật khẩu phải có ít nhất 10 ký tự.");
    expect(await sessionsOf(forgetful.id)).toHaveLength(2);

    const response = await browser.post("/admin/users", { intent: "reset", userId: String(forgetful.id), password: "mat-khau-moi-2026-dai" });
    expect(response.status).toBe(200);
    expect(mainContent(await response.text())).toContain("Đã đặt lại mật khẩu cho quen.matkhau@tinhgon.test; các phiên đăng nhập đã kết thúc.");
    expect(await sessionsOf(forgetful.id)).toHaveLength(0);

    for (const session of [first, second]) {
      const next = await session.get("/documents");
      expect(next.status).toBe(302);
      expect(next.headers.get("location")).toBe("/login?redirectTo=%2Fdocuments");
    }
    expect((await client(server.url).login(forgetful.email, forgetful.password)).status).toBe(401);
    expect((await client(server.url).login(forgetful.email, "mat-khau-moi-2026-dai")).status).toBe(302);
  });

  test("a row action for a user who does not exist is a 404, and a missing intent a 400", async () => {
    const browser = await signedIn(admin);
    expect((await browser.post("/admin/users", { intent: "deactivate", userId: "999999" })).status).toBe(404);
    expect((await browser.post("/admin/users", { intent: "deactivate", userId: "abc" })).status).toBe(400);
    expect((await browser.post("/admin/users", { userId: String(viewer.id) })).status).toBe(400);
  });
});

describe("agencies", () => {
  test("an admin renames an agency: both names saved, one update event with before and after", async () => {
    const browser = await signedIn(admin);
    const before = await server.db().selectFrom("agencies").selectAll().where("code", "=", "BCT").executeTakeFirstOrThrow();
    expect(before.version).toBe(1);

    const page = await browser.get("/agencies/BCT");
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(fieldValue(pageHtml, "name_vi")).toBe("Bộ Công Thương");
    expect(fieldValue(pageHtml, "version")).toBe("1");

    const response = await browser.post("/agencies/BCT", {
      name_vi: "Bộ Công Thương (tên mới)",
      name_en: "Ministry of Industry and Trade (renamed)",
      version: "1",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(mainContent(html)).toContain("Đã lưu tên bộ, ngành.");
    expect(visibleText(mainContent(html))).toContain("BCT: Bộ Công Thương (tên mới)");

    const after = await server.db().selectFrom("agencies").selectAll().where("code", "=", "BCT").executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name_vi: "Bộ Công Thương (tên mới)", name_en: "Ministry of Industry and Trade (renamed)", version: 2 });
    const events = await server.db().selectFrom("events").selectAll().where("entity_type", "=", "agency").where("entity_id", "=", before.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "update", actor_id: admin.id, agency_id: before.id });
    expect(JSON.parse(events[0]!.changes ?? "null")).toEqual({
      name_vi: ["Bộ Công Thương", "Bộ Công Thương (tên mới)"],
      name_en: ["Ministry of Industry and Trade", "Ministry of Industry and Trade (renamed)"],
    });

    const stale = await browser.post("/agencies/BCT", { name_vi: "Tên cũ hơn", name_en: "Older name", version: "1" });
    expect(stale.status).toBe(409);
    expect((await server.db().selectFrom("agencies").select("name_vi").where("code", "=", "BCT").executeTakeFirstOrThrow()).name_vi).toBe(
      "Bộ Công Thương (tên mới)",
    );

    const empty = await browser.post("/agencies/BCT", { name_vi: "", name_en: "Ministry", version: "2" });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "name_vi")).toBe("Vui lòng nhập thông tin này.");
  });

  test.each(["officer", "reviewer", "viewer"] as const)("a %s's post to rename an agency is refused with 403", async (role) => {
    const user = { officer: officerByt, reviewer, viewer }[role];
    const browser = await signedIn(user);
    const before = await server.db().selectFrom("agencies").selectAll().where("code", "=", "BYT").executeTakeFirstOrThrow();
    const eventsBefore = await count("events");
    const response = await browser.post("/agencies/BYT", { name_vi: "Đổi tên trái phép", name_en: "Unauthorized", version: String(before.version) });
    expect(response.status).toBe(403);
    expect(await server.db().selectFrom("agencies").selectAll().where("code", "=", "BYT").executeTakeFirstOrThrow()).toEqual(before);
    expect(await count("events")).toBe(eventsBefore);
    // the page itself offers no rename form to them
    expect(await (await browser.get("/agencies/BYT")).text()).not.toContain('name="name_vi"');
  });

  test("the list shows, per agency, the numbers of proposals and amendments it is responsible for, as in the database", async () => {
    const db = server.db();
    await createProposalFor(db, officerByt, { title: "Điều kiện kinh doanh dịch vụ xét nghiệm" });
    await createProposalFor(db, officerByt, { title: "Thủ tục cấp phép quảng cáo thực phẩm chức năng" });
    await createProposalFor(db, officerByt, { title: "Báo cáo định kỳ về an toàn bức xạ y tế" });
    await createProposalFor(db, officerBtc, { title: "Thủ tục hoàn thuế giá trị gia tăng" });
    const amendment = (document: string) =>
      AmendmentSchema.parse({ document, agency: "BYT", form: "amend", provisions: "", deadline: "", note: "", proposals: "" });
    await createAmendment(db, officerByt, amendment("54/2017/NĐ-CP"));
    await createAmendment(db, officerByt, amendment("15/2018/NĐ-CP"));

    const expected = await db
      .selectFrom("agencies")
      .select((eb) => [
        "agencies.code",
        eb.selectFrom("proposals").select(eb.fn.countAll<number>().as("n")).whereRef("proposals.agency_id", "=", "agencies.id").as("proposals"),
        eb.selectFrom("amendments").select(eb.fn.countAll<number>().as("n")).whereRef("amendments.agency_id", "=", "agencies.id").as("amendments"),
      ])
      .orderBy("agencies.code")
      .execute();
    expect(expected).toEqual([
      { code: "BCT", proposals: 0, amendments: 0 },
      { code: "BTC", proposals: 1, amendments: 0 },
      { code: "BYT", proposals: 3, amendments: 2 },
      { code: "VPCP", proposals: 0, amendments: 0 },
    ]);

    const browser = await signedIn(viewer);
    const response = await browser.get("/agencies");
    expect(response.status).toBe(200);
    const main = mainContent(await response.text());
    const shown = [...main.matchAll(/<tr\b[^>]*>\s*<th scope="row"[\s\S]*?<\/tr>/g)]
      .map((match) => [...match[0].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visibleText(cell[1] ?? "")))
      .map((cells) => ({ code: cells[0], proposals: Number(cells[4]), amendments: Number(cells[5]) }))
      .sort((a, b) => (a.code ?? "").localeCompare(b.code ?? ""));
    expect(shown).toEqual(expected);
    expect(main).toContain('aria-label="3 đề xuất của Bộ Y tế"');
    expect(main).toContain('href="/amendments?agency=BYT"');

    const detail = visibleText(mainContent(await (await browser.get("/agencies/BYT")).text()));
    expect(detail).toContain("Xem đề xuất (3)");
    expect(detail).toContain("Xem nhiệm vụ sửa đổi (2)");
  });

  test("an unknown agency code is a 404 page", async () => {
    const browser = await signedIn(viewer);
    for (const path of ["/agencies/XYZ", "/agencies/%C4%90%C4%90"]) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(mainContent(html)).toContain("Không tìm thấy trang hoặc hồ sơ bạn yêu cầu.");
      expectNoTrace(html);
    }
    const admins = await signedIn(admin);
    expect((await admins.post("/agencies/XYZ", { name_vi: "Không có", name_en: "None", version: "1" })).status).toBe(404);
  });
});
