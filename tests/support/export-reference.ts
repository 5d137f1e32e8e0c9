import ExcelJS from "exceljs";
import Papa from "papaparse";
import { inChunks, type Executor } from "~/db.server";
import { ForbiddenError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { deadlineFilters } from "~/models/list-filters.server";
import type { SteeringReader } from "~/services/dashboard.server";
import { implementationStatus } from "~/domain/implementation";
import { csvTextCell, xlsxTextCell } from "~/domain/spreadsheet-text";
import { amendmentStageLabel, translator } from "~/i18n";
import { amendmentFilters, documentFilters, proposalFilters } from "~/models/list-filters.server";
import { listAmendments } from "~/models/amendment.server";
import { listDeadlines, type DeadlineFilters } from "~/models/deadline.server";
import { listDocuments } from "~/models/legal-document.server";
import { listProposals } from "~/models/proposal.server";
import { listProposalAmendmentTargets, listProposalSourceDetails } from "~/models/proposal-export.server";
import { IMPORT_COLUMNS, provisionsCell, type ImportColumnKey } from "~/services/import/layout";
import type { AmendmentListParams, DeadlineParams, DocumentListParams, ProposalListParams } from "~/schemas/list-params";

// Today's (2026-12-05) whole-file export builder, kept as the reference the streamed exports are
// compared with (tests/integration/export-streaming.test.ts): every list's rows read at once and
// written by exceljs's in-memory workbook and papaparse. Frozen: change the app, not this.

const t = translator("vi");

/** More rows than any list holds; a larger export would need streaming. */
export const EXPORT_LIMIT = 100_000;

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

// ---------- proposals ----------

export async function proposalExport(db: Executor, params: ProposalListParams, today: string) {
  const { rows } = await listProposals(db, { ...(await proposalFilters(db, params, today)), page: 1, pageSize: EXPORT_LIMIT });
  const details = await proposalDetails(db, rows.map((row) => row.id));
  const table: ExportTable<ProposalExportRow> = {
    name: "Phương án cắt giảm, đơn giản hóa",
    columns: proposalColumns(today),
    rows: rows.flatMap((row) => {
      const detail = details.get(row.id);
      return detail ? [{ ...row, ...detail }] : [];
    }),
  };
  return table;
}

type ListedProposal = Awaited<ReturnType<typeof listProposals>>["rows"][number];
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

export async function amendmentExport(db: Executor, params: AmendmentListParams, today: string) {
  const { rows } = await listAmendments(db, { ...(await amendmentFilters(db, params, today)), page: 1, pageSize: EXPORT_LIMIT });
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    { header: "Văn bản cần sửa đổi", width: 20, value: (a) => a.document_number },
    { header: "Tên văn bản", width: 50, value: (a) => a.document_title ?? t("document.untitled") },
    { header: "Điều, khoản cần sửa đổi", width: 24, value: (a) => a.provisions },
    { header: "Bộ, ngành chủ trì", width: 12, value: (a) => a.agency_code },
    { header: "Hình thức", width: 18, value: (a) => t(`labels.form.${a.form}`) },
    { header: "Tiến độ", width: 18, value: (a) => amendmentStageLabel(t, a.stage, a.amending_effective_on) },
    { header: "Hạn hoàn thành", width: 14, value: (a) => a.deadline },
    { header: "Số quy định liên quan", width: 12, value: (a) => Number(a.proposal_count ?? 0) },
  ];
  return { name: "Nhiệm vụ sửa đổi văn bản", columns, rows } satisfies ExportTable<(typeof rows)[number]>;
}

// ---------- legal documents ----------

export async function documentExport(db: Executor, params: DocumentListParams) {
  const { rows } = await listDocuments(db, { ...(await documentFilters(db, params)), page: 1, pageSize: EXPORT_LIMIT });
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    { header: "Số, ký hiệu", width: 20, value: (d) => d.number },
    { header: "Loại văn bản", width: 20, value: (d) => t(`labels.documentType.${d.doc_type}`) },
    { header: "Trích yếu", width: 60, value: (d) => d.title ?? t("document.untitled") },
    { header: "Cơ quan chủ trì", width: 12, value: (d) => d.lead_agency_code },
    { header: "Ngày ban hành", width: 14, value: (d) => d.issued_on },
    { header: "Ngày có hiệu lực", width: 14, value: (d) => d.effective_on },
    { header: "Tình trạng hiệu lực", width: 18, value: (d) => t(`labels.documentStatus.${d.status}`) },
    { header: "Số nhiệm vụ sửa đổi", width: 12, value: (d) => Number(d.amendment_count ?? 0) },
  ];
  return { name: "Văn bản quy phạm pháp luật", columns, rows } satisfies ExportTable<(typeof rows)[number]>;
}

// ---------- writers ----------

function cells<Row>(table: ExportTable<Row>, row: Row): Cell[] {
  return table.columns.map((column) => column.value(row));
}

/** The deadline list (overdue, due within the window, needing a new amendment) with the same filters as /deadlines. */
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
  return { name: "Hạn xử lý", columns, rows } satisfies ExportTable<(typeof rows)[number]>;
}

/**
 * CSV in UTF-8 with a BOM (so Excel reads Vietnamese), quoted per RFC 4180 by papaparse; a text
 * that a spreadsheet would run as a formula is written as text (app/domain/spreadsheet-text.ts).
 */
export function csvFile<Row>(table: ExportTable<Row>): ExportFile {
  const body = Papa.unparse(
    {
      fields: table.columns.map((column) => column.header),
      data: table.rows.map((row) => cells(table, row).map((cell) => (cell === null ? "" : typeof cell === "number" ? String(cell) : csvTextCell(cell)))),
    },
    { newline: "\r\n" },
  );
  return { body: `\uFEFF${body}`, name: table.name, extension: "csv", contentType: "text/csv; charset=utf-8" };
}

export async function xlsxFile<Row>(table: ExportTable<Row>): Promise<ExportFile> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => ({
    key: String(index),
    width: column.width,
    style: column.amount ? { numFmt: "#,##0" } : {},
  }));
  const header = sheet.addRow(table.columns.map((column) => column.header));
  header.font = { bold: true };
  for (const row of table.rows) sheet.addRow(cells(table, row).map((cell) => (typeof cell === "string" ? xlsxTextCell(cell) : cell)));
  return { body: new Uint8Array(await workbook.xlsx.writeBuffer()), name: table.name, extension: "xlsx", contentType: XLSX_TYPE };
}

/** The rows /deadlines shows for the same query, as an export table (app/services/deadline.server.ts of that day). */
export async function exportDeadlines(db: Executor, actor: SteeringReader, params: DeadlineParams, today: string) {
  if (!can(actor, "report:export")) throw new ForbiddenError("report:export");
  const { filters } = await deadlineFilters(db, params, actor, today);
  return deadlineExport(db, filters);
}
