import type { Kysely } from "kysely";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { AmendmentSchema } from "~/schemas/amendment";
import { SnapshotSchema } from "~/schemas/snapshot";
import { createAmendment } from "~/services/amendment.server";
import { stageImport } from "~/services/import/staged.server";
import { commentOnProposal, transitionProposal } from "~/services/proposal-workflow.server";
import { createSnapshot } from "~/services/snapshot.server";
import type { DB } from "../../db/types";
import { COMPLETE_PROPOSAL, createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { type AxeViolation, axeViolations, type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";
import { appRoutes } from "../support/routes";
import { planFile } from "../support/plans";

// Accessibility (issue 14). axe-core with the WCAG 2.0 and 2.1 A and AA rules on every page of
// the app (each route with a page in the build's manifest), with records in it, for every role
// and in both languages: no violation of any impact. The same sweep checks, on every page, what
// axe does not: each landmark has a name of its own, the skip link is the first stop, every page
// has a title of its own, and in the English UI no Vietnamese running text is left without
// lang="vi". Then what needs a closer look: the agencies' count links, record text in English,
// error pages' and reports' titles, focus after a post and a client-side navigation, the skip
// link and the dashboard's in-page links, and the landmarks of the pages that had duplicates.

const ROLES = ["viewer", "officer", "reviewer", "admin"] as const;
type RoleName = (typeof ROLES)[number];
const LANGUAGES = ["vi", "en"] as const;
type Language = (typeof LANGUAGES)[number];

/** A unique word in the seeded records' text, so the record text check has something to find. */
const PROPOSAL_TITLE = "Bãi bỏ yêu cầu nộp bản sao chứng thực giấy phép hành nghề dược";
const COMMENT = "Đề nghị bổ sung căn cứ pháp lý trước khi trình Thủ tướng";

let app: BrowserTest;
let users: Record<RoleName, TestUser>;
let records: {
  draft: string;
  submitted: string;
  approved: string;
  amendment: number;
  document: number;
  decision: number;
  snapshot: number;
  upload: number;
};

/** dd/mm/yyyy, `days` from today (Vietnam), as forms take dates. */
function formDate(days: number): string {
  const [year, month, day] = todayIso().split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return `${String(date.getUTCDate()).padStart(2, "0")}/${String(date.getUTCMonth() + 1).padStart(2, "0")}/${date.getUTCFullYear()}`;
}

function amendmentFields(provisions: string, deadline: string, proposals: string): Record<string, string> {
  return { document: "54/2017/NĐ-CP", doc_type: "", agency: "BYT", provisions, form: "amend", deadline, note: "", proposals };
}

/** BYT's records in every state a page shows differently: a draft with a comment, a submitted and an approved proposal, an overdue and a due-soon amendment. */
async function seed(db: Kysely<DB>): Promise<void> {
  await createAgencies(db);
  users = {
    viewer: await createUserWith(db, { role: "viewer" }),
    officer: await createUserWith(db, { role: "officer", agencyCode: "BYT" }),
    reviewer: await createUserWith(db, { role: "reviewer" }),
    admin: await createUserWith(db, { role: "admin" }),
  };
  const { officer, reviewer, admin } = users;
  const decision = await createDecisionFor(db, reviewer);
  const document = await createDocumentFor(db, reviewer, { lead_agency: "BYT" });
  const draft = (await createProposalFor(db, officer, { ...COMPLETE_PROPOSAL, title: PROPOSAL_TITLE })).code;
  await commentOnProposal(db, reviewer, draft, COMMENT);
  const submitted = (await createProposalFor(db, officer, { ...COMPLETE_PROPOSAL, title: "Đơn giản hóa thủ tục cấp chứng chỉ hành nghề khám bệnh" })).code;
  await transitionProposal(db, officer, submitted, "submit", { noAmendmentReason: "Chỉ cần sửa hướng dẫn nội bộ." });
  const approved = (await createProposalFor(db, officer, { ...COMPLETE_PROPOSAL, title: "Phân cấp thẩm quyền cấp giấy phép lưu hành thiết bị y tế" })).code;
  await transitionProposal(db, officer, approved, "submit", { noAmendmentReason: "Sửa quy trình nội bộ, không cần sửa văn bản." });
  await transitionProposal(db, reviewer, approved, "approve", { decisionId: decision, dueOn: "2025-06-30" });
  const amendment = await createAmendment(db, reviewer, AmendmentSchema.parse(amendmentFields("khoản 2 Điều 5", formDate(-30), draft)));
  await createAmendment(db, reviewer, AmendmentSchema.parse(amendmentFields("Điều 7", formDate(10), draft)));
  records = {
    draft,
    submitted,
    approved,
    amendment,
    document,
    decision,
    snapshot: await createSnapshot(db, admin, SnapshotSchema.parse({ title: "Phiên họp thứ nhất", held_on: "01/12/2026" }), todayIso()),
    upload: await stageImport(db, officer, planFile("BYT-9000")),
  };
}

beforeAll(async () => {
  app = await startBrowserTest({ seed });
});

afterAll(async () => {
  await app?.stop();
});

interface AppPage {
  /** The route's id in the build's manifest. */
  route: string;
  path: string;
}

/** Every page, with records in it; a route with a page of its own not listed here fails the sweep. */
function appPages(): AppPage[] {
  const { draft, submitted, approved, amendment, document, decision, snapshot, upload } = records;
  return [
    { route: "routes/dashboard", path: "/dashboard" },
    { route: "routes/dashboard_.charts", path: "/dashboard/charts?all=1" },
    { route: "routes/search", path: `/search?q=${encodeURIComponent("giấy phép")}` },
    { route: "routes/deadlines", path: "/deadlines?all=1" },
    { route: "routes/proposals._index", path: "/proposals" },
    { route: "routes/proposals.new", path: "/proposals/new" },
    { route: "routes/proposals.review", path: "/proposals/review" },
    { route: "routes/proposals.$code._index", path: `/proposals/${draft}` },
    { route: "routes/proposals.$code._index", path: `/proposals/${submitted}` },
    { route: "routes/proposals.$code._index", path: `/proposals/${approved}` },
    { route: "routes/proposals.$code.edit", path: `/proposals/${draft}/edit` },
    { route: "routes/proposals.import._index", path: "/proposals/import" },
    { route: "routes/proposals.import.$id", path: `/proposals/import/${upload}` },
    { route: "routes/amendments._index", path: "/amendments" },
    { route: "routes/amendments.new", path: `/amendments/new?proposal=${draft}` },
    { route: "routes/amendments.$id", path: `/amendments/${amendment}` },
    { route: "routes/documents._index", path: "/documents" },
    { route: "routes/documents.new", path: "/documents/new" },
    { route: "routes/documents.$id._index", path: `/documents/${document}` },
    { route: "routes/documents.$id.edit", path: `/documents/${document}/edit` },
    { route: "routes/decisions._index", path: "/decisions" },
    { route: "routes/decisions.new", path: "/decisions/new" },
    { route: "routes/decisions.$id._index", path: `/decisions/${decision}` },
    { route: "routes/decisions.$id.edit", path: `/decisions/${decision}/edit` },
    { route: "routes/reports.decisions.$id", path: `/reports/decisions/${decision}` },
    { route: "routes/agencies._index", path: "/agencies" },
    { route: "routes/agencies.$code._index", path: "/agencies/BYT" },
    { route: "routes/agencies.$code.succession", path: "/agencies/BYT/succession" },
    { route: "routes/reports.agencies.$code", path: "/reports/agencies/BYT" },
    { route: "routes/snapshots._index", path: "/snapshots" },
    { route: "routes/snapshots.new", path: "/snapshots/new" },
    { route: "routes/snapshots.$id", path: `/snapshots/${snapshot}` },
    { route: "routes/reports.snapshots.$id", path: `/reports/snapshots/${snapshot}` },
    { route: "routes/admin.baselines", path: "/admin/baselines" },
    { route: "routes/admin.users", path: "/admin/users" },
    // not found: an address nothing answers (its own boundary) and a record that is not there (the root's)
    { route: "routes/$", path: "/khong-co-trang-nay" },
    { route: "routes/$", path: "/proposals/BYT-9999" },
  ];
}

/** Pages a signed-in user never sees: the sign-in page (checked signed out) and routes without a page. */
const SIGNED_OUT_PAGES = ["routes/login"];

async function newPage(language: Language): Promise<Page> {
  const page = await app.newPage();
  await setLanguage(page, language);
  return page;
}

/** A page signed in as the role (through the Vietnamese sign-in form), then in the language. */
async function signedIn(role: RoleName, language: Language): Promise<Page> {
  const page = await app.newPage();
  await login(page, users[role]);
  await setLanguage(page, language);
  return page;
}

/** The language as the switch in the header keeps it: a cookie (app/routes/set-language.tsx). */
async function setLanguage(page: Page, language: Language): Promise<void> {
  await page.context().addCookies([{ name: "tg_lang", value: language, url: app.server.url }]);
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** What the sweep finds on a page besides axe's violations: a line per problem. */
async function pageProblems(page: Page, language: Language): Promise<string[]> {
  return page.evaluate((english) => {
    const problems: string[] = [];
    const text = (element: Element | null) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();
    // landmarks: role and name, each pair once
    const implicit: Record<string, string> = { NAV: "navigation", MAIN: "main", ASIDE: "complementary", SECTION: "region", FORM: "form" };
    const seen = new Map<string, number>();
    for (const element of Array.from(document.querySelectorAll("nav, main, aside, section, form, header, footer, [role]"))) {
      const explicit = element.getAttribute("role");
      const sectioning = element.parentElement?.closest("article, aside, main, nav, section");
      const role =
        explicit ??
        (element.tagName === "HEADER" ? (sectioning ? "" : "banner") : element.tagName === "FOOTER" ? (sectioning ? "" : "contentinfo") : (implicit[element.tagName] ?? ""));
      if (!["banner", "navigation", "main", "complementary", "contentinfo", "region", "search", "form"].includes(role)) continue;
      if (!element.checkVisibility()) continue;
      const labelledBy = element.getAttribute("aria-labelledby");
      const name = element.getAttribute("aria-label") ?? (labelledBy ? labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(" ") : "");
      if ((role === "region" || role === "form") && !name) continue;
      const key = `${role} "${name}"`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, count] of seen) if (count > 1) problems.push(`landmark ${key} ${count} times`);
    // the skip link is the first thing a Tab reaches
    const focusable = document.querySelector("a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])");
    if (!focusable?.matches('a[href="#main"]')) problems.push(`first stop is not the skip link: ${focusable?.outerHTML.slice(0, 80)}`);
    // Vietnamese running text (two words with Vietnamese letters) read as English
    if (english) {
      const vietnamese = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúýãõĩũ]/i;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest("script, style")) continue;
        const words = (node.textContent ?? "").split(/\s+/).filter((word) => vietnamese.test(word));
        if (words.length >= 2 && parent.closest("[lang]")?.getAttribute("lang") !== "vi") {
          problems.push(`Vietnamese text without lang="vi" in <${parent.tagName.toLowerCase()}>: ${text(parent).slice(0, 80)}`);
        }
      }
      // and what a form shows of the record to be edited (a search box holds the user's own words)
      for (const field of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input:not([type]), input[type=text], textarea"))) {
        const words = field.value.split(/\s+/).filter((word) => vietnamese.test(word));
        if (words.length >= 2 && field.closest("[lang]")?.getAttribute("lang") !== "vi") {
          problems.push(`Vietnamese value without lang="vi" in the field ${field.name}: ${field.value.slice(0, 80)}`);
        }
      }
    }
    return problems;
  }, language === "en");
}

