import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgencies, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";
import type { TestServer } from "../support/server";

// A steering committee member reads everything and changes nothing: the controls are hidden,
// and the server refuses the requests anyway.

let server: TestServer;
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
      ({ code } = await createProposalFor(db, officer, { title: "Điều kiện về diện tích kho bảo quản thuốc" }));
    },
  });
  server = app.server;
  page = await app.newPage();
  await login(page, viewer);
});

afterAll(async () => {
  await app?.stop();
});

/** Posts a form from inside the page, as a script on it would: the browser adds the session cookie and Origin. */
function postFromPage(path: string, fields: Record<string, string>) {
  return page.evaluate(
    async ({ path, fields }) => {
      const response = await fetch(path, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
      return { status: response.status, text: await response.text() };
    },
    { path, fields },
  );
}

test("a viewer sees no link to create or edit a proposal", async () => {
  await page.goto("/proposals");
  await page.getByRole("link", { name: code, exact: true }).waitFor();
  expect(await page.getByRole("link", { name: "Đề xuất mới", exact: true }).count()).toBe(0);

  await page.goto(`/proposals/${code}`);
  await page.getByRole("heading", { level: 1, name: `${code}: Điều kiện về diện tích kho bảo quản thuốc` }).waitFor();
  expect(await page.getByRole("link", { name: "Sửa", exact: true }).count()).toBe(0);
});

test("a link opens its page in place once the page is live, and in a new tab when asked", async () => {
  await page.goto("/proposals");
  await waitForHydration(page);
  // a full load would start a new window object and lose this
  await page.evaluate(() => Object.assign(window, { __stayed: true }));
  await page.getByRole("link", { name: code, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: `${code}: Điều kiện về diện tích kho bảo quản thuốc` }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/proposals/${code}`);
  expect(await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed)).toBe(true);
  // the browser's back button returns to the list, still in place
  await page.goBack();
  await page.getByRole("link", { name: code, exact: true }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/proposals");
  expect(await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed)).toBe(true);
  // a click with Ctrl is the browser's: a new tab, this page unchanged
  const opened = page.context().waitForEvent("page");
  await page.getByRole("link", { name: code, exact: true }).click({ modifiers: ["Control"] });
  const tab = await opened;
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe(`/proposals/${code}`);
  await tab.close();
  expect(new URL(page.url()).pathname).toBe("/proposals");
});

test("a viewer's direct posts to create or edit a proposal are refused with 403", async () => {
  const before = await server.db().selectFrom("proposals").selectAll().execute();

  const create = await postFromPage("/proposals/new", proposalFields("BYT", { title: "Đề xuất của thành viên Ban Chỉ đạo" }));
  expect(create.status).toBe(403);
  expect(create.text).toContain("Không có quyền");

  const edit = await postFromPage(`/proposals/${code}/edit`, proposalFields("BYT", { title: "Sửa bởi thành viên Ban Chỉ đạo", version: "1" }));
  expect(edit.status).toBe(403);
  expect(edit.text).toContain("Không có quyền");

  expect(await server.db().selectFrom("proposals").selectAll().execute()).toEqual(before);
});
