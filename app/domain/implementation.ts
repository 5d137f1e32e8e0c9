import type { AmendmentStage, ImplementationStatus, ProposalStatus } from "./vocabulary";

// How far an approved proposal has been carried out. Derived, never typed: from the stages of
// the amendments it depends on, and (for "overdue") its due date and today.

export type ImplementationProgress = Exclude<ImplementationStatus, "overdue">;

export interface ImplementationFacts {
  status: ProposalStatus;
  /** A stated reason why no legal document needs amending. */
  noAmendmentReason: string | null;
  /** Stages of every linked amendment. */
  stages: readonly AmendmentStage[];
}

/** Progress of an approved proposal; null for any other status. */
export function implementationProgress(facts: ImplementationFacts): ImplementationProgress | null {
  if (facts.status !== "approved") return null;
  // a cancelled amendment no longer has to happen
  const needed = facts.stages.filter((stage) => stage !== "cancelled");
  // nothing left that could carry it out (its amendments cancelled or unlinked): a new
  // amendment, or a reason why none is needed, must follow
  if (needed.length === 0) return facts.noAmendmentReason ? "implemented" : "needs_amendment";
  if (needed.every((stage) => stage === "in_force")) return "implemented";
  return needed.some((stage) => stage !== "not_started") ? "in_progress" : "not_started";
}

/** Progress that can fall behind its due date: work planned and not done yet. */
export const UNDER_WAY: readonly ImplementationProgress[] = ["not_started", "in_progress"];

/** The status shown and filtered on: overdue when past its due date with work still under way. */
export function implementationStatus(
  progress: ImplementationProgress | null,
  dueOn: string | null,
  today: string,
): ImplementationStatus | null {
  if (progress === null) return null;
  if (UNDER_WAY.includes(progress) && dueOn !== null && dueOn < today) return "overdue";
  return progress;
}
