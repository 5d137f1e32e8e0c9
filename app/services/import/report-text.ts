import type { TFunction } from "i18next";
import { translateMessage } from "~/i18n";
import { ROW_OUTCOMES, type ImportIssue, type ImportReport } from "./report";

// An import report as plain text lines, for the command line (the page renders the same report
// as tables): the counts, then every error as "row, column, value: message".

/** An error's or a note's message in the user's language (a note on an ignored column names it, whatever characters it holds). */
export function issueMessage(t: TFunction, issue: ImportIssue): string {
  return issue.message === "imports.notes.ignored_column"
    ? (t(issue.message as never, { header: issue.header ?? "" } as never) as unknown as string)
    : translateMessage(t, issue.message);
}

export function issueLine(t: TFunction, issue: ImportIssue): string {
  const place = [issue.row === null ? null : `${t("imports.row")} ${issue.row}`, issue.header ? `${t("imports.column")} “${issue.header}”` : null]
    .filter(Boolean)
    .join(", ");
  const value = issue.value ? ` [${issue.value}]` : "";
  return `${place}${value}: ${issueMessage(t, issue)}`;
}

export function reportLines(t: TFunction, report: ImportReport): string[] {
  if (report.fileError) return [`${t("imports.fileError")}: ${translateMessage(t, report.fileError)}`];
  const lines = [
    t("imports.reportTitle", { file: report.fileName }),
    ...(report.sheetName ? [t("imports.sheet", { sheet: report.sheetName })] : []),
    `${t("imports.rows")}: ${report.rows}`,
    ...ROW_OUTCOMES.map((outcome) => `${t(`imports.counts.${outcome}`)}: ${report.counts[outcome]}`),
  ];
  if (report.notes.length) lines.push("", `${t("imports.notesTitle")}:`, ...report.notes.map((note) => `  ${issueLine(t, note)}`));
  if (report.errors.length) lines.push("", `${t("imports.errorsTitle")}:`, ...report.errors.map((error) => `  ${issueLine(t, error)}`));
  if (report.errorCount > report.errors.length) lines.push(`  ${t("imports.errorsListed", { shown: report.errors.length, total: report.errorCount })}`);
  return lines;
}
