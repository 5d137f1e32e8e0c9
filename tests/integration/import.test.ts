import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { inTransaction, openLocation, takeWriteLock } from "~/db.server";
import { translateMessage, translator } from "~/i18n";
import { runImport, type ImportActor, type ImportReport } from "~/services/import/import.server";
import { IMPORT_COLUMNS, type ImportColumnKey } from "~/services/import/layout";
import { confirmImport, stageImport } from "~/services/import/staged.server";
import { demoDecisions, createDemoDecisions } from "../../db/seed/decisions";
import type { DB } from "../../db/types";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase } from "../support/database";
import { runScript } from "../support/cli";
import { createAllAgencies, createUserWith, type TestUser } from "../support/factories";

// The proposal import as a use case, on a real SQLite file: the sample plan of
// db/seed/data/sample-plan.csv in every encoding and separator ministries send, files that are
// wrong on purpose (each error with its exact row, column and message, and nothing written),
// re-imports that change nothing, and the command line.

const SAMPLE_PLAN = path.join(PROJECT_ROOT, "db/seed/data/sample-plan.csv");
const SAMPLE_TEXT = fs.readFileSync(SAMPLE_PLAN, "utf8");
const SAMPLE_ROWS = Papa.parse<string[]>(SAMPLE_TEXT, { skipEmptyLines: true }).data;

let database: TestDatabase;
let db: Kysely<DB>;
let reviewer: TestUser;
let officer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAllAgencies(db);
  reviewer = await createUserWith(db, { role: "reviewer" });
  officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  admin = await createUserWith(db, { role: "admin" });
  await db.transaction().execute((trx) => createDemoDecisions(trx, reviewer, demoDecisions()));
});

afterAll(async () => {
  await database?.remove();
});

// every test starts from no proposals: imports are all or nothing, so a test undoes its own
// commit by deleting what it made (events are append-only, so they stay and are counted as a delta)
beforeEach(async () => {
  await db.deleteFrom("proposal_amendments").execute();
  await db.deleteFrom("proposals").execute();
  await db.deleteFrom("amendments").execute();
});

const encoder = new TextEncoder();
type Row = Partial<Record<ImportColumnKey, string>>;

/** A CSV of the layout's Vietnamese headers (or its English keys) with the given rows. */
function csvFile(rows: Row[], options: { keys?: boolean; delimiter?: string } = {}): Uint8Array {
  const columns = IMPORT_COLUMNS.filter((column) => column.key !== "procedure_code");
  const text = Papa.unparse(
    { fields: columns.map((column) => (options.keys ? column.key : column.header)), data: rows.map((row) => columns.map((column) => row[column.key] ?? "")) },
    { delimiter: options.delimiter ?? ",", newline: "\r\n" },
  );
  return encoder.encode(text);
}

/** A complete row for BYT that a reviewer or BYT's officer can import. */
function validRow(overrides: Row = {}): Row {
  return {
    code: "BYT-0101",
    agency: "BYT",
    regulation_type: "Thủ tục hành chính",
    title: "Cấp giấy phép nhập khẩu trang thiết bị y tế",
    source_document: "98/2021/NĐ-CP",
    source_provision: "Điều 48",
    action: "Đơn giản hóa",
    proposed_change: "Bỏ yêu cầu nộp bản sao chứng thực giấy chứng nhận lưu hành tự do",
    rationale: "Giảm chi phí cho doanh nghiệp",
    documents_to_amend: "98/2021/NĐ-CP",
    provisions_to_amend: "Điều 48",
    cost_before_vnd: "1.200.000.000",
    cost_after_vnd: "800.000.000",
    decision: "",
    timeline: "Quý IV/2026",
    ...overrides,
  };
}

/** Every import's record: which exist, and whether each was committed. */
async function importRecords() {
  return db.selectFrom("imports").select(["id", "status", "new_count", "updated_count"]).orderBy("id").execute();
}

