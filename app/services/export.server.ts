import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { inChunks, type Executor } from "~/db.server";
import { implementationStatus } from "~/domain/implementation";
import { csvTextCell, xlsxTextCell } from "~/domain/spreadsheet-text";
import { amendmentStageLabel, translator } from "~/i18n";
import { amendmentFilters, documentFilters, proposalFilters } from "~/models/list-filters.server";
import { listAmendmentIds, listAmendmentsByIds } from "~/models/amendment.server";
import { listDeadlines, type DeadlineFilters } from "~/models/deadline.server";
import { listDocumentIds, listDocumentsByIds } from "~/models/legal-document.server";
import { listProposalIds, listProposalsByIds } from "~/models/proposal.server";
import { listProposalAmendmentTargets, listProposalSourceDetails } from "~/models/proposal-export.server";
import { IMPORT_COLUMNS, provisionsCell, type ImportColumnKey } from "~/services/import/layout";
import type { AmendmentListParams, DocumentListParams, ProposalListParams } from "~/schemas/list-params";

// Every list as CSV and XLSX: the rows of the list's own filters, without pagination. Each
// record's columns are defined once here and written by both writers. Proposals use the import
// layout (app/services/import/layout.ts), so an exported file can be imported back unchanged.
// A list export is streamed: its ids are read first in the list's order, then its rows a slice at
// a time, each slice written before the next is read (in a worker thread on a snapshot of the
// database, in a job process: app/services/jobs/); small files (an import's errors) are written whole.

const t = translator("vi");

/** Rows read and written at a time: each slice is one query per table, and the writer's memory. */
export const EXPORT_SLICE = 250;

type Cell = string | number | null;

/** A file to download, as a service makes it; each front door sends it its own way (app/http.server.ts download()). */
export interface ExportFile {
  body: Uint8Array | string;
  /** Its name without extension, in Vietnamese. */
  name: string;
  extension: "csv" | "xlsx";
  contentType: string;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";


export interface ExportColumn<Row> {
  header: string;
  width: number;
  /** Whole VND: a number in XLSX (with '#,##0'), plain digits in CSV. */
  amount?: boolean;
  value: (row: Row) => Cell;
}

export interface ExportTable<Row> {
  /** The file name without extension, in Vietnamese; an ASCII twin is derived from it. */
  name: string;
  columns: ExportColumn<Row>[];
  rows: Row[];
}

/** A list as an export reads it: its columns, and its rows in order a slice at a time. */
export interface ExportSource<Row> {
  name: string;
  columns: ExportColumn<Row>[];
  slices(): AsyncIterable<Row[]>;
}

/** What a list export is asked for; plain data, so it can be handed to the export thread. */
export type ExportList =
  | { list: "proposals"; params: ProposalListParams; today: string }
  | { list: "amendments"; params: AmendmentListParams; today: string }
  | { list: "documents"; params: DocumentListParams }
  | { list: "deadlines"; filters: DeadlineFilters };

export type ExportFormat = "csv" | "xlsx";

/** Each list's file name, in Vietnamese (the download's name is known before its first row). */
export const EXPORT_NAMES: Record<ExportList["list"], string> = {
  proposals: "Phương án cắt giảm, đơn giản hóa",
  amendments: "Nhiệm vụ sửa đổi văn bản",
  documents: "Văn bản quy phạm pháp luật",
  deadlines: "Hạn xử lý",
};

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * A turn of the event loop between slices: the database is read synchronously, so without it a
 * whole export would run as one task, and the zip's deflate (finished on the thread pool) and the
 * messages asking for more bytes would wait until its end.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The list's rows, in the order of `ids`, read a slice of ids at a time. */
async function* bySlices<Row extends { id: number }>(ids: readonly number[], read: (slice: number[]) => Promise<Row[]>): AsyncGenerator<Row[]> {
  for (let start = 0; start < ids.length; start += EXPORT_SLICE) {
    await nextTurn();
    const slice = ids.slice(start, start + EXPORT_SLICE);
    const byId = new Map((await read(slice)).map((row) => [row.id, row]));
    yield slice.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    });
  }
}

