import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { listDeadlines } from "~/models/deadline.server";
import { createUserWith, type TestUser } from "../support/factories";
import { client, decodeHtml, mainContent, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The list exports over HTTP on the demo data: each file holds exactly the rows of its list's
// filters (counted against the list page's "N kết quả" and its codes), the proposals in the
// import layout of db/seed/data/sample-plan.csv, the XLSX with amounts as numbers.

const SAMPLE_PLAN_HEADERS = [
  "Mã",
  "Bộ, ngành",
  "Nhóm quy định",
  "Nội dung quy định",
  "Văn bản quy định",
  "Điều, khoản",
  "Phương án",
  "Nội dung cắt giảm, đơn giản hóa",
  "Lý do",
  "Văn bản cần sửa đổi",
  "Điều, khoản cần sửa đổi",
  "Chi phí tuân thủ trước (đồng/năm)",
  "Chi phí tuân thủ sau (đồng/năm)",
  "Quyết định phê duyệt",
  "Lộ trình",
];
const PROPOSAL_HEADERS = [...SAMPLE_PLAN_HEADERS, "Mã thủ tục hành chính", "Trạng thái", "Tình trạng thực thi", "Hạn hoàn thành"];
const QUERY = "?agency=BCT&status=approved";

let server: TestServer;
let viewer: TestUser;
let http: Client;

beforeAll(async () => {
  server = await startServer({
    demo: { password: "demo-password-for-tests" },
    seed: async (db) => {
      viewer = await createUserWith(db, { role: "viewer", email: "exports.viewer@tinhgon.test" });
    },
  });
  http = client(server.url);
  expect((await http.login(viewer.email, viewer.password)).status).toBe(302);
});

afterAll(async () => {
  await server?.stop();
});

/** The list page's "N kết quả". */
async function listTotal(path: string): Promise<number> {
  const html = await (await http.get(path)).text();
  const match = /([\d.]+) kết quả/.exec(mainContent(html));
  if (!match) throw new Error(`no result count on ${path}`);
  return Number((match[1] ?? "").replace(/\./g, ""));
}

/** Every proposal code the list shows, over all its pages. */
async function listedCodes(query: string, total: number): Promise<string[]> {
  const codes: string[] = [];
  for (let page = 1; page <= Math.ceil(total / 25); page++) {
    const html = decodeHtml(mainContent(await (await http.get(`/proposals${query}&page=${page}`)).text()));
    for (const match of html.matchAll(/href="\/proposals\/([A-ZĐ]+-\d+)"/g)) codes.push(match[1] ?? "");
  }
  return codes;
}

function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

async function openXlsx(response: Response): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  return sheet;
}

function rowValues(sheet: ExcelJS.Worksheet, index: number): unknown[] {
  const values = sheet.getRow(index).values as unknown[];
  return values.slice(1);
}

