import { todayIso } from "~/domain/dates";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAgencies, createDecisionFor, createDocumentFor, createUserWith, type TestUser } from "../support/factories";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";

// One case from start to end, the way the people involved work it in their browsers: a Ministry
// of Health officer logs a proposal and the decree to amend, the secretariat returns it with a
// comment, the officer fixes it and resubmits, the secretariat approves it under a decision, and
// the officer carries the amendment through to in force. Only the setting (agencies, users, the
// decision, the decree) is seeded; every step of the case goes through the pages.

const TITLE = "Điều kiện về nhân sự đối với cơ sở sản xuất thực phẩm bảo vệ sức khỏe";
const FIRST_CHANGE = "Bỏ yêu cầu người phụ trách sản xuất phải có bằng đại học.";
const FIXED_CHANGE = "Bỏ yêu cầu người phụ trách sản xuất phải có bằng đại học chuyên ngành; chấp nhận bằng cao đẳng kèm 3 năm kinh nghiệm.";
const RETURN_COMMENT = "Đề nghị nêu rõ trình độ tối thiểu thay thế cho yêu cầu bằng đại học.";
const DECREE = "15/2018/NĐ-CP";
const DECREE_TITLE = "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm";
const DECISION = "1661/QĐ-TTg";
const AMENDING_DECREE = "88/2026/NĐ-CP";
// deadlines and the decision's timeline fall next year, so they stay in the future whenever this runs
const NEXT_YEAR = Number(todayIso().slice(0, 4)) + 1;
/** The code the first proposal of BYT gets. */
const CODE = "BYT-0001";

let app: BrowserTest;
let officer: TestUser;
let reviewer: TestUser;
/** The officer's and the reviewer's tabs, each in its own browser context (own session cookie). */
let officerPage: Page;
let reviewerPage: Page;
let amendmentPath: string;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      await createDocumentFor(db, reviewer, { number: DECREE, title: DECREE_TITLE });
      // an older decision too, so the reviewer has to pick the right one
      await createDecisionFor(db, reviewer);
      await createDecisionFor(db, reviewer, {
        number: DECISION,
        signed_on: "15/10/2026",
        kind: "reduction_plan",
        title_vi: "Phê duyệt phương án cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh thuộc phạm vi quản lý của Bộ Y tế",
        timeline: `Năm ${NEXT_YEAR}`,
      });
    },
  });
  officerPage = await app.newPage();
  reviewerPage = await app.newPage();
});

afterAll(async () => {
  await app?.stop();
});

/** The text as it reads on screen, on one line. */
async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

/** Waits until the element reads exactly `expected` (a page that posts re-renders in place). */
async function expectText(locator: Locator, expected: string): Promise<void> {
  await expect.poll(() => text(locator), { timeout: 10_000 }).toBe(expected);
}

/** A form field by its visible label; required fields carry " * (bắt buộc)" after it. */
function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return scope.getByLabel(new RegExp(`^${escaped}(?: \\* \\(bắt buộc\\))?$`));
}

/** A framed part of a record's page, or a form's section, by its heading. */
function region(page: Page, name: string): Locator {
  return page.getByRole("region", { name, exact: true });
}

/** The value beside a label in one of a record page's sections. */
function detail(section: Locator, label: string): Locator {
  return section.locator("dl > div").filter({ has: section.page().locator(`dt:text-is("${label}")`) }).locator("dd");
}

/** The status line under a record page's heading. */
function statusLine(page: Page): Locator {
  return page.locator("article > header p").last();
}

/** Opens a page and waits until React has taken it over, so forms validate in the browser first. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

/** Each history entry as "what: from → to | who | comment or changed fields", newest first. */
async function historyOf(page: Page): Promise<string[]> {
  const entries = region(page, "Lịch sử").getByRole("listitem");
  const lines: string[] = [];
  for (const entry of await entries.all()) {
    const summary = await text(entry.locator("p").first());
    // "27/11/2026 10:15 · Nguyễn Văn Cán Bộ · Bộ, ngành khi đó: BYT"
    const actor = (await text(entry.locator("p").nth(1))).split(" · ")[1];
    const quote = entry.locator("blockquote");
    const note = (await quote.count())
      ? await text(quote)
      : (await entry.locator("dt").allInnerTexts()).join(", ") || (await entry.getByRole("link").allInnerTexts()).join(", ");
    lines.push([summary, actor, note].filter(Boolean).join(" | "));
  }
  return lines;
}

