import { afterAll, beforeAll, expect, test } from "vitest";
import { createSubmittedCase, type TestUser } from "../support/factories";
import { type BrowserTest, login, startBrowserTest } from "../support/browser";

// In Chromium without JavaScript: a refused post reloads its page at the top, and the workflow
// form it came from sits far below the first screen. The summary of its errors is in that first
// screen, and its link takes the user to the field.

let app: BrowserTest;
let reviewer: TestUser;
let submitted: string;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      ({ reviewer, submitted } = await createSubmittedCase(db));
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

test("a return without a comment, without JavaScript: the error summary is in the first screen and links to the comment box", async () => {
  const page = await app.newPage({ javaScript: false });
  await login(page, reviewer);
  await page.goto(`/proposals/${submitted}`);
  const viewport = page.viewportSize()!;
  const returnForm = page.locator("section[data-transition='return']");
  // the form is below the first screen: what the user would otherwise have to find
  expect((await returnForm.boundingBox())!.y).toBeGreaterThan(viewport.height);

  await returnForm.getByRole("button", { name: "Trả lại", exact: true }).click();
  await page.waitForLoadState("load");
  expect(new URL(page.url()).pathname).toBe(`/proposals/${submitted}`);

  const summary = page.locator("[data-error-summary]");
  await summary.waitFor();
  expect(await summary.count()).toBe(1);
  expect(await summary.getAttribute("role")).toBe("alert");
  expect(await summary.getAttribute("data-result-message")).not.toBeNull();
  // a bounding box is relative to the viewport: the summary is whole within the first screen
  const box = (await summary.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(await summary.locator("h2").innerText()).toBe("Chưa thực hiện được: 1 lỗi");

  // its link goes to the return form's comment box, which then is on screen
  const link = summary.getByRole("link", { name: "Vui lòng nhập thông tin này." });
  await link.click();
  expect(new URL(page.url()).hash).toBe("#field-comment");
  const comment = returnForm.locator("#field-comment");
  expect(await comment.evaluate((element) => element.tagName)).toBe("TEXTAREA");
  const field = (await comment.boundingBox())!;
  expect(field.y).toBeGreaterThanOrEqual(0);
  expect(field.y).toBeLessThan(viewport.height);
});
