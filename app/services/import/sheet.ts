import { formatCount } from "~/domain/numbers";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "~/schemas/import";

// What reading a file gives the import (a grid of trimmed strings) or why it refuses the file,
// and the limits every reader checks before the expensive step they protect. Shared by the
// readers (read-sheet.server.ts, xlsx.server.ts, csv.server.ts) and the report.

export const IMPORT_LIMITS = {
  maxBytes: IMPORT_MAX_BYTES,
  /** Data rows: non-empty rows after the first non-empty one (the header). */
  maxRows: IMPORT_MAX_ROWS,
  /** All entries of an XLSX together, inflated. A legitimate 50,000-row sheet needs well under 100 MB. */
  maxExpandedBytes: 200 * 1024 * 1024,
  /** Per entry over 1 MB inflated; Excel's own sheets compress 10-20×, padding bombs about 1000×. */
  maxCompressionRatio: 200,
  maxZipEntries: 10_000,
} as const;

/** What a file turned out to be when it is not one we read; lets a message say what to do. */
export type DetectedFormat =
  | "empty"
  | "pdf"
  | "image"
  | "word"
  | "html" // an HTML table saved with an .xls name, as many older systems export
  | "xml" // e.g. Excel 2003 "XML Spreadsheet"
  | "ods"
  | "xlsb"
  | "damaged_xlsx"
  | "archive"
  | "binary";

export type ReadSheetError =
  | { code: "too_large"; maxMb: number }
  | { code: "not_spreadsheet"; detected?: DetectedFormat }
  | { code: "legacy_xls"; encrypted?: boolean } // encrypted: a password-protected .xlsx, which Excel wraps in OLE2 too
  | { code: "expands_too_far" }
  | { code: "too_many_rows"; maxRows: number }
  | { code: "not_text" };

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetGrid {
  format: "xlsx" | "csv";
  encoding?: "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be"; // csv only
  delimiter?: "," | ";" | "\t"; // csv only
  sheetName?: string; // xlsx: the sheet read
  /**
   * Every non-empty row in file order, with its 1-based row number as the user sees it in Excel /
   * a text editor (line number for CSV; a quoted multi-line cell counts as its starting row).
   * Cells trimmed of surrounding whitespace, NFC-normalized, never null ("" for empty); each row
   * ends at its last non-empty cell, so rows may be shorter than the header.
   */
  rows: SheetRow[];
  /** csv only: the line where a quoted cell opens and never closes (it then runs to the end of the file). */
  unclosedQuoteRow?: number;
}

export type ReadSheetResult = { ok: true; grid: SheetGrid } | { ok: false; error: ReadSheetError };

export class SheetRejected extends Error {
  constructor(readonly error: ReadSheetError) {
    super(error.code);
  }
}

export function reject(error: ReadSheetError): never {
  throw new SheetRejected(error);
}

export function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/** A row's cells without the empty ones at its end. */
export function withoutTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** A refused file's message key for the report, with what the user can do about it. */
export function sheetErrorMessage(error: ReadSheetError): string {
  switch (error.code) {
    case "too_large":
      return `imports.errors.too_large|max=${error.maxMb}`;
    case "too_many_rows":
      return `imports.errors.too_many_rows|max=${formatCount(error.maxRows, "vi")}`;
    case "legacy_xls":
      return error.encrypted ? "imports.errors.encrypted" : "imports.errors.legacy_xls";
    case "not_spreadsheet":
      // a spreadsheet in another format: say how to make it one we read
      if (error.detected === "ods" || error.detected === "xlsb" || error.detected === "html" || error.detected === "xml") return "imports.errors.save_as_xlsx";
      if (error.detected === "damaged_xlsx") return "imports.errors.damaged_xlsx";
      return "imports.errors.not_spreadsheet";
    default:
      return `imports.errors.${error.code}`;
  }
}
