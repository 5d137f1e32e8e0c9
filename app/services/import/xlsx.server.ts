import ExcelJS from "exceljs";
import { IMPORT_LIMITS, reject, withoutTrailingEmpty, type SheetGrid, type SheetRow } from "./sheet";
import { checkXlsxContainer } from "./zip.server";

// An XLSX's first sheet with data as a grid: the zip checked first (zip.server.ts), then exceljs
// reads the workbook, and every cell becomes the text Excel shows (numbers, dates, rich text,
// formulas' cached results).

export async function readXlsx(bytes: Buffer): Promise<SheetGrid> {
  checkXlsxContainer(bytes);

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(bytes).buffer); // exceljs's types ask for an ArrayBuffer
  } catch {
    reject({ code: "not_spreadsheet", detected: "damaged_xlsx" });
  }
  // the first visible worksheet with data; a hidden one only when no visible one has any
  const sheets = [...workbook.worksheets.filter((sheet) => sheet.state === "visible"), ...workbook.worksheets.filter((sheet) => sheet.state !== "visible")];
  for (const sheet of sheets) {
    const rows = worksheetRows(sheet);
    if (rows.length > 0) {
      if (rows.length - 1 > IMPORT_LIMITS.maxRows) reject({ code: "too_many_rows", maxRows: IMPORT_LIMITS.maxRows });
      return { format: "xlsx", sheetName: sheet.name, rows };
    }
  }
  return { format: "xlsx", sheetName: sheets[0]?.name, rows: [] };
}

// ---------- cells ----------

function worksheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length - 1 > IMPORT_LIMITS.maxRows) return; // already refused; skip the rest cheaply
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = cellText(cell);
    });
    const trimmed = withoutTrailingEmpty(Array.from(cells, (text) => text ?? ""));
    if (trimmed.length > 0) rows.push({ rowNumber, cells: trimmed });
  });
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  // exceljs answers a merged cell's value with the top-left cell's; the user sees it once
  if (cell.type === ExcelJS.ValueType.Merge) return "";
  return valueText(cell.value).normalize("NFC").trim();
}

type CellResult = ExcelJS.CellFormulaValue["result"];

function valueText(value: ExcelJS.CellValue | CellResult): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("error" in value) return value.error;
  if ("richText" in value) return richText(value);
  if ("hyperlink" in value) {
    // a loaded hyperlink's text is rich text when the link text is formatted
    const text: unknown = value.text;
    return typeof text === "string" ? text : isRichText(text) ? richText(text) : "";
  }
  if ("result" in value) return valueText(value.result); // formula: its cached result
  return "";
}

function isRichText(value: unknown): value is ExcelJS.CellRichTextValue {
  return typeof value === "object" && value !== null && Array.isArray((value as { richText?: unknown }).richText);
}

function richText(value: ExcelJS.CellRichTextValue): string {
  return value.richText.map((run) => run.text).join("");
}

/** Whole numbers as plain digits (an amount in VND typed as 4250000000), others as Excel shows them: 15 significant digits. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const rounded = Number(value.toPrecision(15));
  return Number.isInteger(rounded) ? numberText(rounded) : String(rounded);
}

/** exceljs turns date-formatted serials into Dates at UTC midnight; the wall clock reads in UTC. */
function dateText(value: Date): string {
  const time = value.getTime();
  if (Number.isNaN(time)) return "";
  const seconds = Math.round(time / 1000);
  const date = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = seconds % 86_400 === 0 ? "" : `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${date.getUTCSeconds() ? `:${pad(date.getUTCSeconds())}` : ""}`;
  if (date.getUTCFullYear() < 1900) return clock; // a time of day alone, on Excel's day zero
  const day = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  return clock ? `${day} ${clock}` : day;
}
