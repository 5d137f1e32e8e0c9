import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { currentDay } from "~/clock.server";
import { todayIso } from "~/domain/dates";
import {
  AmendmentListParams,
  DeadlineParams,
  DocumentListParams,
  ProposalListParams,
  parseListQuery,
} from "~/schemas/list-params";
import { generateData } from "../../scripts/generate-data";
import {
  amendmentExport,
  csvFile,
  documentExport,
  exportDeadlines,
  proposalExport,
  xlsxFile,
  type ExportFile,
  type ExportTable,
} from "../support/export-reference";
import { createUserWith, type TestUser } from "../support/factories";
import { client, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Every list export, as the server streams it, is the file the whole-file builder of 2026-12-05
// made (tests/support/export-reference.ts) from the same database: the CSV byte for byte, the
// XLSX the same sheets, cells, values, types, styles, number formats, column widths and views.
// The data is the demo's plus a few thousand generated records, so every list is read in more
// than one slice, and each list is asked with filters and each of its sorts.

const PASSWORD = "demo-password-for-tests";

let server: TestServer;
let viewer: TestUser;
let http: Client;

beforeAll(async () => {
  server = await startServer({
    demo: { password: PASSWORD },
    seed: async (db) => {
      await generateData(db, { proposals: 3000, documents: 1200, amendments: 1500 });
      viewer = await createUserWith(db, { role: "viewer", email: "streaming.viewer@tinhgon.test" });
    },
  });
  http = client(server.url);
  expect((await http.login(viewer.email, viewer.password)).status).toBe(302);
}, 180_000);

afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server?.logs());
  await server?.stop();
});

const url = (path: string) => new URL(path, "http://local");

/** Today's builder on the test's own connection to the server's file. */
async function reference(list: string, query: string): Promise<ExportTable<unknown>> {
  const db = server.db();
  const at = url(`/${list}${query}`);
  if (list === "proposals") return proposalExport(db, parseListQuery(ProposalListParams, at).params, todayIso()) as Promise<ExportTable<unknown>>;
  if (list === "amendments") return amendmentExport(db, parseListQuery(AmendmentListParams, at).params, todayIso()) as Promise<ExportTable<unknown>>;
  if (list === "documents") return documentExport(db, parseListQuery(DocumentListParams, at).params) as Promise<ExportTable<unknown>>;
  return exportDeadlines(db, viewer, parseListQuery(DeadlineParams, at).params, currentDay()) as Promise<ExportTable<unknown>>;
}

const CASES: [list: string, query: string][] = [
  ["proposals", ""],
  ["proposals", "?status=approved&sort=due&dir=desc"],
  ["proposals", "?agency=BYT&sort=updated"],
  ["proposals", "?sort=saving&dir=desc&type=administrative_procedure"],
  ["proposals", "?q=giấy phép&sort=code&dir=desc"],
  ["amendments", ""],
  ["amendments", "?sort=document&agency=BTC"],
  ["amendments", "?sort=updated&overdue=1"],
  ["documents", ""],
  ["documents", "?status=in_force&q=thông tư"],
  ["deadlines", "?all=1&within=90"],
  ["deadlines", "?all=1&within=30&sort=due&dir=desc"],
];

async function bytesOf(response: Response): Promise<Uint8Array> {
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function workbookOf(body: Uint8Array | string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

/** Everything a reader of the workbook sees: sheets, views, columns, and every cell with its type and style. */
function contentOf(workbook: ExcelJS.Workbook) {
  return workbook.worksheets.map((sheet) => {
    const cells: unknown[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells.push([rowNumber, column, cell.type, cell.value, cell.numFmt ?? null, JSON.stringify(cell.font ?? {}), JSON.stringify(cell.style ?? {})]);
      });
    });
    return {
      name: sheet.name,
      views: sheet.views,
      rowCount: sheet.actualRowCount,
      columns: (sheet.columns ?? []).map((column) => ({ width: column.width, numFmt: column.numFmt ?? null, style: JSON.stringify(column.style ?? {}) })),
      cells,
    };
  });
}

describe("streamed exports are today's files", () => {
  for (const [list, query] of CASES) {
    test(`${list}${query || " (no filter)"}: the CSV byte for byte`, async () => {
      const expected: ExportFile = csvFile(await reference(list, query));
      const got = await bytesOf(await http.get(`/${list}/export.csv${query}`));
      const rows = (expected.body as string).split("\r\n").length - 1;
      // more than one slice of rows for the lists read by slices (the default list of each kind at least)
      if (!query && list !== "deadlines") expect(rows).toBeGreaterThan(1000);
      expect(Buffer.from(got).equals(Buffer.from(expected.body as string, "utf8"))).toBe(true);
    });

    test(`${list}${query || " (no filter)"}: the XLSX cell by cell`, async () => {
      const expected = await xlsxFile(await reference(list, query));
      const got = await bytesOf(await http.get(`/${list}/export.xlsx${query}`));
      const [want, have] = await Promise.all([workbookOf(expected.body), workbookOf(got)]);
      const wanted = contentOf(want);
      expect(wanted[0]?.rowCount).toBeGreaterThan(1);
      expect(contentOf(have)).toEqual(wanted);
    });
  }
});
