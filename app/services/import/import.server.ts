import type { Kysely } from "kysely";
import { currentDay } from "~/clock.server";
import { inTransaction, optimizeDatabase, withBulkWriteSettings } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import type { DB } from "../../../db/types";
import { applyOne, newPass } from "./apply.server";
import { checkRow, type CheckedRow } from "./check-row";
import type { Context } from "./context";
import { deferSearchIndexing, indexDeferredRows } from "~/models/search.server";
import { openCommit, recordCommit, type ImportFile } from "./commit.server";
import { findHeader, importRows } from "./header";
import { loadContext } from "./lookups.server";
import { readSheet } from "./read-sheet.server";
import { emptyCounts, emptyReport, excerpt, MAX_REPORT_ERRORS, nothingToImport, type ImportIssue, type ImportReport } from "./report";
import { sheetErrorMessage } from "./sheet";

// A ministry's plan in, as one use case: read the file (read-sheet.server.ts), map its header
// (header.ts), check every row against the lookups (lookups.server.ts, check-row.ts), then apply
// the rows with the rules of the services the forms use (apply.server.ts: what the rows need read
// at once, each statement compiled once, new rows indexed for search together at the end), inside
// one transaction. A
// dry run is the same pass rolled back, so it reports exactly what a commit would do, including
// what only the services know (a proposal an officer can no longer change, a row too incomplete
// to approve). A commit keeps all rows or none, and its record (commit.server.ts) the range of
// events it wrote.

export type { ImportFile } from "./commit.server";
export type { ImportIssue, ImportReport, RowOutcome } from "./report";
/** Who imports: the one Actor of app/domain/permissions.ts. */
export type ImportActor = Actor;

/**
 * Reads, checks and applies a file; commits only when asked, when no row is invalid and when some
 * row changes something (nothingToImport: the report says so, `committed` false).
 */
export async function runImport(
  db: Kysely<DB>,
  actor: Actor,
  file: ImportFile,
  options: { commit: boolean; importId?: number; today?: string },
): Promise<ImportReport> {
  const report = emptyReport(file.name);
  const read = await readSheet(file.bytes, file.name);
  if (!read.ok) return { ...report, fileError: sheetErrorMessage(read.error) };
  report.format = read.grid.format;
  report.sheetName = read.grid.sheetName === undefined ? null : excerpt(read.grid.sheetName);

  const layout = findHeader(read.grid.rows);
  if ("error" in layout) return { ...report, fileError: layout.error };
  report.notes = layout.notes;
  const rows = importRows(read.grid.rows, layout);
  report.rows = rows.length;
  if (rows.length === 0) return { ...report, fileError: "imports.errors.no_rows" };

  const context = await loadContext(db, actor, rows, options.today ?? currentDay());
  const checked = rows.map((row) => checkRow(row, context));
  // Rows are first applied straight, the fast way. Only if a rule refuses a row
  // (what the checks above could not see) is the pass repeated with each row in a savepoint,
  // rolled back, so that every row's errors are reported and none hides another's.
  const fast = await applyRows(db, actor, file, context, checked, report, { ...options, isolate: false });
  // a bulk write: the planner's statistics follow it (README design decision 15)
  if (fast.report.committed) await optimizeDatabase(db);
  if (!fast.stopped) return fast.report;
  return (await applyRows(db, actor, file, context, checked, report, { ...options, commit: false, isolate: true })).report;
}

/** One pass over the checked rows; its report starts from `read` (the file's facts) with no outcome yet. */
async function applyRows(
  db: Kysely<DB>,
  actor: Actor,
  file: ImportFile,
  context: Context,
  checked: CheckedRow[],
  read: ImportReport,
  options: { commit: boolean; isolate: boolean; importId?: number },
): Promise<{ report: ImportReport; stopped: boolean }> {
  const report: ImportReport = { ...read, counts: emptyCounts(), outcomes: [], errors: [], errorCount: 0, committed: false };
  const addErrors = (errors: ImportIssue[]) => {
    report.errorCount += errors.length;
    report.errors.push(...errors.slice(0, Math.max(0, MAX_REPORT_ERRORS - report.errors.length)));
  };
  const rollback = new Rollback();
  let stopped = false;
  try {
    // the write lock first (inTransaction): another process's commit cannot void this transaction's snapshot
    await withBulkWriteSettings(db, () =>
      inTransaction(db, async (trx) => {
        // the import's record, which every history event the pass writes names
        const importId = await openCommit(trx, actor, file, options.importId);
        const pass = await newPass(trx, actor, context, checked, options.isolate, importId);
        // new proposals and documents are indexed for search at once, before the commit
        const indexing = await deferSearchIndexing(trx);
        for (const row of checked) {
          if (row.errors.length) {
            addErrors(row.errors);
            report.outcomes.push({ row: row.rowNumber, code: row.code, outcome: "invalid" });
            continue;
          }
          const applied = await applyOne(pass, row, options.isolate);
          if (!options.isolate && applied.outcome === "invalid") {
            stopped = true;
            throw rollback;
          }
          addErrors(applied.errors);
          report.outcomes.push({ row: row.rowNumber, code: applied.code, outcome: applied.outcome });
        }
        for (const { outcome } of report.outcomes) report.counts[outcome] += 1;
        // a file that changes nothing is no import: nothing kept, no record of it
        if (!options.commit || report.counts.invalid > 0 || nothingToImport(report)) throw rollback;
        await indexDeferredRows(trx, indexing);
        await recordCommit(trx, report, importId);
        report.committed = true;
      }),
    );
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return { report, stopped };
}

/** Thrown to end a pass's transaction without keeping what it wrote. */
class Rollback extends Error {}
