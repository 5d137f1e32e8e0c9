import ExcelJS from "exceljs";
import { REPORT_FIGURES, type FigureFormat, type ReportChanges, type SteeringReport } from "~/domain/steering-report";
import { translator } from "~/i18n";
import type { Figures } from "~/domain/figures";
import { XLSX_TYPE, type ExportFile } from "./export.server";

// The steering reports as XLSX: the same tables as the printable pages, with Vietnamese headers
// (the committee's working language), real numbers with Excel number formats, and the header
// row frozen and bold on every sheet.

const t = translator("vi");

const NUMBER_FORMATS: Record<FigureFormat, string> = { count: "#,##0", vnd: "#,##0", percent: "0.0%" };
/** Excel refuses sheet names over 31 characters and some punctuation. */
const MAX_SHEET_NAME = 31;

function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, "-").slice(0, MAX_SHEET_NAME);
}

interface Column {
  header: string;
  width: number;
  numFmt?: string;
}

function addTable(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: (string | number | null)[][]) {
  const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    key: String(index),
    width: column.width,
    style: column.numFmt ? { numFmt: column.numFmt } : {},
  }));
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  for (const row of rows) sheet.addRow(row);
  return sheet;
}

const figureColumns = (): Column[] =>
  REPORT_FIGURES.map((figure) => ({ header: t(`reports.figures.${figure.key}`), width: figure.format === "vnd" ? 22 : 14, numFmt: NUMBER_FORMATS[figure.format] }));

const figureValues = (figures: Figures) => REPORT_FIGURES.map((figure) => figure.value(figures));

/** Counts and amounts changed; a share has no meaningful difference, so its cell stays empty. */
const changeValues = (change: Figures) => REPORT_FIGURES.map((figure) => (figure.format === "percent" ? null : figure.value(change)));

export interface WorkbookOptions {
  /** The report's title, written in the workbook's properties. */
  title: string;
  /** Since the previous meeting, for a snapshot. */
  changes?: ReportChanges | null;
}

/** The report's workbook: summary, by agency, by decision, and for a snapshot the changes. */
export async function reportWorkbook(report: SteeringReport, options: WorkbookOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Tinh Gọn";
  workbook.title = options.title;
  workbook.created = new Date();

  const summary = addTable(
    workbook,
    t("reports.totalTitle"),
    [{ header: t("reports.figure"), width: 44 }, { header: t("reports.value"), width: 22 }],
    REPORT_FIGURES.map((figure) => [t(`reports.figures.${figure.key}`), figure.value(report.total)]),
  );
  REPORT_FIGURES.forEach((figure, index) => {
    summary.getCell(index + 2, 2).numFmt = NUMBER_FORMATS[figure.format];
  });

  const agencyHeaders: Column[] = [{ header: t("reports.agencyCode"), width: 10 }, { header: t("reports.agency"), width: 40 }];
  const decisionHeaders: Column[] = [{ header: t("reports.decision"), width: 20 }, { header: t("reports.agencyCount"), width: 12, numFmt: "#,##0" }];
  addTable(workbook, t("reports.byAgency"), [...agencyHeaders, ...figureColumns()], [
    ...report.byAgency.map((row) => [row.code, row.name_vi, ...figureValues(row)]),
    [t("reports.total"), null, ...figureValues(report.total)],
  ]);
  addTable(workbook, t("reports.byDecision"), [...decisionHeaders, ...figureColumns()], report.byDecision.map((row) => [row.number, row.agencies, ...figureValues(row)]));

  if (options.changes) {
    const changeFormat = '+#,##0;-#,##0;0';
    const changeColumns = () => figureColumns().map((column) => ({ ...column, numFmt: column.numFmt === "0.0%" ? undefined : changeFormat }));
    addTable(workbook, `${t("reports.change")} - ${t("reports.byAgency")}`, [...agencyHeaders, ...changeColumns()], [
      ...options.changes.byAgency.map(({ row, change }) => [row.code, row.name_vi, ...changeValues(change)]),
      [t("reports.total"), null, ...changeValues(options.changes.total)],
    ]);
    addTable(
      workbook,
      `${t("reports.change")} - ${t("reports.byDecision")}`,
      [decisionHeaders[0]!, ...changeColumns()],
      options.changes.byDecision.map(({ row, change }) => [row.number, ...changeValues(change)]),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The report as a file to download, named after its title without the characters file systems refuse. */
export function reportFile(workbook: Buffer, title: string): ExportFile {
  // "1015/QĐ-TTg" holds a slash
  const name = title.replace(/:\s*/g, " - ").replace(/[\\/*?"<>|]+/g, "-");
  return { body: new Uint8Array(workbook), name, extension: "xlsx", contentType: XLSX_TYPE };
}