async function counts() {
  const one = async (table: "proposals" | "amendments" | "legal_documents" | "events" | "proposal_amendments") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    proposals: await one("proposals"),
    amendments: await one("amendments"),
    documents: await one("legal_documents"),
    events: await one("events"),
    links: await one("proposal_amendments"),
  };
}

function importAs(actor: ImportActor, bytes: Uint8Array, commit = true, name = "ke-hoach.csv"): Promise<ImportReport> {
  return runImport(db, actor, { name, bytes }, { commit });
}

const vi = translator("vi");

describe("the sample plan", () => {
  test("a reviewer's import creates its proposals, documents and amendments and links them", async () => {
    const report = await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    expect(report.errors).toEqual([]);
    expect(report.counts).toEqual({ new: 12, updated: 0, unchanged: 0, invalid: 0 });
    expect(report.committed).toBe(true);

    const proposals = await db
      .selectFrom("proposals")
      .innerJoin("agencies", "agencies.id", "proposals.agency_id")
      .leftJoin("decisions", "decisions.id", "proposals.decision_id")
      .select(["proposals.code", "agencies.code as agency", "proposals.status", "decisions.number as decision", "proposals.cost_before_vnd", "proposals.cost_after_vnd", "proposals.due_on", "proposals.regulation_type", "proposals.action"])
      .orderBy("proposals.code")
      .execute();
    expect(proposals.map((p) => p.code)).toEqual(SAMPLE_ROWS.slice(1).map((row) => row[0]).sort());
    const byt2 = proposals.find((p) => p.code === "BYT-0002");
    expect(byt2).toMatchObject({
      agency: "BYT",
      status: "approved",
      decision: "1661/QĐ-TTg",
      cost_before_vnd: 12_000_000_000,
      cost_after_vnd: 7_500_000_000,
      due_on: "2023-06-30",
      regulation_type: "business_condition",
      action: "amend",
    });
    // rows without a decision are logged as drafts; a merged ministry's rows go to its successor
    expect(proposals.find((p) => p.code === "BGTVT-0001")).toMatchObject({ agency: "BXD", status: "draft", decision: null });
    expect(proposals.find((p) => p.code === "BKHĐT-0001")).toMatchObject({ agency: "BTC", status: "approved", decision: "1505/QĐ-TTg" });

    // one amendment per (document, agency): BYT-0001 and BYT-0003 share 15/2018/NĐ-CP
    const links = await db
      .selectFrom("proposal_amendments")
      .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
      .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
      .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
      .select(["proposals.code", "legal_documents.number", "proposal_amendments.provisions as own", "amendments.provisions", "amendments.id"])
      .orderBy("proposals.code")
      .orderBy("legal_documents.number")
      .execute();
    const of = (code: string) => links.filter((link) => link.code === code);
    expect(of("BYT-0002").map((link) => [link.number, link.own])).toEqual([
      ["155/2018/NĐ-CP", "Điều 5"],
      ["54/2017/NĐ-CP", "khoản 3 Điều 20"],
    ]);
    const [first] = of("BYT-0001");
    const [third] = of("BYT-0003");
    expect(first?.id).toBe(third?.id);
    expect(first?.provisions).toBe("Điều 11; Điều 40");
    expect(await db.selectFrom("legal_documents").select("number").where("number_key", "=", "69/2018/ND-CP").executeTakeFirst()).toEqual({ number: "69/2018/NĐ-CP" });

    // each event of the commit names the import: the twelve proposals' creation among them
    const record = await db.selectFrom("imports").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(record).toMatchObject({ status: "committed", new_count: 12, updated_count: 0, file: null, actor_id: reviewer.id });
    const created = await db
      .selectFrom("events")
      .select(["entity_id", "id"])
      .where("entity_type", "=", "proposal")
      .where("action", "=", "create")
      .where("import_id", "=", record.id)
      .execute();
    expect(created).toHaveLength(12);
    const unnamed = await db.selectFrom("events").select("id").where("import_id", "is", null).where("id", ">", Math.min(...created.map((event) => event.id))).execute();
    expect(unnamed).toEqual([]);
  });

  test("numbers typed any way are registered in their official spelling, without a title, for the row's agency to complete", async () => {
    const file = csvFile([
      validRow({ source_document: "109/2016/nd-cp", documents_to_amend: "109 / 2016 / ND-CP; 5/2019/ttlt-btc-bkhdt", provisions_to_amend: "Điều 48; Điều 3" }),
    ]);
    const report = await importAs(reviewer, file);
    expect(report.errors).toEqual([]);
    const documents = await db
      .selectFrom("legal_documents")
      .innerJoin("agencies", "agencies.id", "legal_documents.lead_agency_id")
      .select(["legal_documents.number", "legal_documents.title", "legal_documents.issuer", "agencies.code as lead"])
      .where("legal_documents.number_key", "in", ["109/2016/ND-CP", "05/2019/TTLT-BTC-BKHDT"])
      .orderBy("legal_documents.number")
      .execute();
    expect(documents).toEqual([
      { number: "05/2019/TTLT-BTC-BKHĐT", title: null, issuer: "BTC-BKHĐT", lead: "BYT" },
      { number: "109/2016/NĐ-CP", title: null, issuer: "CP", lead: "BYT" },
    ]);
    // the same file again finds them by key: nothing new, nothing renamed
    const again = await importAs(reviewer, file);
    expect(again.counts).toMatchObject({ new: 0, unchanged: 1 });
  });

  test("importing the same file again changes nothing", async () => {
    await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    const before = await counts();
    const again = await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 12, invalid: 0 });
    expect(await counts()).toEqual(before);
  });

  test("a file that changes nothing is no import: not committed, no record of it, no event", async () => {
    await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    const before = { ...(await counts()), imports: await importRecords() };
    const again = await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 12, invalid: 0 });
    expect(again.committed).toBe(false);
    expect({ ...(await counts()), imports: await importRecords() }).toEqual(before);
  });

  test("confirming a staged upload that changes nothing is refused with its reason; nothing recorded", async () => {
    await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    const staged = await stageImport(db, reviewer, { name: "lai-lan-nua.csv", bytes: encoder.encode(SAMPLE_TEXT) });
    const before = { ...(await counts()), imports: await importRecords() };
    await expect(confirmImport(db, reviewer, staged)).rejects.toMatchObject({ reason: "imports.errors.nothing_to_import" });
    expect({ ...(await counts()), imports: await importRecords() }).toEqual(before);
    expect(before.imports.find((record) => record.id === staged)?.status).toBe("staged");
  });

  test("a changed cell updates that proposal only, with an update event", async () => {
    await importAs(reviewer, encoder.encode(SAMPLE_TEXT));
    const changed = SAMPLE_TEXT.replace("Trùng lặp với báo cáo năm", "Trùng lặp với báo cáo năm và báo cáo thống kê");
    const before = await counts();
    const report = await importAs(reviewer, encoder.encode(changed));
    expect(report.counts).toEqual({ new: 0, updated: 1, unchanged: 11, invalid: 0 });
    expect(report.outcomes.find((o) => o.outcome === "updated")?.code).toBe("BYT-0003");
    expect((await counts()).events).toBe(before.events + 1);
    const rationale = await db.selectFrom("proposals").select("rationale").where("code", "=", "BYT-0003").executeTakeFirstOrThrow();
    expect(rationale.rationale).toBe("Trùng lặp với báo cáo năm và báo cáo thống kê");
  });

  test("UTF-8 with and without BOM, UTF-16 with BOM, commas, semicolons and tabs read the same", async () => {
    const rows = SAMPLE_ROWS;
    const variants: Record<string, Uint8Array> = {
      "utf-8": encoder.encode(SAMPLE_TEXT),
      "utf-8 bom": encoder.encode(`\uFEFF${SAMPLE_TEXT}`),
      "utf-16le bom": utf16le(`\uFEFF${Papa.unparse(rows, { delimiter: "\t" })}`),
      semicolon: encoder.encode(Papa.unparse(rows, { delimiter: ";" })),
      tab: encoder.encode(Papa.unparse(rows, { delimiter: "\t" })),
    };
    const reports = await Promise.all(Object.values(variants).map((bytes) => importAs(reviewer, bytes, false)));
    for (const report of reports) {
      expect(report.errors).toEqual([]);
      expect(report.counts).toEqual({ new: 12, updated: 0, unchanged: 0, invalid: 0 });
    }
    // the UTF-16 file commits the same titles, diacritics and all
    await importAs(reviewer, variants["utf-16le bom"]!);
    const title = await db.selectFrom("proposals").select("title").where("code", "=", "BTNMT-0001").executeTakeFirstOrThrow();
    expect(title.title).toBe("Thẩm định báo cáo đánh giá tác động môi trường đối với dự án nhóm II");
  });

  test("English column keys and labels, in another column order, import the same", async () => {
    const row = validRow({ regulation_type: "administrative_procedure", action: "Simplify" });
    const columns = [...IMPORT_COLUMNS].reverse().filter((column) => column.key !== "procedure_code");
    const text = Papa.unparse({ fields: columns.map((column) => column.key), data: [columns.map((column) => row[column.key] ?? "")] });
    const report = await importAs(officer, encoder.encode(text));
    expect(report.errors).toEqual([]);
    expect(report.counts.new).toBe(1);
    const stored = await db.selectFrom("proposals").selectAll().where("code", "=", "BYT-0101").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ regulation_type: "administrative_procedure", action: "simplify", status: "draft", cost_before_vnd: 1_200_000_000 });
  });

  test("an XLSX with amounts as numbers and a date cell imports like the CSV", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Kế hoạch");
    sheet.addRow(IMPORT_COLUMNS.map((column) => column.header));
    const row = validRow({ code: "", timeline: "" });
    sheet.addRow(
      IMPORT_COLUMNS.map((column) =>
        column.key === "cost_before_vnd" ? 1_200_000_000 : column.key === "timeline" ? new Date(Date.UTC(2026, 11, 31)) : (row[column.key] ?? ""),
      ),
    );
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const report = await importAs(officer, bytes, true, "ke-hoach.xlsx");
    expect(report.errors).toEqual([]);
    expect(report.format).toBe("xlsx");
    // a row without a code gets the agency's next one
    expect(report.outcomes).toEqual([{ row: 2, code: "BYT-0001", outcome: "new" }]);
    const stored = await db.selectFrom("proposals").selectAll().where("code", "=", "BYT-0001").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ cost_before_vnd: 1_200_000_000, timeline: "31/12/2026", due_on: "2026-12-31" });
    // sent again, still without a code, it is recognized by its agency, title and change
    expect((await importAs(officer, bytes, true, "ke-hoach.xlsx")).counts).toEqual({ new: 0, updated: 0, unchanged: 1, invalid: 0 });
  });
});

