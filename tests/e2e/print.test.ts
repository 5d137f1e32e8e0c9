import type { Kysely } from "kysely";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BaselineSchema } from "~/schemas/baseline";
import { setAgencyBaseline } from "~/services/baseline.server";
import type { DB } from "../../db/types";
import { type BrowserTest, login, startBrowserTest } from "../support/browser";
import { type PdfPage, readPdf } from "../support/pdf";

// On paper (issue 14): the dashboard and a decision's report printed by Chromium as a headless
// printer would (print media, the page size the CSS asks for). Each PDF page is A4 and numbered;
// every table fits the printable width of the page it is on, measured with the page laid out at
// that width; no table row is alone on a page or away from its header, read from the PDF's own
// pages; the decision report names its decision as the official documents do, in their serif;
// the screen's sort arrows and hints are not printed.

const PASSWORD = "mat-khau-demo-kiem-thu-2025";
const REVIEWER = { email: "reviewer@tinhgon.local", password: PASSWORD };

/** A4 in points: 210 × 297 mm. */
const A4 = { short: (210 / 25.4) * 72, long: (297 / 25.4) * 72 };
const CSS_PX_PER_MM = 96 / 25.4;

let app: BrowserTest;
let page: Page;
let decision: { id: number; number: string; title_vi: string; signed_on: string };

/**
 * A baseline for every agency of today that lacks one, with the largest figures a ministry has,
 * so the target table is as long and its numbers as wide as they come.
 */
async function seedBaselines(db: Kysely<DB>): Promise<void> {
  const admin = await db.selectFrom("users").select(["id", "role", "agency_id"]).where("role", "=", "admin").executeTakeFirstOrThrow();
  const agencies = await db
    .selectFrom("agencies")
    .select("code")
    .where("active_to", "is", null)
    .where("kind", "=", "ministry")
    .where("id", "not in", db.selectFrom("agency_baselines").select("agency_id"))
    .execute();
  for (const { code } of agencies) {
    const input = BaselineSchema.parse({ agency: code, baseline_on: "01/01/2020", regulations: "12.345", yearly_cost_vnd: "98.765.432.100.000" });
    await setAgencyBaseline(db, admin, input);
  }
}

beforeAll(async () => {
  app = await startBrowserTest({ demo: { password: PASSWORD }, seed: seedBaselines });
  const db = app.server.db();
  // the decision that approved the most proposals, over the most agencies: the longest report
  const busiest = await db
    .selectFrom("proposals")
    .select(["decision_id", (eb) => eb.fn.count<number>("agency_id").distinct().as("agencies"), (eb) => eb.fn.countAll<number>().as("proposals")])
    .where("decision_id", "is not", null)
    .groupBy("decision_id")
    .orderBy("agencies", "desc")
    .orderBy("proposals", "desc")
    .executeTakeFirstOrThrow();
  decision = await db
    .selectFrom("decisions")
    .select(["id", "number", "title_vi", "signed_on"])
    .where("id", "=", busiest.decision_id!)
    .executeTakeFirstOrThrow();
  page = await app.newPage();
  await login(page, REVIEWER);
});

afterAll(async () => {
  await app?.stop();
});

interface PageBox {
  /** The page's width and height in CSS px. */
  width: number;
  height: number;
  /** The width inside the page's margins, in CSS px: what a table must fit in. */
  printableWidth: number;
}

/**
 * The page boxes the stylesheets declare: the unnamed @page's and each named page's (which adds
 * to the unnamed one), read through the CSSOM. Sizes are A4, portrait or landscape.
 */
async function declaredPageBoxes(page: Page): Promise<Record<string, PageBox>> {
  const rules = await page.evaluate(() => {
    const found: { name: string; size: string; left: string; right: string }[] = [];
    const visit = (list: CSSRuleList) => {
      for (const rule of Array.from(list)) {
        if (rule instanceof CSSPageRule) {
          found.push({
            name: rule.selectorText,
            size: rule.style.getPropertyValue("size"),
            left: rule.style.getPropertyValue("margin-left"),
            right: rule.style.getPropertyValue("margin-right"),
          });
        } else if ("cssRules" in rule) {
          visit((rule as CSSGroupingRule).cssRules);
        }
      }
    };
    for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules);
    return found;
  });
  const length = (value: string): number => {
    const match = value.match(/^([\d.]+)(mm|cm|in|px|pt)$/);
    if (!match) throw new Error(`A page margin the test cannot read: "${value}"`);
    const perUnit = { mm: CSS_PX_PER_MM, cm: 10 * CSS_PX_PER_MM, in: 96, px: 1, pt: 96 / 72 }[match[2] as "mm"];
    return Number(match[1]) * perUnit;
  };
  const resolve = (name: string): PageBox => {
    let size = "";
    let left = "";
    let right = "";
    for (const rule of rules.filter((candidate) => candidate.name === "" || candidate.name === name)) {
      size = rule.size || size;
      left = rule.left || left;
      right = rule.right || right;
    }
    expect(size, `@page ${name}: size`).toMatch(/^a4( portrait| landscape)?$/i);
    const landscape = /landscape$/i.test(size);
    const width = (landscape ? 297 : 210) * CSS_PX_PER_MM;
    return { width, height: (landscape ? 210 : 297) * CSS_PX_PER_MM, printableWidth: width - length(left || "0px") - length(right || "0px") };
  };
  const names = ["auto", ...new Set(rules.map((rule) => rule.name).filter(Boolean))];
  return Object.fromEntries(names.map((name) => [name, resolve(name === "auto" ? "" : name)]));
}

