import { readTextCell } from "~/domain/spreadsheet-text";
import { columnForHeader, columnHeader, REQUIRED_COLUMNS, type ImportColumnKey } from "./layout";
import { excerpt, MAX_REPORT_NOTES, type ImportIssue } from "./report";
import type { SheetRow } from "./sheet";

// The grid's header mapped to the layout's columns (layout.ts), and each row below it read as
// the cells of those columns. Pure: a grid in, columns and rows out.

export interface HeaderLayout {
  /** The header's row number, as the user sees it. */
  rowNumber: number;
  /** The known columns: where each is in the row, its key, and its header as the file writes it. */
  columns: { index: number; key: ImportColumnKey; header: string }[];
  /** Columns the layout does not know, ignored. */
  notes: ImportIssue[];
}

/** A data row: the cell of each known column (trimmed, a written formula's apostrophe removed), and the column's header. */
export interface ImportRow {
  rowNumber: number;
  cells: Map<ImportColumnKey, string>;
  headers: Map<ImportColumnKey, string>;
}

/** Rows above the header (a title, a date) are allowed; the header is the first row naming 3 known columns. */
export const HEADER_SEARCH_ROWS = 20;
export const HEADER_MIN_COLUMNS = 3;

/** The header among the first rows, or the message why the file has none the import can use. */
export function findHeader(rows: readonly SheetRow[]): HeaderLayout | { error: string } {
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const named = row.cells.map((header, index) => ({ index, header, key: columnForHeader(header) }));
    const known = named.filter((cell): cell is { index: number; header: string; key: ImportColumnKey } => cell.key !== null && cell.key !== "ignored");
    if (known.length < HEADER_MIN_COLUMNS) continue;
    const seen = new Set<ImportColumnKey>();
    for (const cell of known) {
      if (seen.has(cell.key)) return { error: `imports.errors.duplicate_column|column=${excerpt(cell.header)}` };
      seen.add(cell.key);
    }
    const missing = REQUIRED_COLUMNS.filter((key) => !seen.has(key));
    if (missing.length) return { error: `imports.errors.missing_columns|columns=${missing.map(columnLabel).join(", ")}` };
    const ignored = named.filter((cell) => cell.key === null && cell.header !== "");
    const notes: ImportIssue[] = ignored
      .slice(0, MAX_REPORT_NOTES)
      .map((cell) => ({ row: row.rowNumber, column: null, header: excerpt(cell.header), value: null, message: "imports.notes.ignored_column" }));
    if (ignored.length > MAX_REPORT_NOTES) {
      notes.push({ row: row.rowNumber, column: null, header: null, value: null, message: `imports.notes.more_ignored|count=${ignored.length - MAX_REPORT_NOTES}` });
    }
    return { rowNumber: row.rowNumber, columns: known, notes };
  }
  return { error: "imports.errors.no_header" };
}

function columnLabel(key: ImportColumnKey): string {
  return `“${columnHeader(key)}” (${key})`;
}

/** The rows below the header, each as the cells of the header's columns. */
export function importRows(rows: readonly SheetRow[], layout: HeaderLayout): ImportRow[] {
  return rows.filter((row) => row.rowNumber > layout.rowNumber).map((row) => toImportRow(row, layout.columns));
}

export function toImportRow(row: SheetRow, columns: HeaderLayout["columns"]): ImportRow {
  const cells = new Map<ImportColumnKey, string>();
  const headers = new Map<ImportColumnKey, string>();
  for (const column of columns) {
    cells.set(column.key, readTextCell((row.cells[column.index] ?? "").trim()));
    headers.set(column.key, column.header);
  }
  return { rowNumber: row.rowNumber, cells, headers };
}