/**
 * Refuses an export whose filters name what does not exist (an agency, a decision: NotFoundError),
 * as its list page does, before any byte of the file is sent: the thread that makes the file
 * could only break off the download.
 */
export async function checkExportList(db: Executor, job: ExportList): Promise<void> {
  if (job.list === "proposals") await proposalFilters(db, job.params, job.today);
  else if (job.list === "amendments") await amendmentFilters(db, job.params, job.today);
  else if (job.list === "documents") await documentFilters(db, job.params);
}

/** The list an export asks for, as a source of slices. */
export async function exportSource(db: Executor, job: ExportList): Promise<ExportSource<never>> {
  const source =
    job.list === "proposals"
      ? await proposalExport(db, job.params, job.today)
      : job.list === "amendments"
        ? await amendmentExport(db, job.params, job.today)
        : job.list === "documents"
          ? await documentExport(db, job.params)
          : await deadlineExport(db, job.filters);
  // each source's rows go to its own columns only
  return source as unknown as ExportSource<never>;
}

// ---------- proposals ----------

export async function proposalExport(db: Executor, params: ProposalListParams, today: string): Promise<ExportSource<ProposalExportRow>> {
  const ids = await listProposalIds(db, await proposalFilters(db, params, today));
  return {
    name: EXPORT_NAMES.proposals,
    columns: proposalColumns(today),
    slices: () =>
      bySlices(ids, async (slice) => {
        const [rows, details] = await Promise.all([listProposalsByIds(db, slice), proposalDetails(db, slice)]);
        return rows.flatMap((row) => {
          const detail = details.get(row.id);
          return detail ? [{ ...row, ...detail }] : [];
        });
      }),
  };
}

type ListedProposal = Awaited<ReturnType<typeof listProposalsByIds>>[number];
interface ProposalDetail {
  source_document: string | null;
  source_provision: string | null;
  proposed_change: string;
  rationale: string | null;
  timeline: string | null;
  procedure_code: string | null;
  documents_to_amend: string[];
  /** Per document: the link's own provisions, or the amendment's. */
  provisions_to_amend: { link: string | null; amendment: string | null }[];
}
type ProposalExportRow = ListedProposal & ProposalDetail;

/** The columns a list leaves out, and the documents each proposal's amendments target. */
async function proposalDetails(db: Executor, ids: number[]): Promise<Map<number, ProposalDetail>> {
  const details = new Map<number, ProposalDetail>();
  for (const chunk of inChunks(ids)) {
    const [proposals, amendments] = await Promise.all([listProposalSourceDetails(db, chunk), listProposalAmendmentTargets(db, chunk)]);
    for (const { id, ...rest } of proposals) details.set(id, { ...rest, documents_to_amend: [], provisions_to_amend: [] });
    for (const amendment of amendments) {
      const detail = details.get(amendment.proposal_id);
      detail?.documents_to_amend.push(amendment.number);
      detail?.provisions_to_amend.push({ link: amendment.link_provisions, amendment: amendment.provisions });
    }
  }
  return details;
}

