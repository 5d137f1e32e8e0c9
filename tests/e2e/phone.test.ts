import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";
import { signedInClient } from "../support/http";
import { CRAWL_TIMEOUT_MS, DEMO_ADMIN as ADMIN, mainPages, DEMO_WITH_MEETING } from "../support/pages";

// On a phone (390 CSS pixels wide), in Chromium, on the demo data: no page scrolls sideways, and
// a list is a column of cards whose text runs across the screen, not a table squeezed to a word
// per line. The table is still a table to screen readers and on paper.

const PHONE = 390;

let app: BrowserTest;
let page: Page;
let pages: string[];

beforeAll(async () => {
  app = await startBrowserTest(DEMO_WITH_MEETING);
  // an upload waiting for confirmation, for its report page
  const http = await signedInClient(app.server.url, ADMIN);
  const template = new Uint8Array(await (await http.get("/proposals/import/template.xlsx")).arrayBuffer());
  expect((await http.upload("/proposals/import", { name: "ke-hoach.xlsx", bytes: template })).status).toBe(302);
  pages = await mainPages(app.server.db());
  page = await app.newPage({ width: PHONE });
  await login(page, ADMIN);
});

afterAll(async () => {
  await app?.stop();
});

/** Elements that stick out on the right of the screen, outside any box that scrolls them: what makes the page scroll sideways. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
      .filter((element) => {
        for (let box = element.parentElement; box; box = box.parentElement) {
          if (getComputedStyle(box).overflowX !== "visible" && box.getBoundingClientRect().right <= innerWidth + 0.5) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).slice(0, 60)} "${(element.textContent ?? "").trim().slice(0, 40)}"`),
  );
}

test("no main page scrolls sideways on a phone", async () => {
  const wide: Record<string, { scrollWidth: number; elements: string[] }> = {};
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    // the charts and anything else drawn in the browser must fit too
    await waitForHydration(page);
    if (path === "/dashboard/charts") await page.locator("figure svg").first().waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > PHONE) wide[path] = { scrollWidth, elements: await overflowing(page) };
  }
  expect(wide).toEqual({});
  expect(pages.length).toBeGreaterThan(30);
}, CRAWL_TIMEOUT_MS);

test("the proposal list is a column of cards: each row a few lines per field, its title across the card", async () => {
  await page.goto("/proposals");
  const rows = page.locator("main table tbody tr");
  expect(await rows.count()).toBe(25);
  const shapes = await rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.children].filter((cell) => cell.textContent?.trim());
      const headers = [...(tr.closest("table")?.querySelectorAll("thead th") ?? [])].map((th) => th.textContent);
      const title = tr.children[headers.indexOf("Nội dung quy định")];
      return {
        height: tr.getBoundingClientRect().height,
        cells: cells.length,
        lineHeight: parseFloat(getComputedStyle(cells[0] ?? tr).lineHeight),
        width: tr.getBoundingClientRect().width,
        titleWidth: title?.getBoundingClientRect().width ?? 0,
      };
    }),
  );
  for (const [index, shape] of shapes.entries()) {
    // a squeezed title takes a line per word; a card's fields take at most two lines each on average
    expect(shape.height, `row ${index + 1}`).toBeLessThanOrEqual(2 * shape.cells * shape.lineHeight);
    expect(shape.titleWidth, `row ${index + 1}`).toBeGreaterThan(0.75 * shape.width);
  }
  // the list's 25 rows, not counting the filters above them, fit in a sane number of screens
  const total = shapes.reduce((sum, shape) => sum + shape.height, 0);
  expect(total).toBeLessThan(25 * 15 * (shapes[0]?.lineHeight ?? 20));
});

test("on a phone the table keeps its header row for screen readers; on paper it is a table", async () => {
  await page.goto("/documents");
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
  const named = (role: string) => nodes.filter((node) => !node.ignored && node.role?.value === role).map((node) => node.name?.value ?? "");
  expect(named("table")).toHaveLength(1);
  expect(named("columnheader")).toEqual(expect.arrayContaining(["Số, ký hiệu", "Trích yếu"]));
  expect(named("row").length).toBeGreaterThan(1);
  // a cell is read once, without the name the card shows before it
  expect(named("cell").some((name) => name.startsWith("Số, ký hiệu"))).toBe(false);

  await page.emulateMedia({ media: "print" });
  try {
    expect(await page.locator("main table").evaluate((table) => getComputedStyle(table).display)).toBe("table");
    expect(await page.locator("main table thead").evaluate((head) => getComputedStyle(head).display)).toBe("table-header-group");
  } finally {
    await page.emulateMedia({ media: "screen" });
  }
});
