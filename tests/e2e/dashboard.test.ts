import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type BrowserTest, expectNoSeriousViolations, login, startBrowserTest, waitForHydration } from "../support/browser";
import type { TestServer } from "../support/server";

// The steering dashboard on the demo data: every figure is a link to the list it counts, and that
// list's "N kết quả" is the same number, for the whole and for one agency. The numbers are read
// from the pages, not written here, so the demo data may change without breaking the test.

const PASSWORD = "mat-khau-demo-kiem-thu-2025";
const REVIEWER = { email: "reviewer@tinhgon.local", password: PASSWORD };
const DASHBOARD_TITLE = "Tổng quan tình hình cắt giảm, đơn giản hóa";

let server: TestServer;
let app: BrowserTest;
let page: Page;
let landedOn: string;

beforeAll(async () => {
  app = await startBrowserTest({ demo: { password: PASSWORD } });
  server = app.server;
  page = await app.newPage();
  await login(page, REVIEWER);
  await page.getByRole("heading", { level: 1, name: DASHBOARD_TITLE }).waitFor();
  landedOn = new URL(page.url()).pathname;
});

afterAll(async () => {
  await app?.stop();
});

/** "1.234" (a figure) or "1234 kết quả" (a list's total) as a number. */
function parseCount(text: string): number {
  const digits = text.replace(/[^\d]/g, "");
  if (digits === "") throw new Error(`No number in "${text}"`);
  return Number(digits);
}

async function readFigure(name: string): Promise<number> {
  return parseCount(await page.locator(`a[data-figure="${name}"]`).innerText());
}

async function readResultCount(): Promise<number> {
  return parseCount(await page.locator('p[aria-live="polite"]', { hasText: "kết quả" }).innerText());
}

/** Reads a figure on the dashboard, follows its link and checks the list's total against it. */
async function expectFigureMatchesList(name: string, listPath: string): Promise<number> {
  const figure = await readFigure(name);
  expect(figure, `the figure ${name} is 0 on the demo data`).toBeGreaterThan(0);
  await Promise.all([page.waitForURL((url) => url.pathname === listPath), page.locator(`a[data-figure="${name}"]`).click()]);
  expect(await readResultCount(), `${name}: ${page.url()}`).toBe(figure);
  return figure;
}

async function openDashboard(): Promise<void> {
  await page.goto("/dashboard");
  await page.getByRole("heading", { level: 1, name: DASHBOARD_TITLE }).waitFor();
}

test("the reviewer lands on the dashboard after signing in", async () => {
  expect(landedOn).toBe("/dashboard");
});

test("each headline figure is the total of the list it links to", async () => {
  for (const [name, listPath] of [
    ["approved", "/proposals"],
    ["overdueAmendments", "/amendments"],
    ["documents", "/documents"],
  ] as const) {
    await openDashboard();
    await expectFigureMatchesList(name, listPath);
  }
});

test("with the agency filter, a figure is the total of that agency's list", async () => {
  await openDashboard();
  const whole = await readFigure("approved");

  await page.getByRole("search").getByLabel("Bộ, ngành").selectOption("BYT");
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/dashboard" && url.searchParams.get("agency") === "BYT"),
    page.getByRole("button", { name: "Lọc", exact: true }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: /^Tổng quan: BYT/ }).waitFor();

  const href = await page.locator('a[data-figure="approved"]').getAttribute("href");
  expect(new URL(href ?? "", server.url).searchParams.get("agency")).toBe("BYT");
  const agencyOnly = await expectFigureMatchesList("approved", "/proposals");
  expect(agencyOnly).toBeLessThan(whole);
});

test("the dashboard, the charts, the deadlines and the snapshots have no serious accessibility violations", async () => {
  for (const path of ["/dashboard", "/dashboard/charts", "/deadlines", "/snapshots"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await waitForHydration(page);
    // the charts are drawn after hydration; axe must see them
    if (path === "/dashboard/charts") await page.locator("figure svg").first().waitFor();
    await expectNoSeriousViolations(page);
  }
});
