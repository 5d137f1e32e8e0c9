import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import type { ImplementationProgress } from "~/domain/implementation";
import type { ProposalStatus } from "~/domain/vocabulary";
import { ImplementationBadge } from "./implementation-badge";

// The proposals another record carries (a decision's, a legal document's, an amendment's), one
// table for all: code, title, status and implementation, with the columns each page adds.

export interface RelatedProposal {
  id: number;
  code: string;
  title: string;
  status: ProposalStatus;
  implementation_progress: ImplementationProgress | null;
  due_on: string | null;
  agency_code?: string | null;
  source_provision?: string | null;
}

export function RelatedProposalsTable({
  proposals,
  today,
  show = {},
  action,
}: {
  proposals: RelatedProposal[];
  today: string;
  /** Optional columns: the source provision, the agency, the due date. */
  show?: { sourceProvision?: boolean; agency?: boolean; dueOn?: boolean };
  /** A control per row (left out of print), with the header its screen reader hears. */
  action?: { label: string; cell: (proposal: RelatedProposal) => ReactNode };
}) {
  const { t, date } = useFormat();
  return (
    <DataTable
      className="mt-2"
      columns={[
        t("proposal.fields.code"),
        t("proposal.fields.title"),
        ...(show.sourceProvision ? [t("proposal.fields.sourceProvision")] : []),
        ...(show.agency ? [t("proposal.fields.agency")] : []),
        t("proposal.fields.status"),
        t("proposal.fields.implementation"),
        ...(show.dueOn ? [t("proposal.fields.dueOn")] : []),
        ...(action ? [{ label: <span className="sr-only">{action.label}</span>, noPrint: true }] : []),
      ]}
    >
      {proposals.map((proposal) => (
        <tr key={proposal.id} className="border-t border-slate-200 align-top">
          <td className="p-2 whitespace-nowrap">
            <Link to={`/proposals/${proposal.code}`}>{proposal.code}</Link>
          </td>
          <td className="p-2" lang="vi">{proposal.title}</td>
          {show.sourceProvision ? <td className="p-2" lang="vi">{proposal.source_provision ?? ""}</td> : null}
          {show.agency ? <td className="p-2">{proposal.agency_code}</td> : null}
          <td className="p-2">{t(`labels.proposalStatus.${proposal.status}`)}</td>
          <td className="p-2">
            <ImplementationBadge progress={proposal.implementation_progress} dueOn={proposal.due_on} today={today} />
          </td>
          {show.dueOn ? <td className="p-2 whitespace-nowrap">{date(proposal.due_on)}</td> : null}
          {action ? <td className="no-print p-2">{action.cell(proposal)}</td> : null}
        </tr>
      ))}
    </DataTable>
  );
}
