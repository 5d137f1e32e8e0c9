import type { ReactNode } from "react";
import { PROPOSAL_STATUSES } from "~/domain/vocabulary";
import type { Figures } from "~/models/figures.server";
import { FigureLink } from "./figure-link";
import { figureLinks } from "./figure-links";
import { useFormat } from "~/components/ui/format";

type Links = ReturnType<typeof figureLinks>;

/** The headline figures of one scope, in three groups, each a description list of linked figures. */
export function HeadlineFigures({ figures, links }: { figures: Figures; links: Links }) {
  const { t } = useFormat();
  const { proposals, amendments } = figures;
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <FigureGroup id="figures-proposals" title={t("dashboard.sections.proposals")}>
        <Figure label={t("dashboard.figures.approved")} name="approved" value={proposals.byStatus.approved} to={links.approved} strong />
        <Figure label={t("dashboard.figures.implemented")} name="implemented" value={proposals.implemented} to={links.implemented} strong />
        <Figure label={t("dashboard.figures.overdueProposals")} name="overdueProposals" value={proposals.overdue} to={links.overdueProposals} strong />
        {PROPOSAL_STATUSES.filter((status) => status !== "approved").map((status) => (
          <Figure
            key={status}
            label={t(`labels.proposalStatus.${status}`)}
            name={`status.${status}`}
            value={proposals.byStatus[status]}
            to={links.status(status)}
          />
        ))}
      </FigureGroup>
      <FigureGroup id="figures-amendments" title={t("dashboard.sections.amendments")}>
        <Figure label={t("dashboard.figures.documents")} name="documents" value={amendments.documents} to={links.documents} strong />
        <Figure label={t("dashboard.figures.amendments")} name="amendments" value={amendments.amendments} to={links.amendments} />
        <Figure label={t("dashboard.figures.promulgated")} name="promulgated" value={amendments.promulgated} to={links.promulgated} />
        <Figure label={t("dashboard.figures.inForce")} name="inForce" value={amendments.inForce} to={links.inForce} strong />
        <Figure label={t("dashboard.figures.overdueAmendments")} name="overdueAmendments" value={amendments.overdue} to={links.overdueAmendments} strong />
      </FigureGroup>
      <FigureGroup id="figures-saving" title={t("dashboard.sections.saving")}>
        <Figure label={t("dashboard.figures.savingApproved")} name="savingApproved" value={proposals.savingApproved} to={links.savingApproved} strong money />
        <Figure label={t("dashboard.figures.savingRealized")} name="savingRealized" value={proposals.savingRealized} to={links.savingRealized} strong money />
      </FigureGroup>
    </div>
  );
}

function FigureGroup({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="break-inside-avoid rounded border border-slate-300 bg-white p-4">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <dl className="mt-2 divide-y divide-slate-200">{children}</dl>
    </section>
  );
}

function Figure({ label, name, value, to, strong, money }: { label: string; name: string; value: number; to: string; strong?: boolean; money?: boolean }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1.5">
      <dt className={strong ? "font-medium" : "text-slate-700"}>{label}</dt>
      <dd className={strong ? "text-xl font-semibold" : ""}>
        <FigureLink to={to} value={value} label={label} name={name} money={money} />
      </dd>
    </div>
  );
}