describe("files wrong on purpose: the exact row, column and message, and nothing written", () => {
  const cases: { name: string; actor: () => ImportActor; rows: Row[]; row: number; column: ImportColumnKey; message: string }[] = [
    { name: "unknown agency", actor: () => reviewer, rows: [validRow({ agency: "BXYZ", code: "" })], row: 2, column: "agency", message: "Không có bộ, ngành này." },
    {
      name: "unknown type",
      actor: () => officer,
      rows: [validRow({ regulation_type: "Thủ tục đặc biệt" })],
      row: 2,
      column: "regulation_type",
      message: "Không có nhóm quy định này. Chọn một trong: Thủ tục hành chính; Điều kiện kinh doanh; Chế độ báo cáo; Kiểm tra chuyên ngành; Quy chuẩn, tiêu chuẩn kỹ thuật; Quy định khác.",
    },
    { name: "bad amount", actor: () => officer, rows: [validRow({ cost_before_vnd: "12,5 tỷ" })], row: 2, column: "cost_before_vnd", message: "Số tiền không hợp lệ: chỉ nhập số nguyên, ví dụ 1.250.000.000." },
    {
      name: "bad timeline",
      actor: () => officer,
      rows: [validRow({ timeline: "Sớm nhất có thể" })],
      row: 2,
      column: "timeline",
      message: "Lộ trình không hợp lệ. Các dạng được chấp nhận: Năm 2023; Quý II/2023; Tháng 6/2024; 30/06/2024; 2024-06-30.",
    },
    { name: "missing title", actor: () => officer, rows: [validRow({ title: "" })], row: 2, column: "title", message: "Vui lòng nhập thông tin này." },
    {
      name: "duplicate code in the file",
      actor: () => officer,
      rows: [validRow(), validRow({ title: "Một quy định khác" })],
      row: 3,
      column: "code",
      message: "Mã này đã có ở dòng 3 của tệp.",
    },
    { name: "another agency's row for an officer", actor: () => officer, rows: [validRow({ code: "BTC-0101", agency: "BTC" })], row: 2, column: "agency", message: "Bạn chỉ nhập được các dòng của bộ, ngành mình." },
    { name: "unknown decision", actor: () => reviewer, rows: [validRow({ decision: "9999/QĐ-TTg" })], row: 2, column: "decision", message: "Không tìm thấy quyết định này." },
    {
      name: "provisions that do not pair with the documents",
      actor: () => officer,
      rows: [validRow({ documents_to_amend: "98/2021/NĐ-CP; 07/2023/NĐ-CP", provisions_to_amend: "Điều 48; Điều 2; Điều 3" })],
      row: 2,
      column: "provisions_to_amend",
      message: "Có 2 văn bản nhưng 3 nhóm điều, khoản. Ghi điều, khoản theo thứ tự văn bản, cách nhau bằng “;”.",
    },
  ];

  test.each(cases)("$name", async ({ actor, rows, row, column, message }) => {
    // a valid row first: one bad row keeps the good ones out too
    const file = csvFile([validRow({ code: "BYT-0100", title: "Quy định hợp lệ đi trước" }), ...rows.map((r) => r)]);
    const shifted = row + 1;
    const before = await counts();
    const report = await importAs(actor(), file);
    expect(report.committed).toBe(false);
    expect(report.counts.invalid).toBe(1);
    expect(report.errors).toHaveLength(1);
    const [error] = report.errors;
    expect(error).toMatchObject({ row: shifted, column, header: IMPORT_COLUMNS.find((c) => c.key === column)?.header, value: rows.at(-1)?.[column] ?? "" });
    expect(translateMessage(vi, error?.message)).toBe(message);
    expect(await counts()).toEqual(before);
    expect(await db.selectFrom("imports").select("id").where("status", "=", "committed").where("file_name", "=", "bad.csv").execute()).toEqual([]);
  });

  test("an officer cannot record an approving decision", async () => {
    const report = await importAs(officer, csvFile([validRow({ decision: "1661/QĐ-TTg" })]));
    expect(report.errors.map((e) => [e.row, e.column, e.message])).toEqual([[2, "decision", "imports.errors.decision_reviewer_only"]]);
  });

  test("a row too incomplete to approve is refused with the service's own reasons", async () => {
    const report = await importAs(reviewer, csvFile([validRow({ decision: "1661/QĐ-TTg", rationale: "", cost_before_vnd: "" , cost_after_vnd: ""})]));
    expect(report.committed).toBe(false);
    expect(report.errors.map((e) => [e.row, e.column, e.message]).sort()).toEqual([
      [2, "cost_after_vnd", "errors.required_to_submit"],
      [2, "cost_before_vnd", "errors.required_to_submit"],
      [2, "rationale", "errors.required_to_submit"],
    ]);
    expect((await counts()).proposals).toBe(0);
  });

  test("rows refused by the checks and by the services are each reported once, beside the valid ones", async () => {
    await importAs(reviewer, csvFile([validRow()]));
    await db.updateTable("proposals").set({ status: "submitted" }).where("code", "=", "BYT-0101").execute();
    const report = await importAs(
      officer,
      csvFile([validRow({ code: "BYT-0102", title: "" }), validRow({ code: "BYT-0103", title: "Quy định hợp lệ" }), validRow({ rationale: "Lý do mới" })]),
    );
    expect(report.outcomes).toEqual([
      { row: 2, code: "BYT-0102", outcome: "invalid" },
      { row: 3, code: "BYT-0103", outcome: "new" },
      { row: 4, code: "BYT-0101", outcome: "invalid" },
    ]);
    expect(report.counts).toEqual({ new: 1, updated: 0, unchanged: 0, invalid: 2 });
    expect(report.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, "title", "errors.required"],
      [4, null, "workflow.errors.lockedForOfficers"],
    ]);
    expect(report.committed).toBe(false);
    expect(await db.selectFrom("proposals").select("code").where("code", "=", "BYT-0103").executeTakeFirst()).toBeUndefined();
  });

  test("an officer's change to a submitted proposal is refused, an unchanged row is not", async () => {
    await importAs(reviewer, csvFile([validRow()]));
    await db.updateTable("proposals").set({ status: "submitted" }).where("code", "=", "BYT-0101").execute();
    expect((await importAs(officer, csvFile([validRow()]))).counts).toEqual({ new: 0, updated: 0, unchanged: 1, invalid: 0 });
    const refused = await importAs(officer, csvFile([validRow({ rationale: "Lý do mới" })]));
    expect(refused.errors.map((e) => [e.row, e.column, e.message])).toEqual([[2, null, "workflow.errors.lockedForOfficers"]]);
  });

  test.each([
    ["no header", encoder.encode("a,b,c\r\n1,2,3\r\n"), "imports.errors.no_header"],
    ["a missing required column", encoder.encode('Mã,"Bộ, ngành",Nội dung quy định\r\nBYT-1,BYT,x\r\n'), "imports.errors.missing_columns"],
    ["not a spreadsheet", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "imports.errors.not_spreadsheet"],
    ["only a header", encoder.encode(`${SAMPLE_TEXT.split("\n")[0]}\n`), "imports.errors.no_rows"],
  ])("a file with %s is refused as a whole", async (_name, bytes, message) => {
    const before = await counts();
    const report = await importAs(reviewer, bytes);
    expect(report.fileError?.split("|")[0]).toBe(message);
    expect(await counts()).toEqual(before);
  });

  test("more than 50,000 rows is refused before any row is checked", async () => {
    const header = SAMPLE_TEXT.split("\n")[0];
    const body = Array.from({ length: 50_001 }, (_, i) => `BYT-${i},BYT,Thủ tục hành chính,Quy định ${i},,,Bãi bỏ,Bỏ,,,,,,,`).join("\n");
    const report = await importAs(reviewer, encoder.encode(`${header}\n${body}`));
    expect(report.fileError).toBe("imports.errors.too_many_rows|max=50.000");
    expect(translateMessage(vi, report.fileError ?? "")).toBe("Tệp có hơn 50.000 dòng. Hãy chia thành nhiều tệp nhỏ hơn.");
  });
});

