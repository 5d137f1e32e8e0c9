import type { LinksFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { useFormat } from "~/components/ui/format";
import reportStylesheet from "./report.css?url";

// The frame of a printable report: its title, the day its figures are of, a print button and
// the XLSX download (neither printed), and the report's sections.

/** The print stylesheet; a report route exports it as its `links`. */
export const reportLinks: LinksFunction = () => [{ rel: "stylesheet", href: reportStylesheet }];

export function ReportPage({
  title,
  lead,
  computedOn,
  xlsxHref,
  back,
  children,
}: {
  title: ReactNode;
  /** What the report is of, under its title (a decision's full title and signing date). */
  lead?: ReactNode;
  computedOn: string;
  xlsxHref: string;
  back?: ReactNode;
  children: ReactNode;
}) {
  const { t, date } = useFormat();
  return (
    <article className="report print-landscape space-y-6">
      {back ? <p className="no-print">{back}</p> : null}
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {lead}
        <p className="text-slate-700">{t("reports.computedOn", { date: date(computedOn) })}</p>
      </header>
      <ReportActions xlsxHref={xlsxHref} />
      {children}
    </article>
  );
}

export function ReportActions({ xlsxHref, printHref }: { xlsxHref: string; printHref?: string }) {
  const { t } = useFormat();
  return (
    <p className="no-print flex flex-wrap gap-3">
      {printHref ? (
        <a href={printHref} className="rounded border border-blue-800 px-3 py-2 no-underline">{t("reports.printable")}</a>
      ) : (
        <PrintButton />
      )}
      <a href={xlsxHref} download className="rounded border border-blue-800 px-3 py-2 no-underline">{t("reports.downloadXlsx")}</a>
    </p>
  );
}

function PrintButton() {
  const { t } = useFormat();
  return (
    <button type="button" onClick={() => window.print()} className="rounded bg-blue-800 px-3 py-2 text-white">
      {t("reports.print")}
    </button>
  );
}

export function ReportSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}
