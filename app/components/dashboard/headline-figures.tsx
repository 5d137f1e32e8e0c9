import type { FigureUnit } from "~/domain/steering-report";
import { PROPOSAL_STATUSES } from "~/domain/vocabulary";
import type { Figures } from "~/domain/figures";
import { FigureLink } from "./figure-link";
import { figureLinks } from "./figure-links";
import { useFormat } from "~/components/ui/format";

type Links = ReturnType<typeof figureLinks>;

interface HeadlineFigure {
  name: string;
  /** What it counts; the group it sits in compares figures of one unit. */
  unit: FigureUnit;
  label: string;
  value: number;
  to: string;
  strong?: boolean;
}

/**
 * The headline figures of one scope, in four groups, one per kind of record counted (proposals,
 * documents to amend, amendments, VND a year): a group's figures are read against each other,
 * so none mixes units, and every label names its unit.
 */
export function HeadlineFigures({ figures, links }: { figures: Figures; links: Links }) {
  const { t, locale } = useFormat();
  const { proposals, amendments } = figures;
  const statusLabel = (label: string) => {
    const text = t("dashboard.figures.status", { status: label.toLocaleLowerCase(locale) });
    return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  };
  const groups: { id: string; title: string; figures: HeadlineFigure[] }[] = [
    {
      id: "figures-proposals",
      title: t("dashboard.sections.proposals"),
      figures: [
        { name: "approved", unit: "proposal", label: t("dashboard.figures.approved"), value: proposals.byStatus.approved, to: links.approved, strong: true },
        { name: "implemented", unit: "proposal", label: t("dashboard.figures.implemented"), value: proposals.implemented, to: links.implemented, strong: true },
        { name: "overdueProposals", unit: "proposal", label: t("dashboard.figures.overdueProposals"), value: proposals.overdue, to: links.overdueProposals, strong: true },
        { name: "needsAmendment", unit: "proposal", label: t("dashboard.figures.needsAmendment"), value: proposals.needsAmendment, to: links.needsAmendment, strong: true },
        ...PROPOSAL_STATUSES.filter((status) => status !== "approved").map(
          (status): HeadlineFigure => ({
            name: `status.${status}`,
            unit: "proposal",
            label: statusLabel(t(`labels.proposalStatus.${status}`)),
            value: proposals.byStatus[status],
            to: links.status(status),
          }),
        ),
      ],
    },
    {
      id: "figures-documents",
      title: t("dashboard.sections.documents"),
      figures: [
        { name: "documents", unit: "document", label: t("dashboard.figures.documents"), value: amendments.documents, to: links.documents, strong: true },
        { name: "documentsAmended", unit: "document", label: t("dashboard.figures.documentsAmended"), value: amendments.documentsAmended, to: links.documentsAmended, strong: true },
      ],
    },
    {
      id: "figures-amendments",
      title: t("dashboard.sections.amendments"),
      figures: [
        { name: "amendments", unit: "amendment", label: t("dashboard.figures.amendments"), value: amendments.amendments, to: links.amendments, strong: true },
        { name: "promulgated", unit: "amendment", label: t("dashboard.figures.promulgated"), value: amendments.promulgated, to: links.promulgated },
        { name: "inForce", unit: "amendment", label: t("dashboard.figures.inForce"), value: amendments.inForce, to: links.inForce, strong: true },
        { name: "overdueAmendments", unit: "amendment", label: t("dashboard.figures.overdueAmendments"), value: amendments.overdue, to: links.overdueAmendments, strong: true },
      ],
    },
    {
      id: "figures-saving",
      title: t("dashboard.sections.saving"),
      figures: [
        { name: "savingApproved", unit: "vnd_per_year", label: t("dashboard.figures.savingApproved"), value: proposals.savingApproved, to: links.savingApproved, strong: true },
        { name: "savingRealized", unit: "vnd_per_year", label: t("dashboard.figures.savingRealized"), value: proposals.savingRealized, to: links.savingRealized, strong: true },
      ],
    },
  ];
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={group.id} className="break-inside-avoid rounded border border-slate-300 bg-white p-4">
          <h2 id={group.id} className="text-lg font-semibold">
            {group.title}
          </h2>
          <dl className="mt-2 divide-y divide-slate-200">
            {group.figures.map(({ strong, ...figure }) => (
              <div key={figure.name} className="flex items-baseline justify-between gap-3 py-1.5">
                <dt className={strong ? "font-medium" : "text-slate-700"}>{figure.label}</dt>
                <dd className={strong ? "text-xl font-semibold" : ""}>
                  {/* the group is the comparison its figures are read in */}
                  <FigureLink {...figure} compare={group.id} money={figure.unit === "vnd_per_year"} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
