import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { PROPOSAL_STATUSES } from "~/domain/vocabulary";
import { client, decodeHtml, fieldError, mainContent, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The dashboard on the demo data: every headline figure equals a count computed here with plain
// SQL over the tables (not through the app's scope functions), and following the figure's link
// gives a list whose total is the same number, under each filter tried. Also who sees what,
// the sortable agency table, and the baselines behind the 20% targets.

const PASSWORD = "demo-password-for-dashboard-tests";
let server: TestServer;
let reviewer: Client;
let today: string;

beforeAll(async () => {
  server = await startServer({ demo: { password: PASSWORD } });
  today = todayIso();
  reviewer = await signedIn("reviewer@tinhgon.local");
});

afterAll(async () => {
  await server?.stop();
});

async function signedIn(email: string): Promise<Client> {
  const browser = client(server.url);
  expect((await browser.login(email, PASSWORD)).status).toBe(302);
  return browser;
}

interface Scope {
  agency?: string;
  decision?: number;
  type?: string;
  /** dd/mm/yyyy as typed in the filter form, and the ISO date the test counts with. */
  from?: [string, string];
  to?: [string, string];
}

function dashboardQuery(scope: Scope): string {
  const query = new URLSearchParams();
  if (scope.agency) query.set("agency", scope.agency);
  if (scope.decision) query.set("decision", String(scope.decision));
  if (scope.type) query.set("type", scope.type);
  if (scope.from) query.set("approved_from", scope.from[0]);
  if (scope.to) query.set("approved_to", scope.to[0]);
  return query.toString();
}

/** The proposals of the scope, as a SQL condition on `p` (agency, decision, type, signing date of the decision). */
function proposalConditions(scope: Scope, withAgency: boolean) {
  const conditions = [sql`1 = 1`];
  if (withAgency && scope.agency) conditions.push(sql`p.agency_id = (select id from agencies where code = ${scope.agency})`);
  if (scope.decision) conditions.push(sql`p.decision_id = ${scope.decision}`);
  if (scope.type) conditions.push(sql`p.regulation_type = ${scope.type}`);
  if (scope.from) conditions.push(sql`(select signed_on from decisions where id = p.decision_id) >= ${scope.from[1]}`);
  if (scope.to) conditions.push(sql`(select signed_on from decisions where id = p.decision_id) <= ${scope.to[1]}`);
  return sql.join(conditions, sql` and `);
}

/** Every headline figure of a scope, counted from the tables. */
async function expectedFigures(scope: Scope): Promise<Record<string, number>> {
  const db = server.db();
  const where = proposalConditions(scope, true);
  const saving = sql`case when p.cost_before_vnd is null then 0 else p.cost_before_vnd - coalesce(p.cost_after_vnd, 0) end`;
  const proposals = await sql<Record<string, number>>`
    select
      ${sql.join(PROPOSAL_STATUSES.map((status) => sql`coalesce(count(*) filter (where p.status = ${status}), 0) as ${sql.raw(`"status.${status}"`)}`))},
      coalesce(count(*) filter (where p.status = 'approved'), 0) as approved,
      coalesce(count(*) filter (where p.status = 'approved' and p.implementation_progress = 'implemented'), 0) as implemented,
      coalesce(count(*) filter (where p.status = 'approved' and p.implementation_progress in ('not_started', 'in_progress') and p.due_on < ${today}), 0) as "overdueProposals",
      coalesce(count(*) filter (where p.status = 'approved' and p.implementation_progress = 'needs_amendment'), 0) as "needsAmendment",
      coalesce(sum(case when p.status = 'approved' then ${saving} else 0 end), 0) as "savingApproved",
      coalesce(sum(case when p.status = 'approved' and p.implementation_progress = 'implemented' then ${saving} else 0 end), 0) as "savingRealized"
    from proposals p where ${where}`.execute(db);
  const agency = scope.agency ? sql`and a.agency_id = (select id from agencies where code = ${scope.agency})` : sql``;
  const needed = sql`a.stage <> 'cancelled' ${agency}
      and a.id in (
        select pa.amendment_id from proposal_amendments pa join proposals p on p.id = pa.proposal_id
        where p.status = 'approved' and ${proposalConditions(scope, false)})`;
  const amendments = await sql<Record<string, number>>`
    select
      count(distinct a.legal_document_id) as documents,
      count(*) as amendments,
      coalesce(count(*) filter (where a.stage in ('promulgated', 'in_force')), 0) as promulgated,
      coalesce(count(*) filter (where a.stage = 'in_force'), 0) as "inForce",
      coalesce(count(*) filter (where a.deadline < ${today} and a.stage not in ('in_force', 'cancelled')), 0) as "overdueAmendments",
      (select count(*) from (
        select a.legal_document_id from amendments a where ${needed}
        group by a.legal_document_id having count(*) filter (where a.stage <> 'in_force') = 0) as amended) as "documentsAmended"
    from amendments a
    where ${needed}`.execute(db);
  return Object.fromEntries(
    Object.entries({ ...proposals.rows[0], ...amendments.rows[0] }).map(([name, value]) => [name, Number(value)]),
  );
}

interface ShownFigure {
  value: number;
  href: string;
}

/** The figures on a page: each link marked data-figure, its number and where it leads. */
function shownFigures(html: string): Map<string, ShownFigure> {
  const figures = new Map<string, ShownFigure>();
  for (const match of mainContent(html).matchAll(/<a\b([^>]*\bdata-figure="([^"]+)"[^>]*)>([^<]*)<\/a>/g)) {
    const [, attributes = "", name = "", text = ""] = match;
    const href = decodeHtml(/\bhref="([^"]*)"/.exec(attributes)?.[1] ?? "");
    if (!figures.has(name)) figures.set(name, { value: Number(text.replace(/\D/g, "")), href });
  }
  return figures;
}

