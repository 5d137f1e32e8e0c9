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
  if (needed.length === 0) return facts.noAmendmentReason ? "implemented" : "not_started";
  if (needed.every((stage) => stage === "in_force")) return "implemented";
  return needed.some((stage) => stage !== "not_started") ? "in_progress" : "not_started";
}

/** The status shown and filtered on: overdue when past its due date and not implemented. */
export function implementationStatus(
  progress: ImplementationProgress | null,
  dueOn: string | null,
  today: string,
): ImplementationStatus | null {
  if (progress === null) return null;
  if (progress !== "implemented" && dueOn !== null && dueOn < today) return "overdue";
  return progress;
}