describe("what a report keeps of a very bad file", () => {
  test("the first 10,000 errors, counted all; 100 ignored columns named and the rest counted; nothing written", async () => {
    const before = await counts();
    const extra = Array.from({ length: 150 }, (_, i) => `Cột lạ ${i + 1}`);
    const header = `${SAMPLE_TEXT.split("\n")[0]?.trim()},${extra.join(",")}`;
    // two errors a row: the agency and the amount
    const body = Array.from({ length: 6_000 }, (_, i) => `,NOPE,Thủ tục hành chính,Quy định ${i},,,Bãi bỏ,Bỏ,,,,sai,,,`).join("\n");
    const report = await importAs(reviewer, encoder.encode(`${header}\n${body}`), false);
    expect(report.counts.invalid).toBe(6_000);
    expect(report.errorCount).toBe(12_000);
    expect(report.errors).toHaveLength(10_000);
    expect(report.errors.at(-1)?.row).toBe(5_001);
    expect(report.notes).toHaveLength(101);
    expect(report.notes[99]?.header).toBe("Cột lạ 100");
    expect(translateMessage(vi, report.notes[100]?.message ?? "")).toBe("Còn 50 cột khác không thuộc mẫu cũng được bỏ qua.");
    expect(await counts()).toEqual(before);
  });
});

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i * 2] = code & 0xff;
    bytes[i * 2 + 1] = code >> 8;
  }
  return bytes;
}

