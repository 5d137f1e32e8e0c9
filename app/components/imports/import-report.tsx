import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import { Pagination } from "~/components/ui/pagination";
import { translateMessage } from "~/i18n";
import { issueMessage } from "~/services/import/report-text";
import { ROW_OUTCOMES, type ImportIssue, type ReportPage } from "~/services/import/report";

// A dry-run or commit report: the counts, the errors a page at a time with their row, column
// and value (an excerpt), the notes, and the first rows with what happens to each. The counts
// always cover the whole file; the errors CSV lists every error the report keeps.

export function ImportReportView({ view, errorsHref }: { view: ReportPage; errorsHref: string }) {
  const { t } = useFormat();
  const { report, errorPage } = view;
  if (report.fileError) {
    return (
      <div role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900" data-file-error>
        <p className="font-semibold">{t("imports.fileError")}</p>
        <p>{translateMessage(t, report.fileError)}</p>
      </div>
    );
  }
  const from = (errorPage.page - 1) * errorPage.pageSize;
  return (
    <div className="space-y-4">
      {report.sheetName ? <p className="text-sm text-slate-700">{t("imports.sheet", { sheet: report.sheetName })}</p> : null}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-import-counts>
        <Count label={t("imports.rows")} value={report.rows} name="rows" />
        {ROW_OUTCOMES.map((outcome) => (
          <Count key={outcome} label={t(`imports.counts.${outcome}`)} value={report.counts[outcome]} name={outcome} />
        ))}
      </dl>
      {report.trimmed ? <p className="rounded border border-slate-400 bg-slate-50 p-3">{t("imports.trimmed")}</p> : null}
      {report.errors.length ? (
        <IssueTable title={t("imports.errorsTitle")} issues={report.errors}>
          <a href={errorsHref} download className="no-print">
            {t("imports.errorsCsv")}
          </a>
          {report.errorCount > errorPage.listed ? <p>{t("imports.errorsListed", { shown: errorPage.listed, total: report.errorCount })}</p> : null}
          {errorPage.listed > errorPage.pageSize ? (
            <p>{t("imports.errorsRange", { from: from + 1, to: from + report.errors.length, total: errorPage.listed })}</p>
          ) : null}
        </IssueTable>
      ) : null}
      {errorPage.listed > errorPage.pageSize ? <Pagination page={errorPage.page} total={errorPage.listed} pageSize={errorPage.pageSize} /> : null}
      {report.notes.length ? <IssueTable title={t("imports.notesTitle")} issues={report.notes} /> : null}
      {report.trimmed ? null : <RowTable view={view} />}
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
  return (
    <section className="space-y-2">
      <h2 className="text-xl font-semibold">{title}</h2>
      {children}
      <DataTable columns={[t("imports.row"), t("imports.column"), t("imports.value"), t("imports.message")]}>
        {issues.map((issue, index) => (
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

function RowTable({ view: { report, rowCount } }: { view: ReportPage }) {
  const { t } = useFormat();
  return (
    <section className="space-y-2">
      <h2 className="text-xl font-semibold">{t("imports.rowsTitle")}</h2>
      {rowCount > report.outcomes.length ? <p>{t("imports.rowsShown", { shown: report.outcomes.length, total: rowCount })}</p> : null}
      <DataTable columns={[t("imports.row"), t("imports.code"), t("imports.outcome")]}>
        {report.outcomes.map((row) => (
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