interface TableFit {
  table: string;
  pageName: string;
  left: number;
  right: number;
  width: number;
  printableWidth: number;
}

/**
 * Lays the page out, in print media, at the printable width of each kind of page its tables are
 * on, as the printer does, and measures each shown table there.
 */
async function measureTables(page: Page): Promise<TableFit[]> {
  const boxes = await declaredPageBoxes(page);
  const fits: TableFit[] = [];
  const viewport = page.viewportSize();
  try {
    for (const [pageName, box] of Object.entries(boxes)) {
      await page.setViewportSize({ width: Math.floor(box.printableWidth), height: Math.floor(box.height) });
      const measured = await page.evaluate((name) => {
        // `page` is not inherited: a table is on the page its nearest named ancestor asks for
        const pageOf = (element: Element): string => {
          for (let node: Element | null = element; node; node = node.parentElement) {
            const value = getComputedStyle(node).getPropertyValue("page");
            if (value && value !== "auto") return value;
          }
          return "auto";
        };
        return Array.from(document.querySelectorAll("table"))
          .filter((table) => table.getClientRects().length > 0 && pageOf(table) === name)
          .map((table, index) => {
            const rect = table.getBoundingClientRect();
            const label = table.getAttribute("data-table") ?? table.querySelector("caption")?.textContent ?? `table ${index + 1}`;
            return { table: label, left: rect.left, right: rect.right, width: rect.width };
          });
      }, pageName);
      fits.push(...measured.map((fit) => ({ ...fit, pageName, printableWidth: box.printableWidth })));
    }
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
  return fits;
}

function expectTablesFit(fits: TableFit[]): void {
  expect(fits.length).toBeGreaterThan(0);
  for (const fit of fits) {
    const where = `${fit.table} on a page "${fit.pageName}": ${fit.width.toFixed(0)} px wide, from ${fit.left.toFixed(0)} to ${fit.right.toFixed(0)}, printable width ${fit.printableWidth.toFixed(0)} px`;
    expect(fit.left, where).toBeGreaterThanOrEqual(-0.5);
    expect(fit.right, where).toBeLessThanOrEqual(Math.floor(fit.printableWidth) + 0.5);
  }
}

async function printToPdf(page: Page): Promise<PdfPage[]> {
  return readPdf(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
}

/** Every page A4, the orientation asked for, each numbered "n / N" at its foot. */
function expectA4(pages: PdfPage[], orientation: "portrait" | "landscape"): void {
  expect(pages.length).toBeGreaterThan(0);
  const [width, height] = orientation === "portrait" ? [A4.short, A4.long] : [A4.long, A4.short];
  pages.forEach((pdfPage, index) => {
    expect(Math.abs(pdfPage.width - width), `page ${index + 1}: ${pdfPage.width} × ${pdfPage.height} pt`).toBeLessThan(1.5);
    expect(Math.abs(pdfPage.height - height), `page ${index + 1}: ${pdfPage.width} × ${pdfPage.height} pt`).toBeLessThan(1.5);
    expect(squeeze(pdfPage.text), `page ${index + 1}'s number`).toContain(`${index + 1}/${pages.length}`);
  });
}

/** Text compared without its white space, which a PDF draws as positions rather than characters. */
function squeeze(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, "");
}

interface TableRows {
  table: string;
  /** Each header cell's text. */
  headers: string[];
  /** Each body row's first cell's text (its header cell): what names the row. */
  rows: string[];
}

/** The tables as printed (print media): their header cells and what names each body row. */
async function printedTables(page: Page): Promise<TableRows[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("table"))
      .filter((table) => table.getClientRects().length > 0)
      .map((table, index) => ({
        table: table.getAttribute("data-table") ?? table.querySelector("caption")?.textContent ?? `table ${index + 1}`,
        headers: Array.from(table.querySelectorAll<HTMLElement>("thead th")).map((cell) => cell.innerText),
        rows: Array.from(table.querySelectorAll<HTMLTableRowElement>("tbody tr, tfoot tr")).map((row) => (row.cells[0] as HTMLElement | undefined)?.innerText ?? ""),
      })),
  );
}

/**
 * Finds each table's rows on the PDF's pages, in order (a row after the one before it), and
 * fails on a page that holds a single row of a table of several, or rows without their header.
 */