describe("the import's transaction", () => {
  test("holds the write lock from its start, so another process cannot commit inside it", async () => {
    // another app server's connection: it waits for the lock without blocking this process
    const other = openLocation(database.location, { role: "server" });
    try {
      let committed = false;
      let pending: Promise<void> | undefined;
      await db.transaction().execute(async (trx) => {
        await takeWriteLock(trx);
        pending = inTransaction(other, (write) => write.insertInto("login_failures").values({ email: "x", ip: "y", at: "z" }).execute()).then(() => {
          committed = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(committed).toBe(false);
      });
      // released with the transaction
      await pending;
      expect(committed).toBe(true);
    } finally {
      await other.destroy();
    }
  });
});

describe("staged uploads", () => {
  test("a user keeps at most five uploads awaiting confirmation; an older one is dropped with its bytes", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await stageImport(db, officer, { name: `ke-hoach-${i}.csv`, bytes: csvFile([validRow({ code: `BYT-09${i}0` })]) }));
    const rows = await db.selectFrom("imports").select(["id", "status", "file"]).where("id", "in", ids).orderBy("id").execute();
    expect(rows.map((row) => row.status)).toEqual(["discarded", "staged", "staged", "staged", "staged", "staged"]);
    expect(rows[0]?.file).toBeNull();
    expect(rows[5]?.file).not.toBeNull();
    // another user's uploads are not touched
    const other = await stageImport(db, reviewer, { name: "khac.csv", bytes: csvFile([validRow()]) });
    expect((await db.selectFrom("imports").select("status").where("id", "=", ids[1]!).executeTakeFirstOrThrow()).status).toBe("staged");
    expect((await db.selectFrom("imports").select("status").where("id", "=", other).executeTakeFirstOrThrow()).status).toBe("staged");
  });
});

