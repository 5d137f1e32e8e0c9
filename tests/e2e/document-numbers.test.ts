import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgencies, createDocumentFor, createUserWith, type TestUser } from "../support/factories";
import { type BrowserTest, expectNoSeriousViolations, login, startBrowserTest, waitForHydration } from "../support/browser";

// Number fields in Chromium: the register's numbers are suggested as they are typed (any way),
// one is picked from the browser's own list, and a decision's number is checked before posting.

let app: BrowserTest;
let officer: TestUser;
let reviewer: TestUser;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      await createDocumentFor(db, reviewer, { number: "15/2018/NĐ-CP", title: "Nghị định quy định chi tiết Luật An toàn thực phẩm" });
      await createDocumentFor(db, reviewer, { number: "155/2018/NĐ-CP", title: "Nghị định sửa đổi điều kiện đầu tư kinh doanh" });
      await createDocumentFor(db, reviewer, { number: "01/2021/TT-BKHĐT", title: "Thông tư hướng dẫn về đăng ký doanh nghiệp" });
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

/** Waits until the field's list (named by its `list` attribute) offers exactly these values, shown as options. */
async function expectOffered(page: Page, field: string, expected: string[]): Promise<void> {
  const input = page.locator(`input[name="${field}"]`);
  const options = page.locator(`[id="${await input.getAttribute("list")}"]`).getByRole("option");
  await expect.poll(async () => (await options.evaluateAll((all) => all.map((option) => option.getAttribute("value")))).sort()).toEqual(expected);
  for (const value of expected) expect(await page.getByRole("option", { name: value }).isVisible(), value).toBe(true);
}

test("typing a number without diacritics suggests the register's matches; picking one fills the field", async () => {
  const page = await app.newPage();
  await login(page, officer);
  await page.goto("/proposals/new");
  await waitForHydration(page, "form");
  await page.getByRole("textbox", { name: "Văn bản quy định" }).click();
  // focused, the field is a combobox controlling the list
  const field = page.getByRole("combobox", { name: "Văn bản quy định" });
  await field.pressSequentially("15/2018/nd");
  await expectOffered(page, "source_document", ["15/2018/NĐ-CP"]);
  expect(await field.getAttribute("aria-expanded")).toBe("true");
  expect(await field.getAttribute("aria-controls")).toBe(await field.getAttribute("list"));
  expect(await page.getByRole("option", { name: "15/2018/NĐ-CP Nghị định quy định chi tiết Luật An toàn thực phẩm" }).count()).toBe(1);
  await expectNoSeriousViolations(page);

  // the keyboard picks it: the field takes the official spelling and the list closes
  await field.press("ArrowDown");
  expect(await field.getAttribute("aria-activedescendant")).toBe(await page.getByRole("option", { name: "15/2018/NĐ-CP" }).getAttribute("id"));
  await field.press("Enter");
  await expect.poll(() => field.inputValue()).toBe("15/2018/NĐ-CP");
  expect(await field.getAttribute("aria-expanded")).toBe("false");
  expect(new URL(page.url()).pathname).toBe("/proposals/new");
});

test("a number typed without its leading zero, spaced, suggests the circular; the amendment form suggests too", async () => {
  const page = await app.newPage();
  await login(page, officer);
  await page.goto("/amendments/new");
  await waitForHydration(page, "form");
  const field = page.locator('input[name="document"]');
  await field.click();
  await field.pressSequentially("1 / 2021 / tt");
  await expectOffered(page, "document", ["01/2021/TT-BKHĐT"]);
  await field.fill("");
  await field.pressSequentially("15");
  await expectOffered(page, "document", ["15/2018/NĐ-CP", "155/2018/NĐ-CP"]);
});

test("without JavaScript the field is a plain text input; the number typed is registered in its official spelling", async () => {
  const page = await app.newPage();
  await page.context().route("**/*.js", (route) => route.abort());
  await login(page, officer);
  await page.goto("/proposals/new");
  const field = page.getByRole("textbox", { name: "Văn bản quy định" });
  expect(await field.getAttribute("list")).toBeNull();
  await page.locator('select[name="regulation_type"]').selectOption("business_condition");
  await page.locator('textarea[name="title"]').fill("Điều kiện về kho lạnh bảo quản vắc xin");
  await field.fill("109/2016/nd-cp");
  await page.locator('select[name="action"]').selectOption("simplify");
  await page.locator('textarea[name="proposed_change"]').fill("Bỏ yêu cầu kho lạnh riêng");
  await Promise.all([page.waitForURL(/\/proposals\/BYT-\d+$/), page.getByRole("button", { name: "Lưu" }).click()]);
  await page.getByRole("link", { name: "109/2016/NĐ-CP" }).waitFor();
});

test("a decision's number that is not one is refused in the browser, beside the field, before posting", async () => {
  const page = await app.newPage();
  await login(page, reviewer);
  await page.goto("/decisions/new");
  await waitForHydration(page, "form");
  let posted = false;
  page.on("request", (request) => {
    if (request.method() === "POST") posted = true;
  });
  await page.getByRole("textbox", { name: "Số quyết định" }).fill("abc");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect
    .poll(() => page.locator('[data-field-error="number"]').textContent())
    .toBe("Số quyết định phải có dạng số/QĐ-cơ quan ban hành, ví dụ 1015/QĐ-TTg hoặc 11/2022/QĐ-TTg.");
  expect(posted).toBe(false);
});
