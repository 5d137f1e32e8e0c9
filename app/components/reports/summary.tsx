import { Link } from "@remix-run/react";
import { Trans } from "react-i18next";
import { useFormat } from "~/components/ui/format";
import { formatCount } from "~/domain/numbers";
import { inForceShare } from "~/domain/steering-report";
import type { Figures } from "~/models/figures.server";
import { formatFigure, type FigureLinks } from "./figures";

// The sentence the committee's own reports open with, each figure a link to its list (or plain
// text for frozen figures): "N quy định của M bộ, ngành được phê duyệt, K văn bản cần sửa đổi, …".

function figureLink(href: string | undefined) {
  return href ? <Link to={href} /> : <span />;
}

/** For a decision (or the whole program): approved regulations of how many agencies, documents, share in force, overdue amendments. */
export function DecisionSummary({ figures, agencies, links }: { figures: Figures; agencies: number; links?: FigureLinks }) {
  const { t, locale } = useFormat();
  if (figures.proposals.byStatus.approved === 0) return <p>{t("reports.summaryNone")}</p>;
  return (
    <p className="text-lg" data-summary="">
      <Trans
        i18nKey="reports.summary"
        t={t}
        values={{
          approved: formatCount(figures.proposals.byStatus.approved, locale),
          agencies: formatCount(agencies, locale),
          documents: formatCount(figures.amendments.documents, locale),
          share: formatFigure(inForceShare(figures), "percent", locale),
          overdue: formatCount(figures.amendments.overdue, locale),
        }}
        components={{
          approved: figureLink(links?.approved),
          documents: figureLink(links?.documents),
          inForce: figureLink(links?.inForce),
          overdue: figureLink(links?.overdueAmendments),
        }}
      />
    </p>
  );
}

/** For one agency: its approved regulations, implemented and overdue, documents, share in force, overdue amendments. */
export function AgencySummary({ figures, links }: { figures: Figures; links?: FigureLinks }) {
  const { t, locale } = useFormat();
  if (figures.proposals.byStatus.approved === 0 && figures.amendments.amendments === 0) return <p>{t("reports.summaryNone")}</p>;
  return (
    <p className="text-lg" data-summary="">
      <Trans
        i18nKey="reports.agencySummary"
        t={t}
        values={{
          approved: formatCount(figures.proposals.byStatus.approved, locale),
          implemented: formatCount(figures.proposals.implemented, locale),
          overdueProposals: formatCount(figures.proposals.overdue, locale),
          documents: formatCount(figures.amendments.documents, locale),
          share: formatFigure(inForceShare(figures), "percent", locale),
          overdue: formatCount(figures.amendments.overdue, locale),
        }}
        components={{
          approved: figureLink(links?.approved),
          implemented: figureLink(links?.implemented),
          overdueProposals: figureLink(links?.overdueProposals),
          documents: figureLink(links?.documents),
          inForce: figureLink(links?.inForce),
          overdue: figureLink(links?.overdueAmendments),
        }}
      />
    </p>
  );
}
