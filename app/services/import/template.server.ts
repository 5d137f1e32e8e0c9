import ExcelJS from "exceljs";
import { TIMELINE_FORMS } from "~/domain/timeline";
import { REGULATION_TYPES, PROPOSAL_ACTIONS } from "~/domain/vocabulary";
import { translator, type Locale } from "~/i18n";
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, type ImportColumnKey } from "./layout";

// The template a ministry fills in: the layout's headers and one example row on the first sheet
// (the one the import reads), and a guide sheet naming each column and what it accepts.

const EXAMPLE: Record<ImportColumnKey, string | number> = {
  code: "",
  agency: "BYT",
  regulation_type: "Thủ tục hành chính",
  title: "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
  source_document: "15/2018/NĐ-CP",
  source_provision: "Điều 11",
  action: "Đơn giản hóa",
  proposed_change: "Bỏ yêu cầu nộp bản sao giấy chứng nhận đăng ký doanh nghiệp",
  rationale: "Thông tin đã có trong cơ sở dữ liệu quốc gia",
  documents_to_amend: "15/2018/NĐ-CP; 155/2018/NĐ-CP",
  provisions_to_amend: "Điều 11; Điều 5",
  cost_before_vnd: 4_250_000_000,
  cost_after_vnd: 3_100_000_000,
  decision: "",
  timeline: "Quý II/2026",
  procedure_code: "1.001234",
};

export async function importTemplate(locale: Locale) {
  const t = translator(locale);
  const accepted: Partial<Record<ImportColumnKey, string>> = {
    code: "BYT-0001",
    agency: "BYT, BTC, … / Bộ Y tế, …",
    regulation_type: REGULATION_TYPES.map((type) => t(`labels.regulationType.${type}`)).join("; "),
    action: PROPOSAL_ACTIONS.map((action) => t(`labels.action.${action}`)).join("; "),
    documents_to_amend: "15/2018/NĐ-CP; 155/2018/NĐ-CP",
    provisions_to_amend: "Điều 11; khoản 3 Điều 20",
    cost_before_vnd: "4.250.000.000",
    cost_after_vnd: "3.100.000.000",
    decision: "1015/QĐ-TTg",
    timeline: TIMELINE_FORMS.join("; "),
  };
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Kế hoạch", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((column) => ({ key: column.key, width: column.width, style: column.amount ? { numFmt: "#,##0" } : {} }));
  sheet.addRow(IMPORT_COLUMNS.map((column) => column.header)).font = { bold: true };
  sheet.addRow(IMPORT_COLUMNS.map((column) => EXAMPLE[column.key]));

  const guide = workbook.addWorksheet(t("imports.guideSheet"));
  guide.columns = [{ width: 34 }, { width: 22 }, { width: 12 }, { width: 80 }];
  guide.addRow([t("imports.guide.columns"), "key", t("imports.guide.required"), t("imports.guide.allowed")]).font = { bold: true };
  for (const column of IMPORT_COLUMNS) {
    guide.addRow([column.header, column.key, REQUIRED_COLUMNS.includes(column.key) ? "✓" : "", accepted[column.key] ?? ""]);
  }
  guide.addRow([]);
  guide.addRow([t("imports.rules")]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
