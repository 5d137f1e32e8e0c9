import type { Permission } from "./permissions";
import type { ProposalStatus } from "./vocabulary";

// The proposal workflow of DOMAIN.md as one table. Services check every status change against
// it; the UI reads it only to show the buttons a user may press now.

export const PROPOSAL_TRANSITIONS = ["submit", "withdraw", "return", "reject", "approve", "reopen"] as const;
export type ProposalTransition = (typeof PROPOSAL_TRANSITIONS)[number];

interface TransitionRule {
  from: readonly ProposalStatus[];
  to: ProposalStatus;
  permission: Permission;
  /** "comment": a comment or reason must be given; "decision": an approving decision. */
  requires: readonly ("comment" | "decision")[];
}

export const TRANSITION_RULES: Record<ProposalTransition, TransitionRule> = {
  submit: { from: ["draft", "returned"], to: "submitted", permission: "proposal:submit", requires: [] },
  withdraw: { from: ["draft", "submitted", "returned"], to: "withdrawn", permission: "proposal:withdraw", requires: ["comment"] },
  return: { from: ["submitted"], to: "returned", permission: "proposal:review", requires: ["comment"] },
  reject: { from: ["submitted"], to: "rejected", permission: "proposal:review", requires: ["comment"] },
  approve: { from: ["submitted"], to: "approved", permission: "proposal:review", requires: ["decision"] },
  // an admin sends a closed case back to review, e.g. after a decision is corrected
  reopen: { from: ["approved", "rejected", "withdrawn"], to: "submitted", permission: "proposal:reopen", requires: ["comment"] },
};

export function transitionsFrom(status: ProposalStatus): ProposalTransition[] {
  return PROPOSAL_TRANSITIONS.filter((name) => TRANSITION_RULES[name].from.includes(status));
}

export function canTransition(status: ProposalStatus, transition: ProposalTransition): boolean {
  return TRANSITION_RULES[transition].from.includes(status);
}

/** Statuses in which an officer may still edit the proposal's content. */
export const OFFICER_EDITABLE_STATUSES: readonly ProposalStatus[] = ["draft", "returned", "submitted"];