describe("proposal exports", () => {
  test("the CSV holds the list's rows in the import layout, with a BOM", async () => {
    const total = await listTotal(`/proposals${QUERY}`);
    expect(total).toBeGreaterThan(0);
    const response = await http.get(`/proposals/export.csv${QUERY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"; filename\*=UTF-8''/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    expect(header).toEqual(PROPOSAL_HEADERS);
    expect(rows).toHaveLength(total);
    expect(rows.map((row) => row[0]).sort()).toEqual((await listedCodes(QUERY, total)).sort());
    for (const row of rows) {
      expect(row[1]).toBe("BCT");
      expect(row[PROPOSAL_HEADERS.indexOf("Trạng thái")]).toBe("Đã phê duyệt");
      // amounts as plain digits
      expect(row[11]).toMatch(/^\d*$/);
      expect(row[12]).toMatch(/^\d*$/);
      // each document's provisions in its place (an amendment's own provisions may hold several)
      if (row[9]) expect(row[10]?.split("; ").length).toBeGreaterThanOrEqual(row[9].split("; ").length);
    }
  });

  test("the XLSX holds the same headers and rows, amounts as numbers", async () => {
    const csv = parseCsv((await (await http.get(`/proposals/export.csv${QUERY}`)).text()).replace(/^\uFEFF/, ""));
    const response = await http.get(`/proposals/export.xlsx${QUERY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9-]+\.xlsx"; filename\*=UTF-8''/);
    const sheet = await openXlsx(response);
    expect(rowValues(sheet, 1)).toEqual(PROPOSAL_HEADERS);
    expect(sheet.actualRowCount - 1).toBe(csv.length - 1);
    let amounts = 0;
    for (let index = 2; index <= sheet.actualRowCount; index++) {
      const row = sheet.getRow(index);
      expect(row.getCell(1).value).toBe(csv[index - 1]?.[0]);
      const before = row.getCell(12);
      if (before.value !== null) {
        expect(typeof before.value).toBe("number");
        expect(String(before.value)).toBe(csv[index - 1]?.[11]);
        expect(before.numFmt).toBe("#,##0");
        amounts++;
      }
    }
    expect(amounts).toBeGreaterThan(0);
  });
});

describe("other lists", () => {
  test("amendments and documents export their lists' totals", async () => {
    for (const [list, query] of [
      ["amendments", "?agency=BYT"],
      ["amendments", ""],
      ["documents", "?status=in_force"],
      ["documents", ""],
    ] as const) {
      const total = await listTotal(`/${list}${query}`);
      const csv = parseCsv((await (await http.get(`/${list}/export.csv${query}`)).text()).replace(/^\uFEFF/, ""));
      expect(csv.length - 1, `${list}${query}`).toBe(total);
      const sheet = await openXlsx(await http.get(`/${list}/export.xlsx${query}`));
      expect(sheet.actualRowCount - 1, `${list}${query} xlsx`).toBe(total);
      expect(rowValues(sheet, 1)).toEqual(csv[0]);
    }
  });

  test("the deadline list exports the work it shows: overdue first, then due within the window, then what needs a new amendment", async () => {
    const query = "?all=1&within=90&agency=BYT";
    const db = server.db();
    const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow();
    const expected = await listDeadlines(db, { agencies: [agency.id], today: todayIso(), within: 90, sort: "late", dir: "desc" });
    const csv = parseCsv((await (await http.get(`/deadlines/export.csv${query}`)).text()).replace(/^\uFEFF/, ""));
    const rows = expected.overdue.length + expected.dueSoon.length + expected.needsAmendment.length;
    expect(csv.length - 1).toBe(rows);
    expect(csv.slice(1).filter((row) => row[5] === "Quá hạn").length).toBe(expected.overdue.length);
    expect(csv.slice(1).filter((row) => row[5] === "Cần nhiệm vụ sửa đổi mới hoặc lý do không cần sửa đổi").length).toBe(expected.needsAmendment.length);
    expect(csv.slice(1).every((row) => row[0] === "BYT")).toBe(true);
    const sheet = await openXlsx(await http.get(`/deadlines/export.xlsx${query}`));
    expect(sheet.actualRowCount - 1).toBe(rows);
    expect(decodeHtml(await (await http.get(`/deadlines${query}`)).text())).toContain(`href="/deadlines/export.csv${query}"`);
  });

  test("the list pages link to their exports with the current query", async () => {
    const html = decodeHtml(await (await http.get(`/proposals${QUERY}&page=2`)).text());
    expect(html).toContain('href="/proposals/export.csv?agency=BCT&status=approved"');
    expect(html).toContain('href="/proposals/export.xlsx?agency=BCT&status=approved"');
    expect(html).toContain("Tải CSV");
    expect(html).toContain("Tải Excel");
  });

  test("anonymous users are sent to the login page", async () => {
    const anonymous = client(server.url);
    for (const path of ["/proposals/export.csv", "/amendments/export.xlsx", "/documents/export.csv"]) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login/);
    }
  });
});