function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((violation) => `axe ${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.slice(0, 3).join(", ")}`);
}

/** axe and the sweep's own checks on the page as it is, each problem prefixed by where. */
async function checkPage(page: Page, where: string, language: Language): Promise<string[]> {
  const problems = [...describeViolations(await axeViolations(page, { tags: WCAG_TAGS })), ...(await pageProblems(page, language))];
  return problems.map((problem) => `${where}: ${problem}`);
}

/** Every page the role may open, in both languages, its 403 page once and the 404 pages: the number of scans; problems are added to `problems`. */
async function sweepRole(role: RoleName, pages: AppPage[], problems: string[]): Promise<number> {
  let scans = 0;
  const page = await app.newPage();
  await login(page, users[role]);
  for (const language of LANGUAGES) {
    await setLanguage(page, language);
    const titles = new Map<string, string>();
    let forbiddenChecked = false;
    for (const { route, path } of pages) {
      const where = `${role} ${language} ${path}`;
      const status = (await page.goto(path))?.status();
      const expected = route === "routes/$" ? 404 : 200;
      if (status !== expected) {
        // pages the role may not open are left out, but their 403 page is checked once
        if (status === 403 && !forbiddenChecked) {
          forbiddenChecked = true;
        } else if (status === 403 || (status === 404 && route === "routes/proposals.import.$id")) {
          continue;
        } else {
          problems.push(`${where}: answered ${status}`);
          continue;
        }
      }
      await waitForHydration(page);
      problems.push(...(await checkPage(page, where, language)));
      scans += 1;
      if (status === 200) {
        const title = await page.title();
        const before = titles.get(title);
        if (before !== undefined && before !== path) problems.push(`${where}: the title "${title}" is also ${before}'s`);
        if (!title.endsWith(" · Tinh Gọn")) problems.push(`${where}: the title "${title}" is not the page's`);
        titles.set(title, path);
      }
    }
    if (!forbiddenChecked && role !== "admin") problems.push(`${role} ${language}: no 403 page was met`);
  }
  await page.context().close();
  return scans;
}