/** The import layout (app/services/import/layout.ts), then the tracker's own columns. */
function proposalColumns(today: string): ExportColumn<ProposalExportRow>[] {
  const layout: Record<ImportColumnKey, (p: ProposalExportRow) => Cell> = {
    code: (p) => p.code,
    agency: (p) => p.agency_code,
    regulation_type: (p) => t(`labels.regulationType.${p.regulation_type}`),
    title: (p) => p.title,
    source_document: (p) => p.source_document,
    source_provision: (p) => p.source_provision,
    action: (p) => t(`labels.action.${p.action}`),
    proposed_change: (p) => p.proposed_change,
    rationale: (p) => p.rationale,
    documents_to_amend: (p) => p.documents_to_amend.join("; "),
    // in the same order as the documents, so the two columns pair up on import
    provisions_to_amend: (p) =>
      p.provisions_to_amend.map((own) => provisionsCell(own.link, own.amendment, p.documents_to_amend.length)).join("; "),
    cost_before_vnd: (p) => p.cost_before_vnd,
    cost_after_vnd: (p) => p.cost_after_vnd,
    decision: (p) => p.decision_number,
    timeline: (p) => p.timeline,
    procedure_code: (p) => p.procedure_code,
  };
  return [
    ...IMPORT_COLUMNS.map((column) => ({ header: column.header, width: column.width, amount: column.amount, value: layout[column.key] })),
    { header: "Trạng thái", width: 16, value: (p) => t(`labels.proposalStatus.${p.status}`) },
    {
      header: "Tình trạng thực thi",
      width: 18,
      value: (p) => {
        const status = implementationStatus(p.implementation_progress, p.due_on, today);
        return status ? t(`labels.implementation.${status}`) : null;
      },
    },
    { header: "Hạn hoàn thành", width: 14, value: (p) => p.due_on },
  ];
}

// ---------- amendments ----------

type ListedAmendment = Awaited<ReturnType<typeof listAmendmentsByIds>>[number];

export async function amendmentExport(db: Executor, params: AmendmentListParams, today: string): Promise<ExportSource<ListedAmendment>> {
  const ids = await listAmendmentIds(db, await amendmentFilters(db, params, today));
  const columns: ExportColumn<ListedAmendment>[] = [
    { header: "Văn bản cần sửa đổi", width: 20, value: (a) => a.document_number },
    { header: "Tên văn bản", width: 50, value: (a) => a.document_title ?? t("document.untitled") },
    { header: "Điều, khoản cần sửa đổi", width: 24, value: (a) => a.provisions },
    { header: "Bộ, ngành chủ trì", width: 12, value: (a) => a.agency_code },
    { header: "Hình thức", width: 18, value: (a) => t(`labels.form.${a.form}`) },
    { header: "Tiến độ", width: 18, value: (a) => amendmentStageLabel(t, a.stage, a.amending_effective_on) },
    { header: "Hạn hoàn thành", width: 14, value: (a) => a.deadline },
    { header: "Số quy định liên quan", width: 12, value: (a) => Number(a.proposal_count ?? 0) },
  ];
  return { name: EXPORT_NAMES.amendments, columns, slices: () => bySlices(ids, (slice) => listAmendmentsByIds(db, slice)) };
}

// ---------- legal documents ----------

type ListedDocument = Awaited<ReturnType<typeof listDocumentsByIds>>[number];

export async function documentExport(db: Executor, params: DocumentListParams): Promise<ExportSource<ListedDocument>> {
  const ids = await listDocumentIds(db, await documentFilters(db, params));
  const columns: ExportColumn<ListedDocument>[] = [
    { header: "Số, ký hiệu", width: 20, value: (d) => d.number },
    { header: "Loại văn bản", width: 20, value: (d) => t(`labels.documentType.${d.doc_type}`) },
    { header: "Trích yếu", width: 60, value: (d) => d.title ?? t("document.untitled") },
    { header: "Cơ quan chủ trì", width: 12, value: (d) => d.lead_agency_code },
    { header: "Ngày ban hành", width: 14, value: (d) => d.issued_on },
    { header: "Ngày có hiệu lực", width: 14, value: (d) => d.effective_on },
    { header: "Tình trạng hiệu lực", width: 18, value: (d) => t(`labels.documentStatus.${d.status}`) },
    { header: "Số nhiệm vụ sửa đổi", width: 12, value: (d) => Number(d.amendment_count ?? 0) },
  ];
  return { name: EXPORT_NAMES.documents, columns, slices: () => bySlices(ids, (slice) => listDocumentsByIds(db, slice)) };
}

