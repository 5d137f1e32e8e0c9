import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { useFormat } from "~/components/ui/format";
import { useAgencyName } from "~/components/ui/agency-options";
import { figureData } from "~/components/dashboard/figure-link";
import {
  groupedFigures,
  hasChange,
  type AgencyReportRow,
  type DecisionReportRow,
  type ReportChanges,
  type RowChange,
  type SteeringReport,
} from "~/domain/steering-report";
import type { Figures } from "~/domain/figures";
import { formatCount } from "~/domain/numbers";
import { FigureTable, formatChange, formatFigure, type FigureLinks, type FigureRow } from "./figures";
import { ReportSection } from "./report-page";

// The steering report's tables per agency and per decision, and for a meeting the changes since
// the meeting before. `linksFor` makes the figures links to their lists; frozen figures have none.

function AgencyName({ row }: { row: Pick<AgencyReportRow, "code" | "name_vi" | "name_en"> }) {
  const name = useAgencyName();
  return (
    <>
      <Link to={`/agencies/${row.code}`}>{row.code}</Link> <span className="font-normal">{name(row)}</span>
    </>
  );
}

export function AgencyFigureTable({
  rows,
  total,
  linksFor,
  totalLinks,
  short,
  progress,
}: {
  rows: AgencyReportRow[];
  total?: Figures;
  linksFor?: (row: AgencyReportRow) => FigureLinks;
  totalLinks?: FigureLinks;
  short?: boolean;
  progress?: boolean;
}) {
  const { t } = useFormat();
  return (
    <FigureTable
      caption={t("reports.byAgency")}
      headerLabel={t("reports.agency")}
      short={short}
      progress={progress}
      rows={rows.map((row) => ({ key: row.agencyId, header: <AgencyName row={row} />, figures: row, links: linksFor?.(row) }))}
      total={total ? { key: "total", header: t("reports.total"), figures: total, links: totalLinks } : undefined}
    />
  );
}

export function DecisionFigureTable({
  rows,
  linksFor,
  short,
  progress,
}: {
  rows: DecisionReportRow[];
  linksFor?: (row: DecisionReportRow) => FigureLinks;
  short?: boolean;
  progress?: boolean;
}) {
  const { t, locale } = useFormat();
  return (
    <FigureTable
      caption={t("reports.byDecision")}
      headerLabel={t("reports.decision")}
      extraHeaders={[t("reports.agencyCount")]}
      short={short}
      progress={progress}
      rows={rows.map(
        (row): FigureRow => ({
          key: row.decisionId,
          header: <Link to={`/decisions/${row.decisionId}`}>{row.number}</Link>,
          extra: [formatCount(row.agencies, locale)],
          figures: row,
          links: linksFor?.(row),
        }),
      )}
    />
  );
}

const CHANGE_FIGURES = groupedFigures().filter(({ figure }) => figure.format !== "percent");

/** One table of changes: a row per agency or decision that changed, and the total. */
function ChangeTable<Row extends Figures>({
  caption,
  headerLabel,
  changes,
  header,
  total,
}: {
  caption: string;
  headerLabel: string;
  changes: RowChange<Row>[];
  header: (row: Row) => ReactNode;
  total?: Figures;
}) {
  const { t, locale } = useFormat();
  const changed = changes.filter((item) => hasChange(item.change));
  if (changed.length === 0 && (!total || !hasChange(total))) return <p>{t("snapshot.noChanges")}</p>;
  const cells = (change: Figures) =>
    CHANGE_FIGURES.map(({ figure, compare }) => {
      const value = figure.value(change);
      return (
        <td
          key={figure.key}
          {...figureData({ name: figure.key, unit: figure.unit, compare, label: t(`reports.figures.${figure.key}`) })}
          className={`p-2 text-right tabular-nums${value === 0 || value === null ? " text-slate-500" : ""}`}
        >
          {formatChange(value, locale)}
        </td>
      );
    });
  return (
    <div className="report-table overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="p-2 text-left">{headerLabel}</th>
            {CHANGE_FIGURES.map(({ figure }) => (
              <th key={figure.key} scope="col" className="p-2 text-right">{t(`reports.figures.${figure.key}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {changed.map((item, index) => (
            <tr key={index} className="border-t border-slate-200">
              <th scope="row" className="p-2 text-left font-medium">
                {header(item.row)}
                {item.gone ? <span className="ml-1 font-normal text-slate-600">({t("snapshot.gone")})</span> : null}
              </th>
              {cells(item.change)}
            </tr>
          ))}
          {total ? (
            <tr className="border-t border-slate-200 bg-slate-50 font-semibold">
              <th scope="row" className="p-2 text-left">{t("reports.total")}</th>
              {cells(total)}
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

export function ChangeTables({ changes }: { changes: ReportChanges }) {
  const { t } = useFormat();
  return (
    <>
      <h3 id="changes-by-agency" className="font-semibold">{t("reports.byAgency")}</h3>
      <ChangeTable
        caption={`${t("snapshot.changesTitle")}: ${t("reports.byAgency")}`}
        headerLabel={t("reports.agency")}
        changes={changes.byAgency}
        header={(row: AgencyReportRow) => <AgencyName row={row} />}
        total={changes.total}
      />
      <h3 id="changes-by-decision" className="font-semibold">{t("reports.byDecision")}</h3>
      <ChangeTable
        caption={`${t("snapshot.changesTitle")}: ${t("reports.byDecision")}`}
        headerLabel={t("reports.decision")}
        changes={changes.byDecision}
        header={(row: DecisionReportRow) => row.number}
      />
    </>
  );
}

/** The totals as a list of figure and value, the report's first table. */
export function TotalTable({ total, links }: { total: Figures; links?: FigureLinks }) {
  const { t, locale } = useFormat();
  return (
    <div className="report-table overflow-x-auto">
      <table className="w-full max-w-2xl border-collapse bg-white text-sm">
        <caption className="sr-only">{t("reports.totalTitle")}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="p-2 text-left">{t("reports.figure")}</th>
            <th scope="col" className="p-2 text-right">{t("reports.value")}</th>
          </tr>
        </thead>
        <tbody>
          {groupedFigures().map(({ figure, compare }) => {
            const text = formatFigure(figure.value(total), figure.format, locale);
            const href = links && figure.key !== "inForceShare" ? links[figure.key] : undefined;
            const label = t(`reports.figures.${figure.key}`);
            return (
              <tr key={figure.key} className="border-t border-slate-200">
                <th scope="row" className="p-2 text-left font-medium">{label}</th>
                <td className="p-2 text-right tabular-nums" {...figureData({ name: figure.key, unit: figure.unit, compare, label })}>
                  {href ? <Link to={href}>{text}</Link> : text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export interface ReportLinks {
  total: FigureLinks;
  agency: (row: AgencyReportRow) => FigureLinks;
  decision: (row: DecisionReportRow) => FigureLinks;
}

/** The report's tables: the totals, by agency (with the total row), by decision. */
export function ReportTables({ report, links }: { report: SteeringReport; links?: ReportLinks }) {
  const { t } = useFormat();
  return (
    <>
      <ReportSection id="total" title={t("reports.totalTitle")}>
        <TotalTable total={report.total} links={links?.total} />
      </ReportSection>
      <ReportSection id="by-agency" title={t("reports.byAgency")}>
        <AgencyFigureTable rows={report.byAgency} total={report.total} totalLinks={links?.total} linksFor={links?.agency} />
      </ReportSection>
      <ReportSection id="by-decision" title={t("reports.byDecision")}>
        <DecisionFigureTable rows={report.byDecision} linksFor={links?.decision} />
      </ReportSection>
    </>
  );
}