test("every page passes axe (WCAG 2.0/2.1 A and AA), for every role and in both languages, with its landmarks, skip link, title and lang marks", async () => {
  const pages = appPages();
  const listed = new Set([...pages.map((entry) => entry.route), ...SIGNED_OUT_PAGES]);
  const unlisted = (await appRoutes()).filter((route) => route.hasComponent && !listed.has(route.id)).map((route) => route.id);
  expect(unlisted, "pages the sweep does not visit").toEqual([]);

  const problems: string[] = [];
  let scans = 0;
  for (const language of LANGUAGES) {
    const page = await newPage(language);
    await page.goto("/login");
    problems.push(...(await checkPage(page, `anonymous ${language} /login`, language)));
    await page.locator('input[name="email"]').fill(users.viewer.email);
    await page.locator('input[name="password"]').fill("not-the-password");
    await page.locator('main form button[type="submit"]').click();
    await page.locator("main [role=alert]").first().waitFor();
    problems.push(...(await checkPage(page, `anonymous ${language} /login refused`, language)));
    scans += 2;
    await page.context().close();
  }

  // two roles at a time: a page waits on its server as much as on axe
  const queue = [...ROLES];
  const sweep = async () => {
    let count = 0;
    for (let role = queue.shift(); role; role = queue.shift()) count += await sweepRole(role, pages, problems);
    return count;
  };
  for (const count of await Promise.all([sweep(), sweep()])) scans += count;
  expect(problems, problems.join("\n")).toEqual([]);
  // 2 languages × (the sign-in page twice, and every page each role may open, its 403 and 404 pages)
  expect(scans).toBeGreaterThan(200);
}, 240_000);

