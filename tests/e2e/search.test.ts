import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { type BrowserTest, expectNoSeriousViolations, login, startBrowserTest, waitForHydration } from "../support/browser";

// The header's search box: words typed without diacritics lead to the results page, where the
// words are marked in the text as written, and on to the list filtered the same way.

let app: BrowserTest;
let page: Page;
let viewer: TestUser;
let code: string;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      const officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      viewer = await createUserWith(db, { role: "viewer" });
      ({ code } = await createProposalFor(db, officer, { title: "Thủ tục hành chính cấp giấy phép lưu hành mỹ phẩm" }));
    },
  });
  page = await app.newPage();
  await login(page, viewer);
});

afterAll(async () => {
  await app?.stop();
});

test("typing in the header box lands on the results, marked, then on the list filtered by the same words", async () => {
  await page.goto("/dashboard");
  await waitForHydration(page);
  const box = page.getByRole("search", { name: "Tìm kiếm" }).getByRole("searchbox", { name: "Tìm đề xuất, văn bản" });
  await box.fill("thu tuc hanh my pham");
  await box.press("Enter");

  await page.getByRole("heading", { level: 1, name: "Kết quả tìm kiếm cho “thu tuc hanh my pham”" }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/search");
  expect(await box.inputValue()).toBe("thu tuc hanh my pham");
  const result = page.getByRole("link", { name: `${code}: Thủ tục hành chính cấp giấy phép lưu hành mỹ phẩm` });
  await result.waitFor();
  expect(await result.locator("mark").allTextContents()).toEqual(["Thủ", "tục", "hành", "hành", "mỹ", "phẩm"]);
  await expectNoSeriousViolations(page);

  await page.getByRole("link", { name: "Xem tất cả 1 kết quả trong danh sách" }).click();
  await page.waitForURL((url) => url.pathname === "/proposals");
  expect(new URL(page.url()).searchParams.get("q")).toBe("thu tuc hanh my pham");
  await page.getByRole("link", { name: code, exact: true }).waitFor();
});
