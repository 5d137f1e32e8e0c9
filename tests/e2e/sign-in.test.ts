import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";
import { startBrowserTest, type BrowserTest } from "../support/browser";

// Chromium after signing in from a login link someone else wrote: whatever its redirectTo says,
// the user stays on this site. Chromium drops tabs and line breaks from a Location, so
// "/<tab>/evil.example" would be "//evil.example", another site.

let app: BrowserTest;
let user: TestUser;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db, ["BYT"]);
      user = await createUserWith(db, { role: "viewer" });
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

/** A page whose requests to evil.example are answered here, so a test that goes there sees where it landed. */
async function pageWithTrap(javaScriptEnabled: boolean): Promise<Page> {
  const page = await app.newPage({ javaScript: javaScriptEnabled });
  await page.context().route((url) => url.hostname === "evil.example", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>phished</title>" }));
  return page;
}

async function signInFrom(page: Page, loginAddress: string): Promise<URL> {
  await page.goto(loginAddress);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.getByRole("button", { name: "Đăng nhập" }).click()]);
  return new URL(page.url());
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`${how}: a login link whose redirectTo hides a tab before //evil.example leaves the user at home`, async () => {
    const page = await pageWithTrap(javaScriptEnabled);
    const landed = await signInFrom(page, `/login?redirectTo=${encodeURIComponent("/\t/evil.example/phish")}`);
    expect(landed.origin).toBe(app.server.url);
    // home, which is the dashboard
    expect(landed.pathname).toBe("/dashboard");
    await page.context().close();
  });

  test(`${how}: a login link to a search in Vietnamese lands on that search`, async () => {
    const page = await pageWithTrap(javaScriptEnabled);
    const landed = await signInFrom(page, `/login?redirectTo=${encodeURIComponent("/proposals?q=giấy")}`);
    expect(landed.origin).toBe(app.server.url);
    expect(landed.pathname).toBe("/proposals");
    expect(landed.searchParams.get("q")).toBe("giấy");
    await page.context().close();
  });
}
