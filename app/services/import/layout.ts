import { foldVietnamese } from "~/domain/text";

// The layout ministries exchange plans in (db/seed/data/sample-plan.csv): one row per
// regulation, Vietnamese headers. The import reads it, the proposal export and the template
// write it, so the three agree by construction. Each column's key is the English name the
// import also accepts, and the field name of the proposal form (app/schemas/proposal.ts).

export const IMPORT_COLUMN_KEYS = [
  "code",
  "agency",
  "regulation_type",
  "title",
  "source_document",
  "source_provision",
  "action",
  "proposed_change",
  "rationale",
  "documents_to_amend",
  "provisions_to_amend",
  "cost_before_vnd",
  "cost_after_vnd",
  "decision",
  "timeline",
  "procedure_code",
] as const;
export type ImportColumnKey = (typeof IMPORT_COLUMN_KEYS)[number];

export interface ImportColumn {
  key: ImportColumnKey;
  /** The header as the sample plan writes it. */
  header: string;
  /** Other headers seen in ministries' files, compared folded and without punctuation. */
  aliases?: readonly string[];
  width: number;
  amount?: boolean;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: "code", header: "Mã", aliases: ["Mã phương án", "Mã số", "Code"], width: 12 },
  { key: "agency", header: "Bộ, ngành", aliases: ["Bộ ngành", "Cơ quan", "Agency", "Ministry"], width: 10 },
  { key: "regulation_type", header: "Nhóm quy định", aliases: ["Loại quy định", "Regulation type", "Type"], width: 22 },
  { key: "title", header: "Nội dung quy định", aliases: ["Tên quy định", "Quy định", "Title", "Regulation"], width: 50 },
  { key: "source_document", header: "Văn bản quy định", aliases: ["Source document"], width: 18 },
  { key: "source_provision", header: "Điều, khoản", aliases: ["Source provision"], width: 16 },
  { key: "action", header: "Phương án", aliases: ["Phương án cắt giảm", "Action"], width: 16 },
  { key: "proposed_change", header: "Nội dung cắt giảm, đơn giản hóa", aliases: ["Nội dung cắt giảm", "Proposed change"], width: 50 },
  { key: "rationale", header: "Lý do", aliases: ["Rationale", "Reason"], width: 30 },
  { key: "documents_to_amend", header: "Văn bản cần sửa đổi", aliases: ["Documents to amend"], width: 24 },
  { key: "provisions_to_amend", header: "Điều, khoản cần sửa đổi", aliases: ["Provisions to amend"], width: 24 },
  { key: "cost_before_vnd", header: "Chi phí tuân thủ trước (đồng/năm)", aliases: ["Chi phí tuân thủ trước", "Cost before"], width: 20, amount: true },
  { key: "cost_after_vnd", header: "Chi phí tuân thủ sau (đồng/năm)", aliases: ["Chi phí tuân thủ sau", "Cost after"], width: 20, amount: true },
  { key: "decision", header: "Quyết định phê duyệt", aliases: ["Quyết định", "Decision"], width: 18 },
  { key: "timeline", header: "Lộ trình", aliases: ["Lộ trình thực hiện", "Timeline"], width: 16 },
  { key: "procedure_code", header: "Mã thủ tục hành chính", aliases: ["Mã TTHC", "Mã thủ tục", "Procedure code"], width: 16 },
];

/** Columns a proposal cannot be created without; a file lacking one of them cannot be imported. */
export const REQUIRED_COLUMNS: readonly ImportColumnKey[] = ["agency", "regulation_type", "title", "action", "proposed_change"];

/** The tracker's own columns after the layout in an export: read back, they are ignored. */
export const EXPORT_ONLY_HEADERS = ["Trạng thái", "Tình trạng thực thi", "Hạn hoàn thành", "status", "implementation", "due_on"] as const;

/**
 * A header reduced to its words: without parenthesized units, folded, then without punctuation
 * or underscores ("  Bộ ,  NGÀNH " and "bo nganh" are "bo nganh"). Folding comes first: \W alone
 * would take the Vietnamese letters for punctuation.
 */
export function headerWords(header: string): string {
  return foldVietnamese(header.replace(/\([^)]*\)/g, " "))
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const COLUMN_BY_WORDS = new Map<string, ImportColumnKey>(
  IMPORT_COLUMNS.flatMap((column) =>
    [column.key, column.header, ...(column.aliases ?? [])].map((name) => [headerWords(name), column.key] as const),
  ),
);
const IGNORED_WORDS = new Set(EXPORT_ONLY_HEADERS.map(headerWords));

/** The column a header names, "ignored" for the export's own columns, or null if unknown. */
export function columnForHeader(header: string): ImportColumnKey | "ignored" | null {
  const words = headerWords(header);
  if (words === "") return null;
  return COLUMN_BY_WORDS.get(words) ?? (IGNORED_WORDS.has(words) ? "ignored" : null);
}

export function columnHeader(key: ImportColumnKey): string {
  return IMPORT_COLUMNS.find((column) => column.key === key)?.header ?? key;
}

/** Several documents or provisions in one cell, separated by ";". */
export function splitList(text: string | null | undefined): string[] {
  return (text ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * The provisions a row shows for one of its documents: the link's own, or else the whole
 * amendment's. In a row of several documents the provisions are ";"-separated in the documents'
 * order, so a ";" inside one document's provisions is written ",".
 */
export function provisionsCell(link: string | null, amendment: string | null, documentsInRow: number): string {
  const text = link ?? amendment ?? "";
  return documentsInRow > 1 ? text.replace(/\s*;\s*/g, ", ") : text;
}
