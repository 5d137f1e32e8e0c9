import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import { implementationProgress } from "~/domain/implementation";
import {
  listImplementationLinks,
  listProgressSources,
  setImplementationProgress,
} from "~/models/proposal.server";

/**
 * Recomputes the stored implementation progress of the given proposals from their status and
 * their amendments' stages. Every service that changes either calls it in its transaction.
 */
export async function refreshImplementation(db: Executor, proposalIds: readonly number[]): Promise<void> {
  if (proposalIds.length === 0) return;
  const proposals = await listProgressSources(db, [...new Set(proposalIds)]);
  // only an approved proposal has progress; the others' links need not be read (a bulk import
  // links thousands of drafts)
  const approved = proposals.filter((proposal) => proposal.status === "approved").map((proposal) => proposal.id);
  const links = approved.length ? await listImplementationLinks(db, approved) : [];
  const linksOf = new Map<number, typeof links>();
  for (const link of links) {
    const own = linksOf.get(link.proposal_id);
    if (own) own.push(link);
    else linksOf.set(link.proposal_id, [link]);
  }
  for (const proposal of proposals) {
    const own = linksOf.get(proposal.id) ?? [];
    const progress = implementationProgress({
      status: proposal.status,
      noAmendmentReason: proposal.no_amendment_reason,
      stages: own.map((link) => link.stage),
    });
    // the day the last amending document it waited for took effect (today when none was needed)
    const implementedOn =
      progress === "implemented"
        ? (own.filter((link) => link.stage === "in_force").map((link) => link.effective_on ?? currentDay()).sort().at(-1) ??
          proposal.implemented_on ??
          currentDay())
        : null;
    if (progress !== proposal.implementation_progress || implementedOn !== proposal.implemented_on) {
      await setImplementationProgress(db, proposal.id, progress, implementedOn);
    }
  }
}