function expectRowsKeptWithHeaders(tables: TableRows[], pages: PdfPage[]): void {
  const texts = pages.map((pdfPage) => squeeze(pdfPage.text));
  let cursor = { page: 0, offset: 0 };
  for (const table of tables) {
    const pagesOfRows: number[] = [];
    for (const row of table.rows) {
      const label = squeeze(row);
      let found: typeof cursor | undefined;
      for (let pageIndex = cursor.page; pageIndex < texts.length && !found; pageIndex++) {
        const at = texts[pageIndex]!.indexOf(label, pageIndex === cursor.page ? cursor.offset : 0);
        if (at !== -1) found = { page: pageIndex, offset: at + label.length };
      }
      // not found whole on any page: cut across two pages, or printed out of order
      expect(found, `${table.table}: the row "${row}" is not whole on one page after the row before it`).toBeDefined();
      cursor = found!;
      pagesOfRows.push(found!.page);
    }
    const rowsOnPage = new Map<number, number>();
    for (const pageIndex of pagesOfRows) rowsOnPage.set(pageIndex, (rowsOnPage.get(pageIndex) ?? 0) + 1);
    for (const [pageIndex, count] of rowsOnPage) {
      if (table.rows.length > 1) expect(count, `${table.table}: a single row of ${table.rows.length} on page ${pageIndex + 1}`).toBeGreaterThan(1);
      for (const header of table.headers) {
        expect(texts[pageIndex], `${table.table}: page ${pageIndex + 1} has rows but not the header "${header}"`).toContain(squeeze(header));
      }
    }
  }
}

/** `check` with the page in print media, laid out as on paper, then back on screen whatever it found. */
async function asPrinted(check: () => Promise<void>): Promise<void> {
  await page.emulateMedia({ media: "print" });
  try {
    await check();
  } finally {
    await page.emulateMedia({ media: null });
  }
}

test("the dashboard prints on A4 landscape pages, numbered, its tables within the page and their rows with their headers", async () => {
  await page.goto("/dashboard");
  await page.locator('table[data-table="target"]').waitFor();
  await asPrinted(async () => {
    const fits = await measureTables(page);
    expect(fits.map((fit) => fit.table)).toEqual(expect.arrayContaining(["target", "agencies"]));
    expectTablesFit(fits);
    // the baselines seeded: the target table is long enough to need more than one page's worth of care
    const tables = await printedTables(page);
    expect(tables.find((table) => table.table === "target")?.rows.length).toBeGreaterThan(10);
    const pages = await printToPdf(page);
    expectA4(pages, "landscape");
    expectRowsKeptWithHeaders(tables, pages);
  });
});

test("on paper the dashboard has no sort arrows and no on-screen hints", async () => {
  await page.goto("/dashboard?sort=approved&dir=desc");
  const arrow = page.locator('table[data-table="agencies"] th[aria-sort] [aria-hidden="true"]', { hasText: /[▲▼]/ });
  const hint = page.getByText("Mỗi con số dẫn tới danh sách tạo nên nó.");
  // on screen both are there
  await expect.poll(() => arrow.isVisible()).toBe(true);
  await expect.poll(() => hint.isVisible()).toBe(true);
  await asPrinted(async () => {
    expect(await arrow.isVisible()).toBe(false);
    expect(await hint.isVisible()).toBe(false);
    expect(await page.locator("main form").filter({ visible: true }).count()).toBe(0);
    expect(await page.locator("main button").filter({ visible: true }).count()).toBe(0);
    expect(await page.locator("body > header").isVisible()).toBe(false);
  });
});

test("a decision's report prints on A4, numbered, its tables within the page and no row alone or away from its header", async () => {
  await page.goto(`/reports/decisions/${decision.id}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await asPrinted(async () => {
    expectTablesFit(await measureTables(page));
    const tables = await printedTables(page);
    const pages = await printToPdf(page);
    // long enough to span pages, or the rows' pages would prove nothing
    expect(pages.length).toBeGreaterThan(1);
    expectA4(pages, "landscape");
    expectRowsKeptWithHeaders(tables, pages);
  });
});

test("a decision's printed report carries the decision's full title and signing date, in Times New Roman", async () => {
  await page.goto(`/reports/decisions/${decision.id}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await asPrinted(async () => {
    const signedOn = decision.signed_on.split("-").reverse().join("/");
    const text = await page.locator("main").innerText();
    expect(text).toContain(decision.title_vi);
    expect(text).toContain(signedOn);
    for (const selector of ["h1", "[data-summary]", "table"]) {
      const family = await page.locator(`main ${selector}`).first().evaluate((element) => getComputedStyle(element).fontFamily);
      expect(family, selector).toMatch(/^"?Times New Roman"?,/);
    }
    // and on the paper itself
    const printed = squeeze((await printToPdf(page)).map((pdfPage) => pdfPage.text).join(""));
    expect(printed).toContain(squeeze(decision.title_vi));
    expect(printed).toContain(squeeze(signedOn));
    expect(printed).not.toContain(squeeze("In báo cáo"));
  });
});

test("a list prints on A4 portrait, numbered, its table within the page", async () => {
  await page.goto("/proposals");
  await page.locator("main table").waitFor();
  await asPrinted(async () => {
    const fits = await measureTables(page);
    expect(fits.every((fit) => fit.pageName === "auto")).toBe(true);
    expectTablesFit(fits);
    expectA4(await printToPdf(page), "portrait");
  });
});
