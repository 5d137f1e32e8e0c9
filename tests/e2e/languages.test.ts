import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";
import { signedInClient } from "../support/http";
import { englishWords, vietnameseWords } from "../support/languages";
import { CRAWL_TIMEOUT_MS, DEMO_ADMIN as ADMIN, mainPages, DEMO_WITH_MEETING } from "../support/pages";

// Every main page in Chromium on the demo data, in English and in Vietnamese: no word of the
// other language, in the text, the placeholders, titles and labels, or the charts, including
// labels that come from the data (agency names, stage names, succession functions). Text that
// carries a lang of its own is user data (titles, names, comments: Vietnamese, and marked so,
// which screen readers need too) or the language switch, and is not looked at.


let app: BrowserTest;
let pages: string[];

beforeAll(async () => {
  app = await startBrowserTest(DEMO_WITH_MEETING);
  // an upload with errors, for its report page
  const http = await signedInClient(app.server.url, ADMIN);
  const file = new TextEncoder().encode("ma_de_xuat,bo_nganh,noi_dung\nBYT-9999,XYZ,\n");
  expect((await http.upload("/proposals/import", { name: "ke-hoach.csv", bytes: file })).status).toBe(302);
  pages = [...(await mainPages(app.server.db())), "/nothing-here"];
});

afterAll(async () => {
  await app?.stop();
});

/**
 * The strings a reader meets on the page in the page's language: its text (also what only screen
 * readers get), placeholders, titles, labels and alternative texts, and the document's title,
 * leaving out what is inside an element with a lang of its own.
 */
function pageStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ownLanguage = (element: Element | null) => element?.closest("[lang]") === document.documentElement;
    // a record's title names it as its heading does, where what people typed is marked
    let title = document.title;
    for (const marked of document.body.querySelectorAll("[lang]")) {
      const text = marked.textContent?.trim();
      if (text) title = title.split(text).join(" ");
    }
    const strings = [title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // a text box's content is what someone typed, not the interface
      if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA"].includes(parent.tagName) || !ownLanguage(parent)) continue;
      if (node.textContent?.trim()) strings.push(node.textContent);
    }
    // what screen readers never get (a chart drawn beside its data table) has no labels to read
    for (const element of document.body.querySelectorAll("[placeholder], [title], [aria-label], [alt]")) {
      if (!ownLanguage(element) || element.closest('[aria-hidden="true"]')) continue;
      for (const name of ["placeholder", "title", "aria-label", "alt"]) {
        const value = element.getAttribute(name);
        if (value) strings.push(value);
      }
    }
    return strings;
  });
}

async function visitAll(page: Page, leaks: (text: string) => string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(path === "/nothing-here" ? 404 : 200);
    await waitForHydration(page);
    if (path === "/dashboard/charts") await page.locator("figure svg").first().waitFor();
    const words = [...new Set((await pageStrings(page)).flatMap(leaks))];
    if (words.length) found[path] = words;
  }
  return found;
}

describe("what tells the languages apart", () => {
  test("Vietnamese in English: words with Vietnamese letters, not codes or document numbers", () => {
    expect(vietnameseWords("Accepted forms: Quý II/2023; Năm 2024")).toEqual(["Quý", "Năm"]);
    expect(vietnameseWords("BKHĐT — 15/2018/NĐ-CP, 1015/QĐ-TTg, TT-BYT · Tinh Gọn")).toEqual([]);
  });

  test("English in Vietnamese: words of the English messages, or no Vietnamese syllable", () => {
    expect(englishWords("Chức năng chuyển giao: driver training and licensing")).toEqual(["driver", "training", "and", "licensing"]);
    expect(englishWords("Tải CSV · Email · dd/mm/yyyy · BYT-0001 · officer.byt@tinhgon.local · ke-hoach.xlsx")).toEqual([]);
    expect(englishWords("Không có kết quả phù hợp. Trang sau. Bộ Công an")).toEqual([]);
    expect(englishWords("3 results")).toEqual(["results"]);
  });
});

test("the English pages show no Vietnamese outside user data", async () => {
  const page = await app.newPage();
  await login(page, ADMIN);
  await page.context().addCookies([{ name: "tg_lang", value: "en", url: app.server.url }]);
  expect(await visitAll(page, vietnameseWords)).toEqual({});
}, CRAWL_TIMEOUT_MS);

test("the Vietnamese pages show no English outside user data", async () => {
  const page = await app.newPage();
  await login(page, ADMIN);
  expect(await visitAll(page, englishWords)).toEqual({});
}, CRAWL_TIMEOUT_MS);

test("signed out, the sign-in page and a 404 in each language", async () => {
  const page = await app.newPage();
  for (const [locale, leaks] of [["vi", englishWords], ["en", vietnameseWords]] as const) {
    await page.context().addCookies([{ name: "tg_lang", value: locale, url: app.server.url }]);
    for (const path of ["/login", "/nothing-here"]) {
      await page.goto(path);
      expect((await pageStrings(page)).flatMap(leaks), `${locale} ${path}`).toEqual([]);
    }
  }
});