test("/agencies: a count's link is named by what it shows, then what it counts and whose", async () => {
  for (const language of LANGUAGES) {
    const page = await signedIn("reviewer", language);
    await page.goto("/agencies");
    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll("main table tbody tr")).flatMap((row) => {
        const name = row.querySelectorAll("td")[0]?.textContent?.trim() ?? "";
        return Array.from(row.querySelectorAll("td a[aria-label]")).map((link) => ({ shown: link.textContent?.trim() ?? "", label: link.getAttribute("aria-label") ?? "", name }));
      }),
    );
    expect(links.length).toBeGreaterThanOrEqual(8);
    for (const link of links) {
      expect(link.label.startsWith(`${link.shown} `), JSON.stringify(link)).toBe(true);
      expect(link.label.endsWith(link.name), JSON.stringify(link)).toBe(true);
    }
    const byt = language === "vi" ? "Bộ Y tế" : "Ministry of Health";
    expect(links.map((link) => link.label)).toContain(language === "vi" ? `3 đề xuất của ${byt}` : `3 proposals of ${byt}`);
    expect(await axeViolations(page, { rules: ["label-content-name-mismatch"] })).toEqual([]);
    await page.context().close();
  }
});

test("in the English UI, record text is marked Vietnamese: titles, comments, search results and their highlights", async () => {
  const page = await signedIn("reviewer", "en");
  const langOf = (selector: string) => page.locator(selector).first().evaluate((element) => element.closest("[lang]")?.getAttribute("lang"));

  await page.goto(`/proposals/${records.draft}`);
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  expect(await langOf(`main h1 :text("${PROPOSAL_TITLE}")`)).toBe("vi");
  expect(await langOf(`main :text("${COMMENT}")`)).toBe("vi");

  await page.goto(`/search?q=${encodeURIComponent("hành nghề dược")}`);
  expect(await page.locator("main mark").count()).toBeGreaterThan(0);
  for (const mark of await page.locator("main mark").all()) {
    expect(await mark.evaluate((element) => element.closest("[lang]")?.getAttribute("lang"))).toBe("vi");
  }

  await page.goto(`/decisions/${records.decision}`);
  expect(await langOf('main :text("Phê duyệt Phương án phân cấp")')).toBe("vi");
  await page.goto("/documents");
  expect(await langOf('main :text("Luật An toàn thực phẩm")')).toBe("vi");
  await page.context().close();
});