// ---------- writers ----------

function cells<Row>(table: Pick<ExportTable<Row>, "columns">, row: Row): Cell[] {
  return table.columns.map((column) => column.value(row));
}

/**
 * The deadline list (overdue, due within the window, needing a new amendment) with the same
 * filters as /deadlines. Its rows are read at once (they are open work with a date, sorted in
 * JavaScript by listDeadlines) and written a slice at a time.
 */
export async function deadlineExport(db: Executor, filters: DeadlineFilters) {
  const { overdue, dueSoon, needsAmendment } = await listDeadlines(db, filters);
  const rows = [
    ...overdue.map((deadline) => ({ ...deadline, state: "Quá hạn" })),
    ...dueSoon.map((deadline) => ({ ...deadline, state: "Sắp đến hạn" })),
    // no deadline can be late for these until a new amendment or a reason is given
    ...needsAmendment.map((proposal) => ({
      ...proposal,
      kind: "proposal" as const,
      daysLate: null,
      daysLeft: null,
      state: "Cần nhiệm vụ sửa đổi mới hoặc lý do không cần sửa đổi",
    })),
  ];
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    { header: "Bộ, ngành", width: 12, value: (d) => d.agencyCode },
    { header: "Loại", width: 18, value: (d) => (d.kind === "amendment" ? "Nhiệm vụ sửa đổi" : "Đề xuất") },
    { header: "Mã, số văn bản", width: 20, value: (d) => (d.kind === "amendment" ? d.documentNumber : d.code) },
    { header: "Nội dung", width: 60, value: (d) => (d.kind === "amendment" ? (d.documentTitle ?? t("document.untitled")) : d.title) },
    { header: "Hạn hoàn thành", width: 14, value: (d) => d.dueOn },
    { header: "Tình trạng", width: 12, value: (d) => d.state },
    { header: "Số ngày trễ", width: 12, value: (d) => d.daysLate },
    { header: "Số ngày còn lại", width: 12, value: (d) => d.daysLeft },
  ];
  return { name: EXPORT_NAMES.deadlines, columns, slices: () => inSlices(rows) } satisfies ExportSource<(typeof rows)[number]>;
}

async function* inSlices<Row>(rows: Row[]): AsyncGenerator<Row[]> {
  for (let start = 0; start < rows.length; start += EXPORT_SLICE) {
    await nextTurn();
    yield rows.slice(start, start + EXPORT_SLICE);
  }
}

/**
 * CSV in UTF-8 with a BOM (so Excel reads Vietnamese), quoted per RFC 4180 by papaparse; a text
 * that a spreadsheet would run as a formula is written as text (app/domain/spreadsheet-text.ts).
 */
export function csvFile<Row>(table: ExportTable<Row>): ExportFile {
  const body = Papa.unparse(
    {
      fields: table.columns.map((column) => column.header),
      data: table.rows.map((row) => csvCells(table, row)),
    },
    { newline: CSV_NEWLINE },
  );
  return { body: `\uFEFF${body}`, name: table.name, extension: "csv", contentType: EXPORT_TYPES.csv };
}

const CSV_NEWLINE = "\r\n";

function csvCells<Row>(table: Pick<ExportTable<Row>, "columns">, row: Row): string[] {
  return cells(table, row).map((cell) => (cell === null ? "" : typeof cell === "number" ? String(cell) : csvTextCell(cell)));
}

function xlsxCells<Row>(table: Pick<ExportTable<Row>, "columns">, row: Row): Cell[] {
  return cells(table, row).map((cell) => (typeof cell === "string" ? xlsxTextCell(cell) : cell));
}

/** The one sheet of a list's workbook: frozen header, widths, amounts formatted, header bold. */
function listSheet<Row>(workbook: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter, columns: ExportColumn<Row>[]) {
  const sheet = workbook.addWorksheet("Danh sách", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    key: String(index),
    width: column.width,
    style: column.amount ? { numFmt: "#,##0" } : {},
  }));
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  return { sheet, header };
}

