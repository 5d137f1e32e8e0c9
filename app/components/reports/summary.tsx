import { Link } from "~/components/ui/link";
import { Trans } from "react-i18next";
import { figureData } from "~/components/dashboard/figure-link";
import { useFormat } from "~/components/ui/format";
import { formatCount } from "~/domain/numbers";
import { inForceShare, REPORT_FIGURES, type ReportFigureKey } from "~/domain/steering-report";
import type { Figures } from "~/domain/figures";
import { formatFigure, type FigureLinks } from "./figures";

// The sentence the committee's own reports open with, each figure a link to its list (or plain
// text for frozen figures) whose words name what it counts: "N quy định của M bộ, ngành được
// phê duyệt; K văn bản cần sửa đổi, …".

/** The values both sentences fill in; a figure a frozen snapshot lacks reads "—". */
function sentenceValues(figures: Figures, locale: "vi" | "en") {
  const count = (value: number | null | undefined) => (value === null || value === undefined ? "—" : formatCount(value, locale));
  return {
    approved: count(figures.proposals.byStatus.approved),
    implemented: count(figures.proposals.implemented),
    overdueProposals: count(figures.proposals.overdue),
    documents: count(figures.amendments.documents),
    documentsAmended: count(figures.amendments.documentsAmended),
    inForce: count(figures.amendments.inForce),
    amendments: count(figures.amendments.amendments),
    share: formatFigure(inForceShare(figures), "percent", locale),
    overdue: count(figures.amendments.overdue),
  };
}

/** The sentence's figures: each a link (or text) marked with what it counts, as the report's tables label it. */
function useSentenceFigures(links: FigureLinks | undefined, keys: ReportFigureKey[]) {
  const { t } = useFormat();
  const components: Record<string, JSX.Element> = {};
  for (const key of keys) {
    const figure = REPORT_FIGURES.find((candidate) => candidate.key === key)!;
    const data = figureData({ name: `summary.${key}`, unit: figure.unit, compare: `summary.${key}`, label: t(`reports.figures.${key}`) });
    // the tag names of reports.summary: "overdue" is the amendments overdue
    const tag = key === "overdueAmendments" ? "overdue" : key;
    const href = links && key !== "inForceShare" ? links[key] : undefined;
    components[tag] = href ? <Link to={href} {...data} /> : <span {...data} />;
  }
  return components;
}

const DECISION_FIGURES: ReportFigureKey[] = ["approved", "documents", "documentsAmended", "inForce", "overdueAmendments"];
const AGENCY_FIGURES: ReportFigureKey[] = ["approved", "implemented", "overdueProposals", ...DECISION_FIGURES.slice(1)];

/** For a decision (or the whole program): approved regulations of how many agencies, documents, amendments in force and overdue. */
export function DecisionSummary({ figures, agencies, links }: { figures: Figures; agencies: number; links?: FigureLinks }) {
  const { t, locale } = useFormat();
  const components = useSentenceFigures(links, DECISION_FIGURES);
  if (figures.proposals.byStatus.approved === 0) return <p>{t("reports.summaryNone")}</p>;
  return (
    <p className="text-lg" data-summary="">
      <Trans i18nKey="reports.summary" t={t} values={{ ...sentenceValues(figures, locale), agencies: formatCount(agencies, locale) }} components={components} />
      <NeedsAmendment figures={figures} links={links} />
    </p>
  );
}

/** For one agency: its approved regulations, implemented and overdue, documents, amendments in force and overdue. */
export function AgencySummary({ figures, links }: { figures: Figures; links?: FigureLinks }) {
  const { t, locale } = useFormat();
  const components = useSentenceFigures(links, AGENCY_FIGURES);
  if (figures.proposals.byStatus.approved === 0 && figures.amendments.amendments === 0) return <p>{t("reports.summaryNone")}</p>;
  return (
    <p className="text-lg" data-summary="">
      <Trans i18nKey="reports.agencySummary" t={t} values={sentenceValues(figures, locale)} components={components} />
      <NeedsAmendment figures={figures} links={links} />
    </p>
  );
}

/** What the sentence adds when approved regulations have no amendment left to carry them out. */
function NeedsAmendment({ figures, links }: { figures: Figures; links?: FigureLinks }) {
  const { t, locale } = useFormat();
  const components = useSentenceFigures(links, ["needsAmendment"]);
  const waiting = figures.proposals.needsAmendment ?? 0;
  if (waiting === 0) return null;
  return (
    <>
      {" "}
      <Trans i18nKey="reports.summaryNeedsAmendment" t={t} values={{ regulations: formatCount(waiting, locale) }} components={components} />
    </>
  );
}