/** The "N kết quả" a list page shows. */
async function listTotal(browser: Client, href: string): Promise<number> {
  const response = await browser.get(href);
  expect(response.status, href).toBe(200);
  const text = visibleText(mainContent(await response.text()));
  const match = /(\d+) kết quả/.exec(text);
  expect(match, `${href}: ${text.slice(0, 300)}`).not.toBeNull();
  return Number(match![1]);
}

async function dashboard(browser: Client, query = ""): Promise<string> {
  const response = await browser.get(`/dashboard${query ? `?${query}` : ""}`);
  expect(response.status).toBe(200);
  return response.text();
}

async function decisionId(number: string): Promise<number> {
  return (await server.db().selectFrom("decisions").select("id").where("number", "=", number).executeTakeFirstOrThrow()).id;
}

const COUNT_FIGURES = [
  ...PROPOSAL_STATUSES.filter((status) => status !== "approved").map((status) => `status.${status}`),
  "approved",
  "implemented",
  "overdueProposals",
  "needsAmendment",
  "documents",
  "documentsAmended",
  "amendments",
  "promulgated",
  "inForce",
  "overdueAmendments",
];
const MONEY_FIGURES = ["savingApproved", "savingRealized"];

describe("headline figures", () => {
  const scopes: [string, () => Promise<Scope>][] = [
    ["no filter", async () => ({})],
    ["agency BYT", async () => ({ agency: "BYT" })],
    ["decision 1015/QĐ-TTg", async () => ({ decision: await decisionId("1015/QĐ-TTg") })],
    ["regulation type business condition", async () => ({ type: "business_condition" })],
    ["approved in 2022", async () => ({ from: ["01/01/2022", "2022-01-01"], to: ["31/12/2022", "2022-12-31"] })],
    ["agency BTC under decision 1015/QĐ-TTg", async () => ({ agency: "BTC", decision: await decisionId("1015/QĐ-TTg") })],
    ["administrative procedures approved from 2023", async () => ({ type: "administrative_procedure", from: ["1/1/2023", "2023-01-01"] })],
  ];

  test.each(scopes)("%s: each figure equals its count from the tables and its list's total", async (_name, makeScope) => {
    const scope = await makeScope();
    const expected = await expectedFigures(scope);
    const shown = shownFigures(await dashboard(reviewer, dashboardQuery(scope)));
    expect(expected.approved, "the scope has approved proposals to count").toBeGreaterThan(0);
    if (Object.keys(scope).length === 0) {
      expect(expected.needsAmendment, "the demo has proposals needing a new amendment").toBeGreaterThan(0);
      expect(expected.documentsAmended, "the demo has documents fully amended").toBeGreaterThan(0);
    }
    for (const name of [...COUNT_FIGURES, ...MONEY_FIGURES]) {
      expect(shown.get(name)?.value, name).toBe(expected[name]);
    }
    for (const name of COUNT_FIGURES) {
      expect(await listTotal(reviewer, shown.get(name)!.href), `${name} → ${shown.get(name)!.href}`).toBe(expected[name]);
    }
    // a saving figure leads to the list of the proposals it adds up
    expect(await listTotal(reviewer, shown.get("savingApproved")!.href)).toBe(expected.approved);
    expect(await listTotal(reviewer, shown.get("savingRealized")!.href)).toBe(expected.implemented);
  });

  test("an unparsable filter is dropped, not refused", async () => {
    const html = await dashboard(reviewer, "decision=abc&type=nope&approved_from=32/13/2022&sort=bogus");
    expect(shownFigures(html).get("approved")?.value).toBe((await expectedFigures({})).approved);
  });
});

