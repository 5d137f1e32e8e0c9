import type { ExpressionBuilder } from "kysely";
import type { Executor } from "~/db.server";
import type { SuccessionScope } from "~/domain/vocabulary";
import type { DB } from "../../db/types";

// Agency successions (agency_successions) and what a succession moves: the predecessor's open
// proposals and amendments, and its users.

/**
 * A proposal still being worked on: in review, or approved and not yet implemented. One
 * definition for what the admin is shown and what moves.
 */
function isOpenProposal(eb: ExpressionBuilder<DB, "proposals">) {
  return eb.or([
    eb("proposals.status", "in", ["draft", "submitted", "returned"]),
    eb.and([
      eb("proposals.status", "=", "approved"),
      eb.or([eb("proposals.implementation_progress", "is", null), eb("proposals.implementation_progress", "!=", "implemented")]),
    ]),
  ]);
}

function isOpenAmendment(eb: ExpressionBuilder<DB, "amendments">) {
  return eb("amendments.stage", "not in", ["in_force", "cancelled"]);
}

/** An agency's open proposals, in code order, as the succession page lists them. */
export function listOpenProposals(db: Executor, agencyId: number) {
  return db
    .selectFrom("proposals")
    .select(["proposals.id", "proposals.code", "proposals.title", "proposals.status", "proposals.implementation_progress", "proposals.due_on", "proposals.version"])
    .where("proposals.agency_id", "=", agencyId)
    .where(isOpenProposal)
    .orderBy("proposals.code")
    .execute();
}
export type OpenProposal = Awaited<ReturnType<typeof listOpenProposals>>[number];

/** An agency's open amendments, by document number, with the proposals they carry. */
export async function listOpenAmendments(db: Executor, agencyId: number) {
  const rows = await db
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select([
      "amendments.id",
      "amendments.stage",
      "amendments.provisions",
      "amendments.deadline",
      "amendments.version",
      "legal_documents.number as document_number",
      "amending.effective_on as amending_effective_on",
    ])
    .where("amendments.agency_id", "=", agencyId)
    .where(isOpenAmendment)
    .orderBy("legal_documents.number_key")
    .orderBy("amendments.id")
    .execute();
  const links = rows.length
    ? await db
        .selectFrom("proposal_amendments")
        .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
        .select(["proposal_amendments.amendment_id", "proposals.code"])
        .where(
          "proposal_amendments.amendment_id",
          "in",
          rows.map((row) => row.id),
        )
        .orderBy("proposals.code")
        .execute()
    : [];
  return rows.map((row) => ({ ...row, proposal_codes: links.filter((link) => link.amendment_id === row.id).map((link) => link.code) }));
}
export type OpenAmendment = Awaited<ReturnType<typeof listOpenAmendments>>[number];

/** Whether a succession from `predecessorId` to `successorId` is already recorded. */
export async function successionExists(db: Executor, predecessorId: number, successorId: number): Promise<boolean> {
  const row = await db
    .selectFrom("agency_successions")
    .select("id")
    .where("predecessor_id", "=", predecessorId)
    .where("successor_id", "=", successorId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSuccession(
  db: Executor,
  succession: { predecessorId: number; successorId: number; effectiveOn: string; scope: SuccessionScope; functions: string | null },
): Promise<void> {
  await db
    .insertInto("agency_successions")
    .values({
      predecessor_id: succession.predecessorId,
      successor_id: succession.successorId,
      effective_on: succession.effectiveOn,
      scope: succession.scope,
      functions: succession.functions,
    })
    .execute();
}

/** An agency's users with what a succession needs: version and whether active. */
export function listAgencyUsers(db: Executor, agencyId: number) {
  return db.selectFrom("users").select(["id", "version", "active"]).where("agency_id", "=", agencyId).execute();
}
