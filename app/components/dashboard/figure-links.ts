import type { ProposalStatus, RegulationType } from "~/domain/vocabulary";

// Where each steering figure leads: the list whose total is that figure. The lists read these
// parameters with app/schemas/list-params.ts and filter with app/models/scope.server.ts, the same
// scope the figures are computed with (app/models/figures.server.ts).

export interface ScopeParams {
  agency?: string;
  decision?: number;
  type?: RegulationType;
  approved_from?: string;
  approved_to?: string;
}

function href(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function figureLinks(scope: ScopeParams) {
  const proposals = (extra: Record<string, string>) =>
    href("/proposals", {
      agency: scope.agency,
      decision: scope.decision,
      type: scope.type,
      approved_from: scope.approved_from,
      approved_to: scope.approved_to,
      ...extra,
    });
  const needed = {
    decision: scope.decision,
    regulation_type: scope.type,
    approved_from: scope.approved_from,
    approved_to: scope.approved_to,
  };
  const amendments = (extra: Record<string, string>) => href("/amendments", { needed: "1", agency: scope.agency, ...needed, ...extra });
  return {
    status: (status: ProposalStatus) => proposals({ status }),
    approved: proposals({ status: "approved" }),
    implemented: proposals({ implementation: "implemented" }),
    overdueProposals: proposals({ implementation: "overdue" }),
    needsAmendment: proposals({ implementation: "needs_amendment" }),
    /** The saving figures lead to the same lists; their pages show the sum of the rows. */
    savingApproved: proposals({ status: "approved" }),
    savingRealized: proposals({ implementation: "implemented" }),
    documents: href("/documents", { to_amend: "1", amendment_agency: scope.agency, ...needed }),
    documentsAmended: href("/documents", { to_amend: "1", amended: "1", amendment_agency: scope.agency, ...needed }),
    amendments: amendments({}),
    promulgated: amendments({ reached: "promulgated" }),
    inForce: amendments({ stage: "in_force" }),
    overdueAmendments: amendments({ overdue: "1" }),
  };
}