export async function xlsxFile<Row>(table: ExportTable<Row>): Promise<ExportFile> {
  const workbook = new ExcelJS.Workbook();
  const { sheet } = listSheet(workbook, table.columns);
  for (const row of table.rows) sheet.addRow(xlsxCells(table, row));
  return { body: new Uint8Array(await workbook.xlsx.writeBuffer()), name: table.name, extension: "xlsx", contentType: XLSX_TYPE };
}

/**
 * The shared string table of a streamed workbook, holding the empty string alone. xlsxFile's
 * workbook shares every string, so an empty text (a proposal with no document to amend) reads
 * back as a text cell; a streamed one cannot keep every string of 100,000 rows until the end, and
 * exceljs writes an unshared empty string as a value-less cell that reads back as no value. So
 * only "" is shared (exceljs writes a string inline when the table gives it no index).
 */
class EmptyStringTable {
  readonly values: string[] = [];
  totalRefs = 0;

  get count(): number {
    return this.values.length;
  }

  getString(index: number): string | undefined {
    return this.values[index];
  }

  add(value: string): number | undefined {
    if (value !== "") return undefined;
    if (this.values.length === 0) this.values.push("");
    this.totalRefs++;
    return 0;
  }
}

/**
 * Waits until the zip has taken the sheet's rows: exceljs writes each committed row to the
 * sheet's entry stream (archiver's PassThrough) without heeding its backpressure, so rows made
 * faster than they are deflated piled up there (210 MB for 100,000 proposals). That stream is
 * exceljs's and archiver's internals (readable-stream's `_writableState`): without them, no wait.
 */
async function sheetDrained(sheet: ExcelJS.Worksheet): Promise<void> {
  const entry = (sheet as unknown as { stream?: { pipes?: (Writable & { _writableState?: { needDrain?: boolean } })[] } }).stream?.pipes?.[0];
  if (entry?._writableState?.needDrain) await once(entry, "drain");
}

/** Waits while `sink` holds more than it wants: the next slice is read only once the last one left. */
async function drained(sink: Writable): Promise<void> {
  if (sink.writableNeedDrain) await once(sink, "drain");
}

/**
 * The CSV of csvFile, byte for byte, written to `sink` a slice at a time: papaparse quotes each
 * cell by itself, so the rows of each slice joined by CRLF are the whole file's.
 */
export async function writeCsv<Row>(source: ExportSource<Row>, sink: Writable): Promise<void> {
  sink.write(`\uFEFF${Papa.unparse([source.columns.map((column) => column.header)], { newline: CSV_NEWLINE })}`);
  for await (const rows of source.slices()) {
    if (rows.length) sink.write(`${CSV_NEWLINE}${Papa.unparse(rows.map((row) => csvCells(source, row)), { newline: CSV_NEWLINE })}`);
    await drained(sink);
  }
  sink.end();
  await once(sink, "finish");
}

/**
 * The workbook of xlsxFile (the same sheet, cells, types, formats, widths and view) written to
 * `sink` by exceljs's streaming writer: each row is committed (written out and forgotten) as it
 * is added, strings inline rather than in a shared table kept until the end.
 */
export async function writeXlsx<Row>(source: ExportSource<Row>, sink: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  (workbook as unknown as { sharedStrings: EmptyStringTable }).sharedStrings = new EmptyStringTable();
  const { sheet, header } = listSheet(workbook, source.columns);
  header.commit();
  for await (const rows of source.slices()) {
    for (const row of rows) sheet.addRow(xlsxCells(source, row)).commit();
    await sheetDrained(sheet);
    await drained(sink);
  }
  sheet.commit();
  await workbook.commit();
  if (!sink.writableFinished) await once(sink, "finish");
}
