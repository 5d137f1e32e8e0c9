import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { client, decodeHtml, mainContent, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Every page that shows steering figures, fetched over HTTP in both languages: each figure is
// marked with what it counts (data-unit), the comparison it is read in (data-compare: figures
// side by side or "x of y") and its label (data-label). Each comparison holds one unit, and each
// label names its unit in the page's language, so "55 documents to amend" can never again sit
// beside "52 amendments in force". The XLSX reports' headers are held to the same rule.

const PASSWORD = "demo-password-for-figure-units";
let server: TestServer;
let reviewer: Client;

/** The word each unit is named by in a label, per language (compared in lower case). */
const UNIT_WORDS: Record<string, Record<"vi" | "en", string>> = {
  proposal: { vi: "đề xuất", en: "proposal" },
  regulation: { vi: "quy định", en: "regulation" },
  document: { vi: "văn bản", en: "document" },
  amendment: { vi: "nhiệm vụ", en: "amendment" },
  vnd_per_year: { vi: "đồng/năm", en: "vnd/year" },
};

interface MarkedFigure {
  name: string;
  unit: string;
  compare: string;
  label: string;
}

/** Every element of the page's main content marked data-figure, with its marks. */
function markedFigures(html: string): MarkedFigure[] {
  return [...mainContent(html).matchAll(/<[a-z]+\b([^>]*\bdata-figure="[^"]*"[^>]*)>/g)].map((match) => {
    const attribute = (name: string) => decodeHtml(new RegExp(`\\b${name}="([^"]*)"`).exec(match[1] ?? "")?.[1] ?? "");
    return { name: attribute("data-figure"), unit: attribute("data-unit"), compare: attribute("data-compare"), label: attribute("data-label") };
  });
}

async function page(path: string, language: "vi" | "en"): Promise<string> {
  reviewer.setCookie("tg_lang", language);
  const response = await reviewer.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The pages that show figures, with the least each must show (so an unmarked page cannot pass). */
let pages: [path: string, minimum: number][] = [];

beforeAll(async () => {
  server = await startServer({ demo: { password: PASSWORD } });
  reviewer = client(server.url);
  expect((await reviewer.login("reviewer@tinhgon.local", PASSWORD)).status).toBe(302);
  // two meetings, so the second shows the changes since the first; and one frozen before the
  // documents-amended and needs-a-new-amendment figures existed, whose cells read "—"
  for (const [title, heldOn] of [["Phiên họp thứ nhất", "19/04/2023"], ["Phiên họp thứ hai", "20/07/2023"]] as const) {
    expect((await reviewer.post("/snapshots/new", { title, held_on: heldOn })).status).toBe(302);
  }
  const db = server.db();
  const latest = await db.selectFrom("snapshots").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
  const old = JSON.parse(latest.figures) as { total: { proposals: Record<string, unknown>; amendments: Record<string, unknown> } };
  delete old.total.proposals.needsAmendment;
  delete old.total.amendments.documentsAmended;
  await db
    .insertInto("snapshots")
    .values({ title: "Phiên họp trước khi có số văn bản đã sửa đổi xong", held_on: "2023-10-20", created_by: latest.created_by, created_at: latest.created_at, figures: JSON.stringify(old) })
    .execute();

  const snapshots = await db.selectFrom("snapshots").select("id").orderBy("id").execute();
  const decisions = await db.selectFrom("decisions").select("id").orderBy("id").execute();
  pages = [
    ["/dashboard", 40],
    ["/dashboard?agency=BYT", 20],
    ["/dashboard?agency=BKHĐT", 10],
    ["/agencies/BYT", 10],
    ["/agencies/BTC", 10],
    ["/reports/agencies/BYT", 20],
    ...decisions.flatMap(({ id }): [string, number][] => [
      [`/decisions/${id}`, 10],
      [`/reports/decisions/${id}`, 20],
    ]),
    ...snapshots.flatMap(({ id }): [string, number][] => [
      [`/snapshots/${id}`, 20],
      [`/reports/snapshots/${id}`, 20],
    ]),
  ];
});

afterAll(async () => {
  await server?.stop();
});

describe("figures shown together count one kind of record, and say which", () => {
  for (const language of ["vi", "en"] as const) {
    test(`every page with figures, in ${language === "vi" ? "Vietnamese" : "English"}`, async () => {
      expect(pages.length).toBeGreaterThan(10);
      for (const [path, minimum] of pages) {
        const figures = markedFigures(await page(path, language));
        expect(figures.length, `${path}: figures marked`).toBeGreaterThanOrEqual(minimum);
        const unitsByComparison = new Map<string, Set<string>>();
        for (const figure of figures) {
          const where = `${path} (${language}) ${figure.name} "${figure.label}"`;
          expect(Object.keys(UNIT_WORDS), `${where}: unit`).toContain(figure.unit);
          expect(figure.compare, `${where}: comparison`).not.toBe("");
          expect(figure.label.toLocaleLowerCase(language), `${where}: its label names its unit`).toContain(UNIT_WORDS[figure.unit]![language]);
          unitsByComparison.set(figure.compare, (unitsByComparison.get(figure.compare) ?? new Set()).add(figure.unit));
        }
        for (const [compare, units] of unitsByComparison) {
          expect([...units], `${path} (${language}): the figures compared in ${compare}`).toHaveLength(1);
        }
        // the page does compare figures: some comparison holds several of them
        const sizes = [...unitsByComparison.keys()].map((compare) => figures.filter((figure) => figure.compare === compare).length);
        expect(Math.max(...sizes), `${path}: a comparison of several figures`).toBeGreaterThan(1);
      }
    });
  }

  test("the dashboard pairs documents with documents and amendments with amendments", async () => {
    const figures = markedFigures(await page("/dashboard", "vi"));
    const unitOf = (name: string) => figures.find((figure) => figure.name === name);
    expect(unitOf("documents")).toMatchObject({ unit: "document", label: "Văn bản cần sửa đổi" });
    expect(unitOf("documentsAmended")).toMatchObject({ unit: "document", compare: unitOf("documents")?.compare });
    expect(unitOf("inForce")).toMatchObject({ unit: "amendment", compare: unitOf("amendments")?.compare, label: "Nhiệm vụ sửa đổi đã có hiệu lực" });
    expect(unitOf("inForce")?.compare).not.toBe(unitOf("documents")?.compare);
    // per agency: amendments in force beside the amendments, not beside the documents
    const row = figures.filter((figure) => figure.name.startsWith("agency.") && figure.label.startsWith("BYT, "));
    expect(row.map((figure) => [figure.name, figure.unit])).toEqual([
      ["agency.approved", "proposal"],
      ["agency.implemented", "proposal"],
      ["agency.overdue", "proposal"],
      ["agency.amendments", "amendment"],
      ["agency.in_force", "amendment"],
      ["agency.overdue_amendments", "amendment"],
      ["agency.saving", "vnd_per_year"],
    ]);
  });

  test("the XLSX reports head every figure column with its unit", async () => {
    reviewer.setCookie("tg_lang", "vi");
    const decision = await server.db().selectFrom("decisions").select("id").where("number", "=", "1015/QĐ-TTg").executeTakeFirstOrThrow();
    const snapshot = await server.db().selectFrom("snapshots").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    const words = Object.values(UNIT_WORDS).map((word) => word.vi);
    for (const path of [`/decisions/${decision.id}/report.xlsx`, "/agencies/BYT/report.xlsx", `/snapshots/${snapshot.id}/report.xlsx`]) {
      const response = await reviewer.get(path);
      expect(response.status, path).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      // the summary sheet names each figure in its first column; the others in their header row
      const summary = workbook.worksheets[0]!;
      const names = summary.getColumn(1).values.slice(2).map(String);
      const headers = workbook.worksheets.slice(1).flatMap((sheet) => (sheet.getRow(1).values as unknown[]).slice(1).map(String));
      const figureHeaders = headers.filter((header) => !["Mã", "Bộ, ngành", "Quyết định", "Số bộ, ngành"].includes(header));
      expect(names.length, path).toBeGreaterThan(10);
      for (const header of [...names, ...figureHeaders]) {
        expect(words.some((word) => header.toLocaleLowerCase("vi").includes(word)), `${path}: "${header}" names its unit`).toBe(true);
      }
    }
  });
});
