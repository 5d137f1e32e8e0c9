import Papa from "papaparse";
import { IMPORT_COLUMNS, type ImportColumnKey } from "~/services/import/layout";

/** A one-row plan of BYT in the import layout, as a CSV upload, with a proposal code of its own (and `more` columns filled). */
export function planFile(code: string, more: Partial<Record<ImportColumnKey, string>> = {}): { name: string; bytes: Uint8Array } {
  const row: Partial<Record<ImportColumnKey, string>> = {
    code,
    agency: "BYT",
    regulation_type: "Thủ tục hành chính",
    title: `Cấp giấy phép số ${code}`,
    source_document: "98/2021/NĐ-CP",
    source_provision: "Điều 48",
    action: "Đơn giản hóa",
    proposed_change: "Bỏ yêu cầu nộp bản sao chứng thực",
    rationale: "Giảm chi phí",
    ...more,
  };
  const text = Papa.unparse({ fields: IMPORT_COLUMNS.map((column) => column.header), data: [IMPORT_COLUMNS.map((column) => row[column.key] ?? "")] });
  return { name: `ke-hoach-${code}.csv`, bytes: new TextEncoder().encode(text) };
}
