import { PROPOSAL_STATUSES, type ProposalStatus } from "./vocabulary";

// The steering figures' shapes, shared by the server that computes them
// (app/models/figures.server.ts) and the pages that show them.

export interface ProposalFigures {
  byStatus: Record<ProposalStatus, number>;
  implemented: number;
  overdue: number;
  /** Approved proposals left with no amendment to carry them out and no reason why none is needed. */
  needsAmendment: number;
  /** Yearly compliance cost saved by approved proposals, and by implemented ones (VND). */
  savingApproved: number;
  savingRealized: number;
}

export interface AmendmentFigures {
  /** Distinct legal documents the needed amendments target. */
  documents: number;
  /** Of those documents, the ones whose needed amendments are all in force. */
  documentsAmended: number;
  amendments: number;
  /** Reached promulgation (promulgated or in force). */
  promulgated: number;
  inForce: number;
  overdue: number;
}

export interface Figures {
  proposals: ProposalFigures;
  amendments: AmendmentFigures;
}

export interface AgencyRow extends Figures {
  agencyId: number;
}

export interface DecisionRow extends Figures {
  decisionId: number;
  /** Agencies with approved proposals under the decision. */
  agencies: number;
}

export function emptyProposalFigures(): ProposalFigures {
  return {
    byStatus: Object.fromEntries(PROPOSAL_STATUSES.map((status) => [status, 0])) as Record<ProposalStatus, number>,
    implemented: 0,
    overdue: 0,
    needsAmendment: 0,
    savingApproved: 0,
    savingRealized: 0,
  };
}

export function emptyAmendmentFigures(): AmendmentFigures {
  return { documents: 0, documentsAmended: 0, amendments: 0, promulgated: 0, inForce: 0, overdue: 0 };
}