describe("the agency table", () => {
  test("each agency's numbers equal the counts for that agency and link to its lists", async () => {
    const shown = mainContent(await dashboard(reviewer));
    const rows = [...shown.matchAll(/<tr[^>]*data-agency="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].filter((row) => row[2]?.includes("agency.approved"));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [, code = "", row = ""] of rows.slice(0, 4)) {
      const expected = await expectedFigures({ agency: code });
      const figures = shownFigures(`<main>${row}</main>`);
      expect(figures.get("agency.approved")?.value, code).toBe(expected.approved);
      expect(figures.get("agency.implemented")?.value, code).toBe(expected.implemented);
      expect(figures.get("agency.overdue")?.value, code).toBe(expected.overdueProposals);
      expect(figures.get("agency.amendments")?.value, code).toBe(expected.amendments);
      expect(figures.get("agency.in_force")?.value, code).toBe(expected.inForce);
      expect(figures.get("agency.overdue_amendments")?.value, code).toBe(expected.overdueAmendments);
      expect(figures.get("agency.saving")?.value, code).toBe(expected.savingApproved);
      expect(await listTotal(reviewer, figures.get("agency.approved")!.href)).toBe(expected.approved);
      expect(await listTotal(reviewer, figures.get("agency.amendments")!.href)).toBe(expected.amendments);
      expect(await listTotal(reviewer, figures.get("agency.in_force")!.href)).toBe(expected.inForce);
      expect(await listTotal(reviewer, figures.get("agency.overdue_amendments")!.href)).toBe(expected.overdueAmendments);
      expect(row).toContain(`href="/agencies/${code}"`);
    }
  });

  test("sorts by any column through GET links, largest first on the first click", async () => {
    const html = mainContent(await dashboard(reviewer));
    expect(html).toContain('aria-sort="ascending"');
    const link = /href="\/dashboard\?([^"]*sort=approved[^"]*)"/.exec(html)?.[1];
    expect(decodeHtml(link ?? "")).toContain("dir=desc");
    const sorted = mainContent(await dashboard(reviewer, decodeHtml(link!)));
    const approved = [...sorted.matchAll(/data-figure="agency\.approved"[^>]*>([^<]*)</g)].map((match) => Number(match[1]!.replace(/\D/g, "")));
    expect(approved.length).toBeGreaterThan(5);
    expect(approved).toEqual([...approved].sort((a, b) => b - a));
    expect(sorted).toMatch(/aria-sort="descending"[^>]*>.*?Đề xuất đã phê duyệt/);
  });
});

describe("who sees the dashboard", () => {
  test("home leads reviewers to the dashboard and officers to their agency's", async () => {
    expect((await reviewer.get("/")).headers.get("location")).toBe("/dashboard");
    const officer = await signedIn("officer.byt@tinhgon.local");
    expect((await officer.get("/")).headers.get("location")).toBe("/dashboard?agency=BYT");
  });

  test("an officer sees their agency's figures by default, with a link to the whole", async () => {
    const officer = await signedIn("officer.byt@tinhgon.local");
    const html = await dashboard(officer);
    const byt = await expectedFigures({ agency: "BYT" });
    expect(shownFigures(html).get("approved")?.value).toBe(byt.approved);
    expect(shownFigures(html).get("documents")?.value).toBe(byt.documents);
    const whole = /<a[^>]*href="([^"]*)"[^>]*>Xem toàn bộ<\/a>/.exec(mainContent(html))?.[1];
    expect(whole).toBeDefined();
    const all = await dashboard(officer, decodeHtml(whole!).replace(/^\/dashboard\?/, ""));
    expect(shownFigures(all).get("approved")?.value).toBe((await expectedFigures({})).approved);
  });

  test("a viewer reads the dashboard; nobody signed in is sent to sign in", async () => {
    const viewer = await signedIn("viewer@tinhgon.local");
    expect(visibleText(mainContent(await dashboard(viewer)))).toContain("Tổng quan tình hình cắt giảm");
    const anonymous = await client(server.url).get("/dashboard");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("baselines and the 20% targets", () => {
  test("only admins manage baselines", async () => {
    expect((await reviewer.get("/admin/baselines")).status).toBe(403);
    const response = await reviewer.post("/admin/baselines", { agency: "BKHCN", baseline_on: "01/01/2020", regulations: "100", yearly_cost_vnd: "1000" });
    expect(response.status).toBe(403);
  });

  test("an admin enters and changes a baseline, checked by the same schema, versioned, with history", async () => {
    const admin = await signedIn("admin@tinhgon.local");
    const refused = await admin.post("/admin/baselines", { agency: "BKHCN", baseline_on: "31/02/2020", regulations: "0", yearly_cost_vnd: "abc" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(fieldError(html, "baseline_on")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect(fieldError(html, "regulations")).toContain("Nhập số nguyên");
    expect(fieldError(html, "yearly_cost_vnd")).toBeDefined();

    const saved = await admin.post("/admin/baselines", { agency: "BKHCN", baseline_on: "01/01/2020", regulations: "200", yearly_cost_vnd: "1.000.000.000.000" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/baselines?saved=BKHCN");
    const row = await server.db().selectFrom("agency_baselines").innerJoin("agencies", "agencies.id", "agency_baselines.agency_id").selectAll("agency_baselines").where("agencies.code", "=", "BKHCN").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ baseline_on: "2020-01-01", regulations: 200, yearly_cost_vnd: 1_000_000_000_000, version: 1 });

    // someone who opened the form before this save, without a version, changes nothing
    const stale = await admin.post("/admin/baselines", { agency: "BKHCN", baseline_on: "01/01/2020", regulations: "250", yearly_cost_vnd: "1.000.000.000.000" });
    expect(stale.status).toBe(409);
    const changed = await admin.post("/admin/baselines", { agency: "BKHCN", version: "1", baseline_on: "01/01/2020", regulations: "250", yearly_cost_vnd: "1.000.000.000.000" });
    expect(changed.status).toBe(302);
    const events = await server
      .db()
      .selectFrom("events")
      .select(["action", "changes", "actor_id"])
      .where("entity_type", "=", "agency")
      .where("entity_id", "=", row.agency_id)
      .where("action", "=", "update")
      .orderBy("id")
      .execute();
    expect(events.map((event) => [event.action, JSON.parse(event.changes ?? "{}")])).toEqual([
      ["update", { baseline_on: [null, "2020-01-01"], regulations: [null, 200], yearly_cost_vnd: [null, 1_000_000_000_000] }],
      ["update", { regulations: [200, 250] }],
    ]);

    const page = visibleText(mainContent(await (await admin.get("/admin/baselines?saved=BKHCN")).text()));
    expect(page).toContain("Đã lưu số liệu gốc của BKHCN.");
    expect(page).toContain("1.000.000.000.000");
  });

  test("the dashboard shows each agency's progress toward 20% against its baseline", async () => {
    const expected = await expectedFigures({ agency: "BKHCN" });
    const html = mainContent(await dashboard(reviewer));
    const section = /<section aria-labelledby="target"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    // the demo gives other agencies baselines too; this one is the row of the agency entered above
    const row = [...section.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((tr) => tr.includes(">BKHCN<")) ?? "";
    const figures = shownFigures(`<main>${row}</main>`);
    expect(figures.get("target.regulationsApproved")?.value).toBe(expected.approved);
    expect(figures.get("target.costRealized")?.value).toBe(expected.savingRealized);
    expect(await listTotal(reviewer, figures.get("target.regulationsApproved")!.href)).toBe(expected.approved);
    const percent = (((expected.approved ?? 0) / 250) * 100).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
    expect(decodeHtml(row)).toContain(`aria-valuetext="${percent}%, mục tiêu 20%"`);
    expect(row).toMatch(/role="progressbar"[^>]*aria-valuemax="20"/);
  });

  test("every target bar shows its scale: it runs from 0 to the 20% target, in words beside it in both languages", async () => {
    for (const [language, end, legend] of [
      ["vi", "mục tiêu 20%", "Mỗi thanh đo từ 0 đến mục tiêu 20%"],
      ["en", "target 20%", "Each bar runs from 0 to the 20% target"],
    ] as const) {
      reviewer.setCookie("tg_lang", language);
      const html = mainContent(await dashboard(reviewer));
      const section = /<section aria-labelledby="target"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
      expect(visibleText(section), language).toContain(legend);
      const cells = [...section.matchAll(/<td\b[\s\S]*?<\/td>/g)].map((m) => m[0]);
      expect(cells.length, language).toBeGreaterThanOrEqual(4);
      for (const cell of cells) {
        expect(cell).toMatch(/role="progressbar"[^>]*aria-valuemax="20"/);
        // the bar's end is labelled with the target, not left to be read as 100%
        const scale = /data-bar-scale=""[^>]*>([\s\S]*?)<\/p>/.exec(cell)?.[1] ?? "";
        expect(visibleText(scale), language).toBe(`0 ${end}`);
      }
    }
    reviewer.setCookie("tg_lang", "vi");
  });
});
