import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";

// An officer logs a proposal in the browser, with the form checked before it is sent, then
// finds it again by typing words without diacritics.

let app: BrowserTest;
let page: Page;
let officer: TestUser;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      // another agency's proposal, so that the search has something to leave out
      const finance = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
      await createProposalFor(db, finance, { title: "Chế độ báo cáo thống kê về phí và lệ phí" });
    },
  });
  page = await app.newPage();
});

afterAll(async () => {
  await app?.stop();
});

test("an officer logs a proposal, is stopped beside the missing title, then finds the proposal without typing diacritics", async () => {
  const title = "Thành phần hồ sơ đề nghị cấp chứng chỉ hành nghề dược";
  await login(page, officer);
  await page.goto("/proposals/new");
  await waitForHydration(page, "main form");

  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.locator('select[name="regulation_type"]').selectOption("administrative_procedure");
  await page.locator('select[name="action"]').selectOption("simplify");
  await page.locator('textarea[name="proposed_change"]').fill("Bỏ yêu cầu nộp bản sao chứng thực văn bằng chuyên môn.");
  await page.locator('input[name="timeline"]').fill("Năm 2024");
  await page.getByRole("button", { name: "Lưu" }).click();

  const titleError = page.locator('[data-field-error="title"]');
  await titleError.waitFor();
  expect(await titleError.textContent()).toBe("Vui lòng nhập thông tin này.");
  expect(await page.locator("[data-field-error]").count()).toBe(1);
  expect(await page.locator('textarea[name="title"]').getAttribute("aria-invalid")).toBe("true");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("title");
  expect(new URL(page.url()).pathname).toBe("/proposals/new");
  expect(posts).toEqual([]);

  await page.locator('textarea[name="title"]').fill(title);
  await Promise.all([page.waitForURL("**/proposals/BYT-0001"), page.getByRole("button", { name: "Lưu" }).click()]);
  // the address changes as the navigation commits; the page renders right after
  await page.getByRole("heading", { level: 1, name: `BYT-0001: ${title}`, exact: true }).waitFor();

  await page.goto("/proposals");
  await waitForHydration(page, "main form");
  // the list's own keyword box (the header has the search box over everything)
  await page.locator('main input[name="q"]').fill("chung chi hanh nghe duoc");
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get("q") === "chung chi hanh nghe duoc"),
    page.locator('main input[name="q"]').press("Enter"),
  ]);
  await page.getByText("1 kết quả", { exact: true }).waitFor();
  const rows = page.locator("main tbody tr");
  expect(await rows.count()).toBe(1);
  expect(await rows.first().getByRole("link").textContent()).toBe("BYT-0001");
  expect(await rows.first().textContent()).toContain(title);
});