describe("npm run import", () => {
  const run = (args: string[]) => runScript("import.ts", database.location, args);

  test("a dry run prints the report and writes nothing; the real run commits; an invalid file exits 1", async () => {
    const before = await counts();
    const dry = await run(["--file", SAMPLE_PLAN, "--dry-run", "--as", reviewer.email]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Thêm mới: 12");
    expect(dry.stdout).toContain("Chạy thử: không ghi dữ liệu.");
    expect(await counts()).toEqual(before);

    const real = await run(["--file", SAMPLE_PLAN, "--as", reviewer.email, "--lang", "en"]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("New: 12");
    expect((await counts()).proposals).toBe(12);

    const bad = path.join(PROJECT_ROOT, "tests", ".tmp", `import-bad-${process.pid}.csv`);
    fs.writeFileSync(bad, csvFile([validRow({ code: "BYT-0200", cost_after_vnd: "abc" })]));
    try {
      const refused = await run(["--file", bad, "--as", officer.email]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain("Dòng 2, Cột “Chi phí tuân thủ sau (đồng/năm)” [abc]: Số tiền không hợp lệ");
      expect(refused.stdout).toContain("Không ghi dữ liệu nào.");
      expect((await counts()).proposals).toBe(12);
    } finally {
      fs.rmSync(bad, { force: true });
    }

    // the same plan again changes nothing: said so, exit 0, and no import recorded
    const recorded = await importRecords();
    const again = await run(["--file", SAMPLE_PLAN, "--as", reviewer.email]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Không thay đổi: 12");
    expect(again.stdout).toContain("Không có gì để nhập: mọi dòng của tệp đều đã giống dữ liệu hiện có. Không dữ liệu nào được ghi.");
    expect(again.stdout).not.toContain("Đã ghi vào cơ sở dữ liệu.");
    expect(await importRecords()).toEqual(recorded);

    const nobody = await run(["--file", SAMPLE_PLAN, "--as", "nobody@tinhgon.test"]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("nobody@tinhgon.test");
    expect(admin.role).toBe("admin");
  });
});
