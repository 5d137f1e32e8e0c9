import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { formatDate, todayIso } from "~/domain/dates";
import { addDays } from "~/models/deadline.server";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";

// In the browser, with JavaScript: the stage form refuses a promulgation date that has not come
// yet beside the field before anything is sent (the same schema as the server), and a move to
// in force whose effective date lies ahead is saved as promulgated, in force from that date.
// Forms that now require their version still save with JavaScript.

let app: BrowserTest;
let officer: TestUser;
let admin: TestUser;
let amendmentId: number;

const today = todayIso();
const typed = (iso: string) => formatDate(iso, "vi");

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db, ["BYT"]);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      admin = await createUserWith(db, { role: "admin" });
      amendmentId = await createAmendment(
        db,
        officer,
        AmendmentSchema.parse({ document: "54/2017/NĐ-CP", doc_type: "", agency: "BYT", provisions: "", form: "amend", deadline: "", note: "", proposals: "" }),
      );
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

async function openStageForm(page: Page) {
  await page.goto(`/amendments/${amendmentId}`);
  await waitForHydration(page, "main form");
  return page.getByRole("region", { name: "Cập nhật tiến độ", exact: true });
}

test("the stage form refuses tomorrow's promulgation beside the field before sending, then saves a future effective date as promulgated", async () => {
  const page = await app.newPage();
  await login(page, officer);
  const form = await openStageForm(page);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });

  await form.locator('select[name="stage"]').selectOption("in_force");
  await form.locator('input[name="amending_number"]').fill("15/2026/NĐ-CP");
  await form.locator('input[name="promulgated_on"]').fill(typed(addDays(today, 1)));
  await form.locator('input[name="effective_on"]').fill(typed(addDays(today, 60)));
  await form.getByRole("button", { name: "Lưu" }).click();
  const error = form.locator('[data-field-error="promulgated_on"]');
  await error.waitFor();
  expect(await error.textContent()).toBe("Ngày này chưa đến: không được sau hôm nay.");
  expect(posts).toEqual([]);

  await form.locator('input[name="promulgated_on"]').fill(typed(addDays(today, -20)));
  await Promise.all([page.waitForURL(`**/amendments/${amendmentId}?asked=in_force`), form.getByRole("button", { name: "Lưu" }).click()]);
  const notice = page.locator('[data-notice="stage"]');
  await notice.waitFor();
  expect(await notice.textContent()).toContain(`có hiệu lực từ ${typed(addDays(today, 60))}`);
  expect(await page.locator("main").textContent()).toContain(`Tiến độ: Đã ban hành, có hiệu lực từ ${typed(addDays(today, 60))}`);
});

test("an admin saves an agency's names with JavaScript: the version travels with the form", async () => {
  const page = await app.newPage();
  await login(page, admin);
  await page.goto("/agencies/BYT");
  await waitForHydration(page, "main form");
  const form = page.getByRole("region", { name: "Sửa tên", exact: true });
  await form.locator('input[name="name_en"]').fill("Ministry of Health of Viet Nam");
  await form.getByRole("button", { name: "Lưu" }).click();
  await page.getByText("Đã lưu tên bộ, ngành.").waitFor();
  expect(await form.locator('input[name="name_en"]').inputValue()).toBe("Ministry of Health of Viet Nam");
});
