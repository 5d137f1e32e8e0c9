import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDemoDecisions, demoDecisions } from "../../db/seed/decisions";
import { type BrowserTest, expectNoSeriousViolations, login, startBrowserTest, waitForHydration } from "../support/browser";
import { PROJECT_ROOT } from "../support/database";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";
import type { TestServer } from "../support/server";

// A secretary uploads the sample plan in the browser, reads the dry-run report, confirms, and
// finds the imported rows in the proposal list. An empty upload is stopped in the browser.

let server: TestServer;
let app: BrowserTest;
let context: BrowserContext;
let page: Page;
let reviewer: TestUser;

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db, ["BYT", "BTC", "BCT", "BXD", "BKHĐT", "BGTVT", "BTNMT", "BNNMT", "VPCP"]);
      const ids = Object.fromEntries((await db.selectFrom("agencies").select(["id", "code"]).execute()).map((a) => [a.code, a.id]));
      for (const [from, to, scope] of [
        ["BKHĐT", "BTC", "full"],
        ["BGTVT", "BXD", "main"],
        ["BTNMT", "BNNMT", "full"],
      ] as const) {
        await db.insertInto("agency_successions").values({ predecessor_id: ids[from]!, successor_id: ids[to]!, effective_on: "2025-03-01", scope }).execute();
      }
      reviewer = await createUserWith(db, { role: "reviewer" });
      await db.transaction().execute((trx) => createDemoDecisions(trx, reviewer, demoDecisions()));
    },
  });
  server = app.server;
  page = await app.newPage();
  context = page.context();
});

afterAll(async () => {
  await app?.stop();
});

test("a secretary uploads a plan, reads the dry run, confirms and finds the rows", async () => {
  await login(page, reviewer);
  await page.goto("/proposals");
  await page.getByRole("link", { name: "Nhập từ tệp" }).click();
  await page.waitForURL("**/proposals/import");
  await waitForHydration(page, "main form");

  // no file chosen: stopped beside the field, nothing sent
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.getByRole("button", { name: "Tải lên và kiểm tra" }).click();
  expect(await page.locator('[data-field-error="file"]').textContent()).toBe("Chọn một tệp XLSX hoặc CSV.");
  expect(posts).toEqual([]);

  await page.getByLabel("Tệp kế hoạch").setInputFiles(path.join(PROJECT_ROOT, "db/seed/data/sample-plan.csv"));
  await page.getByRole("button", { name: "Tải lên và kiểm tra" }).click();
  await page.waitForURL(/\/proposals\/import\/\d+$/);

  await page.getByRole("heading", { name: "Kết quả kiểm tra tệp “sample-plan.csv”" }).waitFor();
  expect(await page.locator('[data-count="new"] dd').textContent()).toBe("12");
  expect(await page.locator('[data-count="invalid"] dd').textContent()).toBe("0");
  expect(await page.locator('tr[data-outcome="new"]').count()).toBe(12);
  expect(await page.getByText("Tệp hợp lệ. Xác nhận để ghi 12 phương án mới và 0 cập nhật.").count()).toBe(1);
  expect(await server.db().selectFrom("proposals").select("id").execute()).toEqual([]);
  await expectNoSeriousViolations(page);

  await waitForHydration(page, "main form");
  await page.getByRole("button", { name: "Xác nhận nhập" }).click();
  await page.getByRole("heading", { name: "Đã nhập tệp “sample-plan.csv”" }).waitFor();
  // main's own message (the route announcer repeats it in its live region outside main)
  expect(await page.locator("main").getByText(/Đã ghi 12 phương án mới và 0 cập nhật/).count()).toBe(1);

  // the rows are in the list, found without diacritics, and linked from the report
  await page.goto("/proposals?q=tham+dinh+bao+cao");
  expect(await page.locator('main a[href="/proposals/BTNMT-0001"]').count()).toBe(1);
  await page.goto("/proposals?status=approved");
  expect(await page.locator('main a[href^="/proposals/B"]').count()).toBe(8);
  await page.goto("/proposals/BYT-0002");
  expect(await page.getByText("Nhập từ tệp “sample-plan.csv”").count()).toBeGreaterThan(0);
});

test("a larger upload shows how much is sent, then that the file is being checked", async () => {
  // 1,500 rows (about 300 KB) sent at 100 KB/s: long enough to watch the progress
  const header = fs.readFileSync(path.join(PROJECT_ROOT, "db/seed/data/sample-plan.csv"), "utf8").split("\n")[0];
  const rows = Array.from(
    { length: 1500 },
    (_, i) =>
      `,BYT,Thủ tục hành chính,Thủ tục thứ ${i} về cấp giấy phép hoạt động trong lĩnh vực y tế dự phòng,,,Đơn giản hóa,"Bỏ yêu cầu nộp bản sao giấy tờ thứ ${i}; cơ quan tiếp nhận tự tra cứu trên cơ sở dữ liệu",Giảm chi phí tuân thủ,,,"1.000.000.000","600.000.000",,Năm 2027`,
  );
  const file = path.join(PROJECT_ROOT, "tests", ".tmp", `import-large-${process.pid}.csv`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [header, ...rows].join("\n"));
  try {
    await page.goto("/proposals/import");
    await waitForHydration(page, "main form");
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    await page.getByLabel("Tệp kế hoạch").setInputFiles(file);
    await page.getByRole("button", { name: "Tải lên và kiểm tra" }).click();
    await page.getByText(/Đang tải tệp lên: \d+%/).waitFor();
    await page.getByText("Đang đọc và kiểm tra tệp…").waitFor();
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.getByRole("heading", { name: /^Kết quả kiểm tra tệp/ }).waitFor();
    expect(await page.locator('[data-count="new"] dd').textContent()).toBe("1.500");
  } finally {
    fs.rmSync(file, { force: true });
  }
});
