import { can, type Actor, type AgencyScoped, type Permission } from "./permissions";
import type { ProposalStatus } from "./vocabulary";

// The proposal workflow of DOMAIN.md as one table. Services check every status change against
// it; the UI reads it only to show the buttons a user may press now.

export const PROPOSAL_TRANSITIONS = ["submit", "withdraw", "return", "reject", "approve", "reopen"] as const;
export type ProposalTransition = (typeof PROPOSAL_TRANSITIONS)[number];

export interface TransitionRule {
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

/**
 * Not a button: a plan the Prime Minister has already approved, imported by the secretariat,
 * records each row's approval under its decision without the ministry's submission (the
 * decision was the review). The row must be as complete as a submission.
 */
export const RECORD_APPROVAL: TransitionRule = {
  from: ["draft", "returned", "submitted"],
  to: "approved",
  permission: "proposal:review",
  requires: ["decision"],
};

/** Every way a proposal's status moves: the page's transitions and the import's recorded approval. */
export type WorkflowStep = ProposalTransition | "record_approval";

export function ruleOf(step: WorkflowStep): TransitionRule {
  return step === "record_approval" ? RECORD_APPROVAL : TRANSITION_RULES[step];
}

export function transitionsFrom(status: ProposalStatus): ProposalTransition[] {
  return PROPOSAL_TRANSITIONS.filter((name) => TRANSITION_RULES[name].from.includes(status));
}

export function canTransition(status: ProposalStatus, transition: ProposalTransition): boolean {
  return TRANSITION_RULES[transition].from.includes(status);
}

/**
 * Statuses in which an officer may still edit the proposal's content. Once submitted, the
 * secretariat reviews a fixed text: to change it, the reviewer returns it.
 */
export const OFFICER_EDITABLE_STATUSES: readonly ProposalStatus[] = ["draft", "returned"];

/** A proposal as the workflow rules see it: who is responsible for it and where it stands. */
export type WorkflowProposal = AgencyScoped & { status: ProposalStatus };

/** The transitions this user may take on the proposal now: the buttons its page shows. */
export function transitionsFor(actor: Actor | null | undefined, proposal: WorkflowProposal): ProposalTransition[] {
  return transitionsFrom(proposal.status).filter((transition) => can(actor, TRANSITION_RULES[transition].permission, proposal));
}

/**
 * Whether the user may edit the proposal's content (not its implementation links, which belong
 * to the amendments): the secretariat always, an officer of its agency only before submission.
 */
export function canEditProposalContent(actor: Actor | null | undefined, proposal: WorkflowProposal): boolean {
  if (!can(actor, "proposal:update", proposal)) return false;
  return can(actor, "proposal:review", proposal) || OFFICER_EDITABLE_STATUSES.includes(proposal.status);
}

/** Comments: whoever may act on the case may talk about it (its agency's officers, the secretariat). */
export function canCommentOnProposal(actor: Actor | null | undefined, proposal: AgencyScoped): boolean {
  return can(actor, "proposal:update", proposal) || can(actor, "proposal:review", proposal);
}

/**
 * Who may state why an approved proposal needs no amendment once none is left to carry it out:
 * whoever may update its agency's amendments (who would otherwise create a new one), and the
 * secretariat.
 */
export function canExplainNoAmendment(actor: Actor | null | undefined, proposal: AgencyScoped): boolean {
  return can(actor, "amendment:update", proposal) || can(actor, "proposal:review", proposal);
}

/** What a user may do on a proposal's page now: the links and forms it shows. */
export interface ProposalAllowed {
  edit: boolean;
  comment: boolean;
  addAmendment: boolean;
  explainNoAmendment: boolean;
  /** The workflow buttons: transitions this user may take from the current status. */
  transitions: ProposalTransition[];
}

export function proposalAllowed(actor: Actor | null | undefined, proposal: WorkflowProposal): ProposalAllowed {
  return {
    edit: canEditProposalContent(actor, proposal),
    comment: canCommentOnProposal(actor, proposal),
    addAmendment: can(actor, "amendment:create", proposal),
    explainNoAmendment: canExplainNoAmendment(actor, proposal),
    transitions: transitionsFor(actor, proposal),
  };
}

/** The forms of a proposal's page: a workflow transition, a comment, or why no amendment is needed. */
export const PROPOSAL_INTENTS = [...PROPOSAL_TRANSITIONS, "comment", "no_amendment"] as const;
export type ProposalIntent = (typeof PROPOSAL_INTENTS)[number];

/**
 * Whether the user may post this form of the proposal's page at all (whether its status allows
 * the step now is the workflow's answer, after the form is read).
 */
export function mayPostProposalIntent(actor: Actor | null | undefined, proposal: AgencyScoped, intent: ProposalIntent): boolean {
  if (intent === "comment") return canCommentOnProposal(actor, proposal);
  if (intent === "no_amendment") return canExplainNoAmendment(actor, proposal);
  return can(actor, TRANSITION_RULES[intent].permission, proposal);
}

/** What submitting (or recording the approval of) a proposal needs of it. */
export interface SubmittableProposal {
  source_document_id: number | null;
  source_provision: string | null;
  rationale: string | null;
  cost_before_vnd: number | null;
  cost_after_vnd: number | null;
}

/**
 * What a proposal lacks before it can be submitted or its approval recorded, as field → message
 * key: its source, rationale and costs, and an amendment to depend on or the reason none is needed.
 */
export function submitGaps(proposal: SubmittableProposal, noAmendmentReason: string | null, hasAmendmentLink: boolean): Record<string, string> {
  const gaps: Record<string, string> = {};
  if (!proposal.source_document_id) gaps.source_document = "errors.required_to_submit";
  if (!proposal.source_provision) gaps.source_provision = "errors.required_to_submit";
  if (!proposal.rationale) gaps.rationale = "errors.required_to_submit";
  if (proposal.cost_before_vnd === null) gaps.cost_before_vnd = "errors.required_to_submit";
  if (proposal.cost_after_vnd === null) gaps.cost_after_vnd = "errors.required_to_submit";
  if (!noAmendmentReason && !hasAmendmentLink) gaps.no_amendment_reason = "errors.needs_amendment_or_reason";
  return gaps;
}
