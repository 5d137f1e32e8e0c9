import { NotFoundError } from "~/domain/errors";
import type { ImportColumnKey } from "./layout";
import type { SheetGrid } from "./sheet";

// What an import reports, row by row, and what the report page shows of it. Plain data and pure
// functions: the import (import.server.ts) fills it in, the import's record keeps it as JSON,
// and the page, the errors CSV and the command line read it (no server module here, so the
// components may import it).

export type RowOutcome = "new" | "updated" | "unchanged" | "invalid";
export const ROW_OUTCOMES: readonly RowOutcome[] = ["new", "updated", "unchanged", "invalid"];

export interface ImportIssue {
  /** The row number as the user sees it in the spreadsheet; null for the whole file. */
  row: number | null;
  column: ImportColumnKey | null;
  /** The column's header as the file writes it (an excerpt). */
  header: string | null;
  /** The cell as the file writes it (an excerpt). */
  value: string | null;
  /** An i18n key, with parameters after "|". */
  message: string;
}

export interface ImportReport {
  fileName: string;
  format: SheetGrid["format"] | null;
  sheetName: string | null;
  /** A reason the whole file was refused (too large, not a spreadsheet, no header…). */
  fileError: string | null;
  rows: number;
  counts: Record<RowOutcome, number>;
  outcomes: { row: number; code: string | null; outcome: RowOutcome }[];
  /** The first MAX_REPORT_ERRORS errors, in row order. */
  errors: ImportIssue[];
  /** Every error found, listed or not. */
  errorCount: number;
  notes: ImportIssue[];
  committed: boolean;
  /** The lists (rows, errors, notes) were given up to keep within the uploader's storage; the counts stay. */
  trimmed?: boolean;
}

// A report is kept with its import, so what it holds of the file is bounded: an excerpt of each
// value or header, and so many errors and notes. A file of 50,000 bad rows needs fixing as a
// whole anyway; the counts cover it all.
export const EXCERPT_CHARS = 200;
export const MAX_REPORT_ERRORS = 10_000;
export const MAX_REPORT_NOTES = 100;

/** A value as a report keeps it: at most EXCERPT_CHARS characters, an ellipsis saying it was cut. */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_CHARS) return text;
  // never half a surrogate pair
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(EXCERPT_CHARS - 1)) ? EXCERPT_CHARS - 1 : EXCERPT_CHARS;
  return `${text.slice(0, cut)}…`;
}

/**
 * A file read and checked whose every row is valid and already as stored: confirming it would
 * change nothing, so there is nothing to import (and no import is recorded).
 */
export function nothingToImport(report: ImportReport): boolean {
  const { counts } = report;
  return report.fileError === null && report.rows > 0 && counts.invalid === 0 && counts.new === 0 && counts.updated === 0;
}

/** Whether confirming the upload this dry run is of would write something: the file read, every row valid, some row a change. */
export function confirmable(report: ImportReport): boolean {
  return report.fileError === null && report.counts.invalid === 0 && !nothingToImport(report);
}

/** No counts yet: the file's facts are filled in as it is read. */
export function emptyReport(fileName: string): ImportReport {
  return {
    fileName: excerpt(fileName),
    format: null,
    sheetName: null,
    fileError: null,
    rows: 0,
    counts: emptyCounts(),
    outcomes: [],
    errors: [],
    errorCount: 0,
    notes: [],
    committed: false,
  };
}

export function emptyCounts(): Record<RowOutcome, number> {
  return { new: 0, updated: 0, unchanged: 0, invalid: 0 };
}

/** A report as its import's record keeps it (JSON). */
export function storedReport(json: string): ImportReport {
  const report = JSON.parse(json) as ImportReport;
  // reports stored before errors were counted apart listed them all
  return { ...report, errorCount: report.errorCount ?? report.errors.length };
}

/** A finished import's report without its lists, when the uploader's storage needs the room; the counts stay. */
export function trimmedReport(report: ImportReport): ImportReport {
  return { ...report, outcomes: [], errors: [], notes: [], trimmed: true };
}

/** The report page: errors a page, and the rows listed (the counts cover them all). */
export const REPORT_ERRORS_PER_PAGE = 100;
export const REPORT_ROWS_SHOWN = 500;

/** What the report page shows of a report: one page of its errors and the first rows. */
export interface ReportPage {
  report: ImportReport;
  /** Every row of the file, listed or not. */
  rowCount: number;
  errorPage: { page: number; pageSize: number; listed: number };
}

/** One page of a report's errors (1-based); a page past the last is not found. */
export function reportPage(report: ImportReport, page: number): ReportPage {
  const listed = report.errors.length;
  if (page > Math.max(1, Math.ceil(listed / REPORT_ERRORS_PER_PAGE))) throw new NotFoundError("import");
  const from = (page - 1) * REPORT_ERRORS_PER_PAGE;
  return {
    report: { ...report, errors: report.errors.slice(from, from + REPORT_ERRORS_PER_PAGE), outcomes: report.outcomes.slice(0, REPORT_ROWS_SHOWN) },
    rowCount: report.outcomes.length,
    errorPage: { page, pageSize: REPORT_ERRORS_PER_PAGE, listed },
  };
}