test("error pages are titled by their error, report pages apart from their record's page", async () => {
  for (const [language, forbidden, notFound] of [
    ["vi", "Không có quyền (403) · Tinh Gọn", "Không tìm thấy (404) · Tinh Gọn"],
    ["en", "Not allowed (403) · Tinh Gọn", "Not found (404) · Tinh Gọn"],
  ] as const) {
    const page = await signedIn("viewer", language);
    expect((await page.goto("/proposals/new"))?.status()).toBe(403);
    expect(await page.title()).toBe(forbidden);
    expect((await page.goto("/khong-co-trang-nay"))?.status()).toBe(404);
    expect(await page.title()).toBe(notFound);
    expect((await page.goto("/proposals/BYT-9999"))?.status()).toBe(404);
    expect(await page.title()).toBe(notFound);
    for (const [report, record] of [
      [`/reports/decisions/${records.decision}`, `/decisions/${records.decision}`],
      [`/reports/snapshots/${records.snapshot}`, `/snapshots/${records.snapshot}`],
      ["/reports/agencies/BYT", "/agencies/BYT"],
    ]) {
      await page.goto(report!);
      const reportTitle = await page.title();
      await page.goto(record!);
      expect(reportTitle).not.toBe(await page.title());
      expect(reportTitle).toMatch(language === "vi" ? /^Báo cáo / : /[Rr]eport/);
    }
    await page.context().close();
  }
});

