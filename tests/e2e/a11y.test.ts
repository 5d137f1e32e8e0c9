import type { Page } from "playwright-core";
import { afterAll, beforeAll, test } from "vitest";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { type BrowserTest, expectNoSeriousViolations, login, startBrowserTest, waitForHydration } from "../support/browser";

// axe-core on the pages every user meets; serious and critical findings fail the test.

let app: BrowserTest;
let officer: TestUser;
let code: string;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      ({ code } = await createProposalFor(db, officer, {
        source_document: "54/2017/NĐ-CP",
        cost_before_vnd: "1.250.000.000",
        cost_after_vnd: "250.000.000",
        timeline: "Quý II/2023",
      }));
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

function newPage(): Promise<Page> {
  return app.newPage();
}

test("the login page, with and without an error", async () => {
  const page = await newPage();
  await page.goto("/login");
  await expectNoSeriousViolations(page);

  await page.locator('input[name="email"]').fill(officer.email);
  await page.locator('input[name="password"]').fill("not-the-password");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByText("Email hoặc mật khẩu không đúng.").waitFor();
  await expectNoSeriousViolations(page);
});

test("the proposal list, a proposal, the import and search pages and the new-proposal form, with and without errors", async () => {
  const page = await newPage();
  await login(page, officer);
  // the new-proposal form last: its errors are checked next
  for (const path of ["/proposals", `/proposals/${code}`, "/proposals/import", "/search?q=giay+phep", "/proposals/new"]) {
    await page.goto(path);
    await expectNoSeriousViolations(page);
  }
  await waitForHydration(page, "main form");
  await page.getByRole("button", { name: "Lưu" }).click();
  await page.locator('[data-field-error="title"]').waitFor();
  await expectNoSeriousViolations(page);
});
