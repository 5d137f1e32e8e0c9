import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { useFormat } from "~/components/ui/format";
import type { figureLinks } from "~/components/dashboard/figure-links";
import { formatCount } from "~/domain/numbers";
import { figureData } from "~/components/dashboard/figure-link";
import { groupedFigures, inForceShare, type FigureFormat, type ReportFigureKey } from "~/domain/steering-report";
import type { Figures } from "~/domain/figures";

// The pieces every steering report is made of: a figure formatted as the committee reads it
// (counts and VND grouped, shares as percentages), a progress bar that says its value in words,
// and a table of figures per agency or per decision whose numbers link to the lists behind them.

export type FigureLinks = ReturnType<typeof figureLinks>;

/** "1.234" / "1,234" for counts and VND (whole numbers alike); "66,7%" / "66.7%" for a share; "—" for none. */
export function formatFigure(value: number | null, format: FigureFormat, locale: "vi" | "en"): string {
  if (value === null) return "—";
  if (format === "percent") {
    const text = (value * 100).toFixed(1);
    return `${locale === "vi" ? text.replace(".", ",") : text}%`;
  }
  return formatCount(value, locale);
}

/** A change between meetings: "+3", "−2", "0"; "—" for a figure the earlier meeting did not have. */
export function formatChange(value: number | null, locale: "vi" | "en"): string {
  if (value === null) return "—";
  if (value > 0) return `+${formatCount(value, locale)}`;
  if (value < 0) return `−${formatCount(-value, locale)}`;
  return "0";
}

export function useFigureFormat() {
  const { locale } = useFormat();
  return (value: number | null, format: FigureFormat) => formatFigure(value, format, locale);
}

/**
 * The share of amendments in force as a bar, with the same in words for screen readers and
 * print ("3/8 amendments in force"); with no amendment needed, what is left: the regulations
 * that need a new amendment (or a reason), else that no document needs amending.
 */
export function ProgressBar({ figures }: { figures: Figures }) {
  const { t, locale } = useFormat();
  const share = inForceShare(figures);
  if (share === null) {
    const waiting = figures.proposals.needsAmendment ?? 0;
    if (waiting === 0) return <span className="text-slate-600">{t("reports.progressNone")}</span>;
    const text = t("reports.progressNeedsAmendment", { regulations: formatCount(waiting, locale) });
    return (
      <span className="font-medium text-amber-900" {...figureData({ name: "needsAmendment", unit: "regulation", compare: "progress.needsAmendment", label: text })}>
        {text}
      </span>
    );
  }
  const percent = Math.round(share * 1000) / 10;
  const text = t("reports.progressText", {
    inForce: formatCount(figures.amendments.inForce, locale),
    amendments: formatCount(figures.amendments.amendments, locale),
    share: formatFigure(share, "percent", locale),
  });
  return (
    <div className="min-w-40" {...figureData({ name: "inForceShare", unit: "amendment", compare: "progress", label: text })}>
      <div
        role="progressbar"
        aria-label={t("reports.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
        className="report-bar h-3 w-full overflow-hidden rounded border border-slate-400 bg-slate-100"
      >
        <div className="report-bar-fill h-full bg-green-700" style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs text-slate-700">{text}</span>
    </div>
  );
}

export interface FigureRow {
  key: string | number;
  /** The row's header cell content (agency code and name, decision number). */
  header: ReactNode;
  figures: Figures;
  /** Where each figure of the row leads; none for frozen figures. */
  links?: FigureLinks;
  /** Extra cells after the header, before the figures (say, how many agencies). */
  extra?: ReactNode[];
}

/** The short table (beside a progress bar): regulations, then amendments; the documents are in the sentence above it. */
const SHORT_FIGURES: ReportFigureKey[] = ["approved", "implemented", "overdueProposals", "needsAmendment", "amendments", "inForce", "overdueAmendments"];

/**
 * A table of figures, one row per agency or decision and a total row, that prints with its
 * header repeated on every page. `short` leaves out the savings and the share (the progress bar
 * shows it).
 */
export function FigureTable({
  caption,
  headerLabel,
  extraHeaders = [],
  rows,
  total,
  short = false,
  progress = false,
}: {
  caption: string;
  headerLabel: string;
  extraHeaders?: string[];
  rows: FigureRow[];
  total?: FigureRow;
  short?: boolean;
  progress?: boolean;
}) {
  const { t } = useFormat();
  const format = useFigureFormat();
  const figures = groupedFigures(short ? SHORT_FIGURES : undefined);
  const renderRow = (row: FigureRow, isTotal: boolean) => (
    <tr key={row.key} className={`border-t border-slate-200 align-top${isTotal ? " bg-slate-50 font-semibold" : ""}`}>
      <th scope="row" className="p-2 text-left font-medium">{row.header}</th>
      {(row.extra ?? []).map((cell, index) => (
        <td key={index} className="p-2 text-right tabular-nums">{cell}</td>
      ))}
      {figures.map(({ figure, compare }) => {
        const text = format(figure.value(row.figures), figure.format);
        const href = row.links && figure.key !== "inForceShare" ? row.links[figure.key] : undefined;
        return (
          <td
            key={figure.key}
            className="p-2 text-right tabular-nums whitespace-nowrap"
            {...figureData({ name: figure.key, unit: figure.unit, compare, label: t(`reports.figures.${figure.key}`) })}
          >
            {href ? <Link to={href}>{text}</Link> : text}
          </td>
        );
      })}
      {progress ? (
        <td className="p-2">
          <ProgressBar figures={row.figures} />
        </td>
      ) : null}
    </tr>
  );
  return (
    <div className="report-table overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="p-2 text-left">{headerLabel}</th>
            {extraHeaders.map((label) => (
              <th key={label} scope="col" className="p-2 text-right">{label}</th>
            ))}
            {figures.map(({ figure }) => (
              <th key={figure.key} scope="col" className="p-2 text-right">{t(`reports.figures.${figure.key}`)}</th>
            ))}
            {progress ? <th scope="col" className="p-2 text-left">{t("reports.progress")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={1 + extraHeaders.length + figures.length + (progress ? 1 : 0)} className="p-2">{t("reports.noRows")}</td>
            </tr>
          ) : (
            rows.map((row) => renderRow(row, false))
          )}
          {total ? renderRow(total, true) : null}
        </tbody>
      </table>
    </div>
  );
}