/**
 * Waits until focus is on an element matching `selector` and the live region says that element's
 * text (RouteAnnouncer), and returns what it says.
 */
async function announcedFocus(page: Page, selector: string): Promise<string> {
  const state = () =>
    page.evaluate((target) => {
      const focused = document.activeElement as HTMLElement | null;
      return {
        focused: focused?.matches(target) ? (focused.innerText || "").replace(/\s+/g, " ").trim() : `not ${target}: ${focused?.outerHTML.slice(0, 100)}`,
        said: (document.querySelector("[data-route-announcer]")?.textContent ?? "").trim(),
      };
    }, selector);
  let now = await state();
  for (let tries = 0; tries < 100 && (now.said === "" || now.said !== now.focused); tries += 1) {
    await page.waitForTimeout(50);
    now = await state();
  }
  expect(now.said, JSON.stringify(now)).toBe(now.focused);
  return now.said;
}

test("with JavaScript, focus moves to the answer after a post and to the heading after a navigation, and the live region says it (Chromium)", async () => {
  const page = await newPage("vi");
  await page.goto("/login");
  await waitForHydration(page, "main form");
  // the first load moves nothing and says nothing
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  expect(await page.locator("[data-route-announcer]").textContent()).toBe("");

  // a refused post: focus on its message
  await page.locator('input[name="email"]').fill(users.officer.email);
  await page.locator('input[name="password"]').fill("not-the-password");
  await page.locator('main form button[type="submit"]').click();
  expect(await announcedFocus(page, "main [data-result-message], main [role=alert]")).toContain("Email hoặc mật khẩu không đúng.");

  // a post that goes on to another page: focus on its heading
  await page.locator('input[name="password"]').fill(users.officer.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/dashboard"), page.locator('main form button[type="submit"]').click()]);
  expect(await announcedFocus(page, "main h1")).toBe(await page.locator("main h1").innerText());

  // a link inside the app
  await page.locator("header nav").getByRole("link", { name: "Đề xuất", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/proposals");
  await page.locator("main h1", { hasText: "Đề xuất" }).waitFor();
  expect(await announcedFocus(page, "main h1")).toBe(await page.locator("main h1").innerText());
  await page.context().close();
});

test("the skip link is the first stop and leads into main; the dashboard's parts are each a few keys away", async () => {
  const page = await signedIn("reviewer", "vi");
  await page.goto("/dashboard");
  await waitForHydration(page);
  await page.keyboard.press("Tab");
  const skip = page.locator(":focus");
  expect(await skip.textContent()).toBe("Bỏ qua đến nội dung chính");
  expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(20);
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

  let presses = 0;
  while (presses < 10 && (await page.evaluate(() => document.activeElement?.getAttribute("href"))) !== "#by-agency") {
    await page.keyboard.press("Tab");
    presses += 1;
  }
  expect(presses).toBeLessThanOrEqual(6);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest('section[aria-labelledby="by-agency"]') !== null)).toBe(true);
  await page.context().close();
});

test("every landmark of the charts, the deadlines and the users' page has a name of its own", async () => {
  for (const language of LANGUAGES) {
    const page = await signedIn("admin", language);
    for (const path of ["/dashboard/charts?all=1", "/deadlines?all=1", "/admin/users"]) {
      await page.goto(path);
      await waitForHydration(page);
      expect(await axeViolations(page, { rules: ["landmark-unique"] }), path).toEqual([]);
      expect((await pageProblems(page, language)).filter((problem) => problem.startsWith("landmark")), path).toEqual([]);
    }
    // BYT has a part in both groups of the deadlines, each its own name
    await page.goto("/deadlines?all=1");
    const names = await page.evaluate(() =>
      Array.from(document.querySelectorAll('section[aria-labelledby*="BYT"]')).map((section) =>
        (section.getAttribute("aria-labelledby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent?.trim())
          .join(" "),
      ),
    );
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    await page.context().close();
  }
});
