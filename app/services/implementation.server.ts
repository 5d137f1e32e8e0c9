import type { Executor } from "~/db.server";
import { implementationProgress } from "~/domain/implementation";

/**
 * Recomputes the stored implementation progress of the given proposals from their status and
 * their amendments' stages. Every service that changes either calls it in its transaction.
 */
export async function refreshImplementation(db: Executor, proposalIds: readonly number[]): Promise<void> {
  if (proposalIds.length === 0) return;
  const ids = [...new Set(proposalIds)];
  const [proposals, links] = await Promise.all([
    db
      .selectFrom("proposals")
      .select(["id", "status", "no_amendment_reason", "implementation_progress"])
      .where("id", "in", ids)
      .execute(),
    db
      .selectFrom("proposal_amendments")
      .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
      .select(["proposal_amendments.proposal_id", "amendments.stage"])
      .where("proposal_amendments.proposal_id", "in", ids)
      .execute(),
  ]);
  for (const proposal of proposals) {
    const progress = implementationProgress({
      status: proposal.status,
      noAmendmentReason: proposal.no_amendment_reason,
      stages: links.filter((link) => link.proposal_id === proposal.id).map((link) => link.stage),
    });
    if (progress !== proposal.implementation_progress) {
      await db.updateTable("proposals").set({ implementation_progress: progress }).where("id", "=", proposal.id).execute();
    }
  }
}

/** The proposals that depend on an amendment: whose progress a stage change can move. */
export async function proposalsOfAmendment(db: Executor, amendmentId: number): Promise<number[]> {
  const rows = await db.selectFrom("proposal_amendments").select("proposal_id").where("amendment_id", "=", amendmentId).execute();
  return rows.map((row) => row.proposal_id);
}
