import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { COMPLETE_PROPOSAL, createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";

// In Chromium, with and without JavaScript: a step that cannot be undone looks destructive (red,
// unlike the steps beside it) and is taken only once its box is ticked.

const TICK_MISSING = "Hãy đánh dấu ô xác nhận nếu bạn chắc chắn.";

let app: BrowserTest;
let officer: TestUser;
let reviewer: TestUser;
const drafts: string[] = [];
let submitted: string;
let amendmentId: number;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      for (const title of ["Đề xuất rút khi trang đã tải xong", "Đề xuất rút khi không có JavaScript"]) {
        drafts.push((await createProposalFor(db, officer, { title })).code);
      }
      ({ code: submitted } = await createProposalFor(db, officer, COMPLETE_PROPOSAL));
      await transitionProposal(db, officer, submitted, "submit", { noAmendmentReason: "Chỉ cần sửa hướng dẫn nội bộ." });
      amendmentId = await createAmendment(db, officer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: "" }));
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

async function status(code: string): Promise<string> {
  return (await app.server.db().selectFrom("proposals").select("status").where("code", "=", code).executeTakeFirstOrThrow()).status;
}

/** Whether red dominates the button's background, as drawn (Tailwind's colours are oklch: a canvas turns them into RGB). */
function isRed(button: Locator): Promise<boolean> {
  return button.evaluate((element) => {
    const context = document.createElement("canvas").getContext("2d");
    if (!context) throw new Error("no canvas");
    context.fillStyle = getComputedStyle(element).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [red = 0, , blue = 0] = context.getImageData(0, 0, 1, 1).data;
    return red > 120 && red > blue * 2;
  });
}

function button(page: Page, name: string): Locator {
  return page.getByRole("button", { name, exact: true });
}

async function withdraw(page: Page, code: string): Promise<void> {
  const form = page.locator('section[data-transition="withdraw"]');
  await form.locator('textarea[name="comment"]').fill("Trùng với đề xuất khác");
  await form.getByRole("button", { name: "Rút đề xuất" }).click();
  await form.locator('[data-field-error="confirmed"]').waitFor();
  expect(await form.locator('[data-field-error="confirmed"]').textContent()).toBe(TICK_MISSING);
  expect(await status(code)).not.toBe("withdrawn");

  await form.getByLabel("Tôi xác nhận rút đề xuất này").check();
  await form.getByRole("button", { name: "Rút đề xuất" }).click();
  // once withdrawn, the page offers no withdrawal any more
  await form.waitFor({ state: "detached" });
  expect(await status(code)).toBe("withdrawn");
}

test("with JavaScript: withdraw is red beside a blue submit, and asks for its tick before anything is sent", async () => {
  const page = await app.newPage();
  await login(page, officer);
  const [code = ""] = drafts;
  await page.goto(`/proposals/${code}`);
  await waitForHydration(page, "main form");
  expect(await isRed(button(page, "Rút đề xuất"))).toBe(true);
  expect(await isRed(button(page, "Gửi đề xuất"))).toBe(false);

  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  const form = page.locator('section[data-transition="withdraw"]');
  await form.locator('textarea[name="comment"]').fill("Trùng với đề xuất khác");
  await form.getByRole("button", { name: "Rút đề xuất" }).click();
  await form.locator('[data-field-error="confirmed"]').waitFor();
  // refused in the browser: nothing was posted
  expect(posts).toEqual([]);
  await withdraw(page, code);
});

test("without JavaScript: the server asks for the tick beside it, then withdraws", async () => {
  const page = await app.newPage({ javaScript: false });
  await login(page, officer);
  const code = drafts[1] ?? "";
  await page.goto(`/proposals/${code}`);
  await withdraw(page, code);
});

test("reject is red beside blue approve and return; cancelling an amendment turns its button red", async () => {
  const page = await app.newPage();
  await login(page, reviewer);
  await page.goto(`/proposals/${submitted}`);
  await waitForHydration(page, "main form");
  expect(await isRed(button(page, "Không chấp nhận"))).toBe(true);
  expect(await isRed(button(page, "Phê duyệt"))).toBe(false);
  expect(await isRed(button(page, "Trả lại"))).toBe(false);

  const officerPage = await app.newPage();
  await login(officerPage, officer);
  await officerPage.goto(`/amendments/${amendmentId}`);
  await waitForHydration(officerPage, "main form");
  const stageForm = officerPage.locator("section", { has: officerPage.locator("#stage-form-title") });
  const save = stageForm.getByRole("button", { name: "Lưu" });
  expect(await isRed(save)).toBe(false);
  await stageForm.locator('select[name="stage"]').selectOption("cancelled");
  await stageForm.locator('button[data-tone="danger"]').waitFor();
  expect(await isRed(save)).toBe(true);
});
