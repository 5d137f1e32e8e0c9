import { inTransaction, type Executor } from "~/db.server";
import type { ProposalStatus } from "~/domain/vocabulary";
import { recordEvent } from "~/models/event.server";

/**
 * Sets a proposal's status for the demo data: submitted, returned, rejected, withdrawn, or
 * approved under a decision with its due date. One status change and its history event, in
 * one transaction, without the workflow's transition checks.
 *
 * Temporary: the proposal workflow service (submit, return, reject, approve, withdraw) replaces
 * it, and the seed then calls that instead.
 */
export function applyDemoStatus(
  trx: Executor,
  actorId: number,
  proposalId: number,
  status: ProposalStatus,
  decisionId: number | null,
  dueOn: string | null,
  comment: string | null = null,
): Promise<void> {
  if (status === "approved" && decisionId === null) throw new Error("An approved proposal needs a decision");
  return inTransaction(trx, async (db) => {
    const before = await db
      .selectFrom("proposals")
      .select(["status", "version", "agency_id", "due_on"])
      .where("id", "=", proposalId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("proposals")
      .set({
        status,
        ...(status === "approved" ? { decision_id: decisionId, due_on: dueOn ?? before.due_on } : {}),
        updated_at: new Date().toISOString(),
        version: before.version + 1,
      })
      .where("id", "=", proposalId)
      .execute();
    await recordEvent(db, {
      actorId,
      entityType: "proposal",
      entityId: proposalId,
      agencyId: before.agency_id,
      action: "status",
      fromStatus: before.status,
      toStatus: status,
      comment,
    });
  });
}
