import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import { translateMessage } from "~/i18n";
import { issueMessage } from "~/services/import/report-text";
import type { ImportIssue, ImportReport, RowOutcome } from "~/services/import/import.server";

// A dry-run or commit report: the counts, every error with its row, column and value, the
// notes, and the rows with what happens to each. Long lists are cut for the page; the counts
// always cover the whole file.

export const ERRORS_SHOWN = 1000;
export const ROWS_SHOWN = 500;
const OUTCOMES: RowOutcome[] = ["new", "updated", "unchanged", "invalid"];

export function ImportReportView({ report, errorsHref }: { report: ImportReport; errorsHref: string }) {
  const { t } = useFormat();
  if (report.fileError) {
    return (
      <div role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900" data-file-error>
        <p className="font-semibold">{t("imports.fileError")}</p>
        <p>{translateMessage(t, report.fileError)}</p>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      {report.sheetName ? <p className="text-sm text-slate-700">{t("imports.sheet", { sheet: report.sheetName })}</p> : null}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-import-counts>
        <Count label={t("imports.rows")} value={report.rows} name="rows" />
        {OUTCOMES.map((outcome) => (
          <Count key={outcome} label={t(`imports.counts.${outcome}`)} value={report.counts[outcome]} name={outcome} />
        ))}
      </dl>
      {report.errors.length ? (
        <IssueTable title={t("imports.errorsTitle")} issues={report.errors}>
          <a href={errorsHref} download className="no-print">
            {t("imports.errorsCsv")}
          </a>
        </IssueTable>
      ) : null}
      {report.notes.length ? <IssueTable title={t("imports.notesTitle")} issues={report.notes} /> : null}
      <RowTable report={report} />
    </div>
  );
}

function Count({ label, value, name }: { label: string; value: number; name: string }) {
  const { count } = useFormat();
  return (
    <div className="rounded border border-slate-300 bg-white p-2" data-count={name}>
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="text-xl font-semibold">{count(value)}</dd>
    </div>
  );
}

function IssueTable({ title, issues, children }: { title: string; issues: ImportIssue[]; children?: ReactNode }) {
  const { t } = useFormat();
  const shown = issues.slice(0, ERRORS_SHOWN);
  return (
    <section className="space-y-2">
      <h2 className="text-xl font-semibold">{title}</h2>
      {children}
      {issues.length > shown.length ? <p>{t("imports.errorsShown", { shown: shown.length, total: issues.length })}</p> : null}
      <DataTable columns={[t("imports.row"), t("imports.column"), t("imports.value"), t("imports.message")]}>
        {shown.map((issue, index) => (
          <tr key={index} className="border-t border-slate-200 align-top" data-issue-row={issue.row ?? ""} data-issue-column={issue.column ?? ""}>
            <td className="p-2 whitespace-nowrap">{issue.row ?? ""}</td>
            <td className="p-2" lang="vi">{issue.header ?? ""}</td>
            <td className="p-2 break-words" lang="vi">{issue.value ?? ""}</td>
            <td className="p-2">{issueMessage(t, issue)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function RowTable({ report }: { report: ImportReport }) {
  const { t } = useFormat();
  const shown = report.outcomes.slice(0, ROWS_SHOWN);
  return (
    <section className="space-y-2">
      <h2 className="text-xl font-semibold">{t("imports.rowsTitle")}</h2>
      {report.outcomes.length > shown.length ? <p>{t("imports.rowsShown", { shown: shown.length, total: report.outcomes.length })}</p> : null}
      <DataTable columns={[t("imports.row"), t("imports.code"), t("imports.outcome")]}>
        {shown.map((row) => (
          <tr key={row.row} className="border-t border-slate-200" data-outcome={row.outcome}>
            <td className="p-2">{row.row}</td>
            <td className="p-2">
              {report.committed && row.code ? <Link to={`/proposals/${encodeURIComponent(row.code)}`}>{row.code}</Link> : (row.code ?? "")}
            </td>
            <td className="p-2">{t(`imports.counts.${row.outcome}`)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