describe.sequential("a proposal from the first draft to an amendment in force", () => {
  test("1. the officer logs the proposal and the decree to amend, then submits it", async () => {
    await login(officerPage, officer);
    await open(officerPage, "/proposals/new");
    const form = officerPage.locator("main form");
    await field(form, "Nhóm quy định").selectOption({ label: "Điều kiện kinh doanh" });
    await field(form, "Nội dung quy định").fill(TITLE);
    // typed as it is written in the decree; the amendment below types it without diacritics
    await field(form, "Văn bản quy định").fill(DECREE);
    await field(form, "Điều, khoản").fill("Điều 28");
    await field(form, "Phương án").selectOption({ label: "Đơn giản hóa" });
    await field(form, "Nội dung cắt giảm, đơn giản hóa").fill(FIRST_CHANGE);
    await field(form, "Lý do").fill("Cơ sở sản xuất nhỏ khó tuyển người có bằng đại học; chất lượng được bảo đảm bằng điều kiện GMP.");
    await field(form, "Chi phí tuân thủ trước (đồng/năm)").fill("1.250.000.000");
    await field(form, "Chi phí tuân thủ sau (đồng/năm)").fill("450.000.000");
    await Promise.all([officerPage.waitForURL(`**/proposals/${CODE}`), form.getByRole("button", { name: "Lưu" }).click()]);

    await officerPage.getByRole("heading", { level: 1, name: `${CODE}: ${TITLE}`, exact: true }).waitFor();
    await expectText(statusLine(officerPage), "Trạng thái: Nháp");
    const regulation = region(officerPage, "Quy định");
    expect(await text(detail(regulation, "Văn bản quy định"))).toBe(DECREE);
    expect(await text(detail(regulation, "Điều, khoản"))).toBe("Điều 28");
    expect(await text(detail(region(officerPage, "Phương án"), "Chi phí tiết kiệm (đồng/năm)"))).toBe("800.000.000");
    expect(await text(region(officerPage, "Văn bản cần sửa đổi"))).toContain("Chưa có nhiệm vụ sửa đổi văn bản nào.");

    // the decree to amend, from the proposal's own page
    await Promise.all([
      officerPage.waitForURL(`**/amendments/new?proposal=${CODE}`),
      officerPage.getByRole("link", { name: "Thêm văn bản cần sửa đổi" }).click(),
    ]);
    await waitForHydration(officerPage);
    expect(await text(officerPage.getByRole("link", { name: `Từ đề xuất ${CODE}` }))).toBe(`Từ đề xuất ${CODE}`);
    const amendmentForm = officerPage.locator("main form");
    await field(amendmentForm, "Văn bản cần sửa đổi").fill("15/2018/nd-cp");
    await field(amendmentForm, "Điều, khoản cần sửa đổi").fill("khoản 1 Điều 28");
    await field(amendmentForm, "Hạn hoàn thành").fill(`30/06/${NEXT_YEAR}`);
    expect(await field(amendmentForm, "Đề xuất liên quan").inputValue()).toBe(CODE);
    await Promise.all([
      officerPage.waitForURL(/\/amendments\/\d+$/),
      amendmentForm.getByRole("button", { name: "Lưu" }).click(),
    ]);
    amendmentPath = new URL(officerPage.url()).pathname;
    // the number typed without diacritics found the decree already in the register
    await officerPage.getByRole("heading", { level: 1, name: `${DECREE}: ${DECREE_TITLE}`, exact: true }).waitFor();
    await expectText(statusLine(officerPage), "Tiến độ: Chưa triển khai");

    // back to the proposal, through the amendment's list of proposals
    await Promise.all([
      officerPage.waitForURL(`**/proposals/${CODE}`),
      region(officerPage, "Đề xuất liên quan").getByRole("link", { name: CODE, exact: true }).click(),
    ]);
    const amendmentRows = region(officerPage, "Văn bản cần sửa đổi").locator("tbody tr");
    await expectText(amendmentRows, `${DECREE} khoản 1 Điều 28 BYT Chưa triển khai 30/06/${NEXT_YEAR}`);

    const submit = region(officerPage, "Gửi đề xuất");
    // with a document to amend linked, no reason for needing none is asked
    expect(await field(submit, "Lý do không cần sửa đổi văn bản nào").count()).toBe(0);
    await submit.getByRole("button", { name: "Gửi đề xuất" }).click();
    await expectText(statusLine(officerPage), "Trạng thái: Đã gửi");
    // submitted: the ministry no longer edits it
    expect(await officerPage.getByRole("link", { name: "Sửa", exact: true }).count()).toBe(0);
    expect(await region(officerPage, "Gửi đề xuất").count()).toBe(0);
  });

  test("2. the reviewer opens it from the list and returns it with a comment", async () => {
    await login(reviewerPage, reviewer);
    await open(reviewerPage, "/proposals");
    await Promise.all([
      reviewerPage.waitForURL(`**/proposals/${CODE}`),
      reviewerPage.getByRole("link", { name: CODE, exact: true }).click(),
    ]);
    await waitForHydration(reviewerPage);
    await expectText(statusLine(reviewerPage), "Trạng thái: Đã gửi");

    const returnForm = region(reviewerPage, "Trả lại để hoàn thiện");
    // the comment is required: the browser says so before anything is sent
    await returnForm.getByRole("button", { name: "Trả lại" }).click();
    await expectText(returnForm.locator('[data-field-error="comment"]'), "Vui lòng nhập thông tin này.");
    await field(returnForm, "Ý kiến trả lại").fill(RETURN_COMMENT);
    await returnForm.getByRole("button", { name: "Trả lại" }).click();
    await expectText(statusLine(reviewerPage), "Trạng thái: Trả lại");
    expect(await region(reviewerPage, "Phê duyệt").count()).toBe(0);
  });

  test("3. the officer reads the comment, fixes the proposal and submits it again", async () => {
    await open(officerPage, `/proposals/${CODE}`);
    await expectText(statusLine(officerPage), "Trạng thái: Trả lại");
    const returned = region(officerPage, "Lịch sử").getByRole("listitem").first();
    expect(await text(returned.locator("blockquote"))).toBe(RETURN_COMMENT);
    expect(await text(returned)).toContain(reviewer.name);

    await Promise.all([
      officerPage.waitForURL(`**/proposals/${CODE}/edit`),
      officerPage.getByRole("link", { name: "Sửa", exact: true }).click(),
    ]);
    await waitForHydration(officerPage);
    const form = officerPage.locator("main form");
    expect(await field(form, "Nội dung cắt giảm, đơn giản hóa").inputValue()).toBe(FIRST_CHANGE);
    await field(form, "Nội dung cắt giảm, đơn giản hóa").fill(FIXED_CHANGE);
    await Promise.all([officerPage.waitForURL(`**/proposals/${CODE}`), form.getByRole("button", { name: "Lưu" }).click()]);
    await expectText(detail(region(officerPage, "Phương án"), "Nội dung cắt giảm, đơn giản hóa"), FIXED_CHANGE);
    await expectText(statusLine(officerPage), "Trạng thái: Trả lại");

    await region(officerPage, "Gửi đề xuất").getByRole("button", { name: "Gửi đề xuất" }).click();
    await expectText(statusLine(officerPage), "Trạng thái: Đã gửi");
  });

  test("4. the reviewer approves it under the decision, which sets the due date", async () => {
    await open(reviewerPage, `/proposals/${CODE}`);
    await expectText(statusLine(reviewerPage), "Trạng thái: Đã gửi");
    await expectText(detail(region(reviewerPage, "Phương án"), "Nội dung cắt giảm, đơn giản hóa"), FIXED_CHANGE);

    const approve = region(reviewerPage, "Phê duyệt");
    await field(approve, "Quyết định phê duyệt").selectOption({ label: `${DECISION} (Năm ${NEXT_YEAR})` });
    // the due date is left empty: it comes from the decision's timeline
    await approve.getByRole("button", { name: "Phê duyệt" }).click();
    // approved, and nothing done yet on the one amendment it depends on
    await expectText(statusLine(reviewerPage), "Trạng thái: Đã phê duyệt Chưa triển khai");
    const plan = region(reviewerPage, "Phương án");
    expect(await text(detail(plan, "Quyết định phê duyệt"))).toBe(DECISION);
    expect(await text(detail(plan, "Hạn hoàn thành"))).toBe(`31/12/${NEXT_YEAR}`);
    expect(await text(detail(plan, "Tình hình thực thi"))).toBe("Chưa triển khai");
  });

  test("5. the officer records the amending decree as promulgated, then in force", async () => {
    await open(officerPage, `/proposals/${CODE}`);
    await expectText(statusLine(officerPage), "Trạng thái: Đã phê duyệt Chưa triển khai");
    await Promise.all([
      officerPage.waitForURL(`**${amendmentPath}`),
      region(officerPage, "Văn bản cần sửa đổi").getByRole("link", { name: DECREE, exact: true }).click(),
    ]);
    await waitForHydration(officerPage);

    const stageForm = region(officerPage, "Cập nhật tiến độ");
    // straight from not started to promulgated: the simplified procedure needs no reason
    await field(stageForm, "Tiến độ").selectOption({ label: "Đã ban hành" });
    await field(stageForm, "Số văn bản sửa đổi").fill(AMENDING_DECREE);
    await field(stageForm, "Loại văn bản sửa đổi").selectOption({ label: "Nghị định" });
    await field(stageForm, "Ngày ban hành").fill("15/09/2026");
    await stageForm.getByRole("button", { name: "Lưu" }).click();
    await expectText(statusLine(officerPage), "Tiến độ: Đã ban hành");
    const progress = region(officerPage, "Tiến độ");
    expect(await text(detail(progress, "Văn bản sửa đổi"))).toBe(AMENDING_DECREE);
    expect(await text(detail(progress, "Ngày ban hành"))).toBe("15/09/2026");

    // an effective date before the promulgation is refused beside the field
    const inForceForm = region(officerPage, "Cập nhật tiến độ");
    await field(inForceForm, "Tiến độ").selectOption({ label: "Có hiệu lực" });
    await field(inForceForm, "Ngày có hiệu lực").fill("01/09/2026");
    await inForceForm.getByRole("button", { name: "Lưu" }).click();
    await expectText(inForceForm.locator('[data-field-error="effective_on"]'), "Ngày có hiệu lực không được trước ngày ban hành.");
    await expectText(statusLine(officerPage), "Tiến độ: Đã ban hành");

    await field(inForceForm, "Ngày có hiệu lực").fill("01/11/2026");
    await inForceForm.getByRole("button", { name: "Lưu" }).click();
    await expectText(statusLine(officerPage), "Tiến độ: Có hiệu lực");
    expect(await text(detail(progress, "Ngày có hiệu lực"))).toBe("01/11/2026");
    const linked = region(officerPage, "Đề xuất liên quan").locator("tbody tr");
    expect(await text(linked)).toContain(`${CODE} ${TITLE} BYT Đã phê duyệt Đã thực thi`);
  });

  test("6. the proposal reads as implemented, the decree as amended, and the history tells who did what", async () => {
    await open(officerPage, `/proposals/${CODE}`);
    await expectText(statusLine(officerPage), "Trạng thái: Đã phê duyệt Đã thực thi");
    expect(await text(detail(region(officerPage, "Phương án"), "Tình hình thực thi"))).toBe("Đã thực thi");
    await expectText(
      region(officerPage, "Văn bản cần sửa đổi").locator("tbody tr"),
      `${DECREE} khoản 1 Điều 28 BYT Có hiệu lực 30/06/${NEXT_YEAR}`,
    );

    expect(await historyOf(officerPage)).toEqual([
      `Chuyển trạng thái: Đã gửi → sang Đã phê duyệt | ${reviewer.name} | ${DECISION}`,
      `Chuyển trạng thái: Trả lại → sang Đã gửi | ${officer.name}`,
      `Cập nhật | ${officer.name} | Nội dung cắt giảm, đơn giản hóa`,
      `Chuyển trạng thái: Đã gửi → sang Trả lại | ${reviewer.name} | ${RETURN_COMMENT}`,
      `Chuyển trạng thái: Nháp → sang Đã gửi | ${officer.name}`,
      `Liên kết | ${officer.name} | Nhiệm vụ sửa đổi #${amendmentPath.split("/").pop()}`,
      `Tạo mới: Nháp | ${officer.name}`,
    ]);

    await Promise.all([
      officerPage.waitForURL(/\/documents\/\d+$/),
      region(officerPage, "Quy định").getByRole("link", { name: DECREE, exact: true }).click(),
    ]);
    await officerPage.getByRole("heading", { level: 1, name: `${DECREE}: ${DECREE_TITLE}`, exact: true }).waitFor();
    await expectText(statusLine(officerPage), "Tình trạng hiệu lực: Đã được sửa đổi");
  });
});
