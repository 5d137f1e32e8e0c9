import type { SessionUser } from "~/auth/session.server";
import { inTransaction, type Executor } from "~/db.server";
import { can } from "~/domain/permissions";
import { forbidden, notFound } from "~/http.server";
import { getAgencyByCode } from "~/models/agency.server";
import { recordEvent } from "~/models/event.server";
import type { AmendmentInput, AmendmentStageInput } from "~/schemas/amendment";
import { FormError, StaleVersionError } from "./errors";
import { ensureDocument } from "./legal-document.server";

type Actor = Pick<SessionUser, "id" | "role" | "agency_id">;

/**
 * Links proposals (by code) to an amendment; one "link" event on each newly linked proposal and
 * one on the amendment naming them. Call it inside the caller's transaction.
 */
export async function linkProposals(db: Executor, actor: Actor, amendmentId: number, codes: string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const proposals = await db.selectFrom("proposals").select(["id", "code", "agency_id"]).where("code", "in", codes).execute();
  const missing = codes.filter((code) => !proposals.some((p) => p.code === code));
  if (missing.length) throw new FormError({ proposals: `errors.unknown_proposal|code=${missing.join(", ")}` });
  const linked = await db
    .selectFrom("proposal_amendments")
    .select("proposal_id")
    .where("amendment_id", "=", amendmentId)
    .execute();
  const fresh = proposals.filter((p) => !linked.some((l) => l.proposal_id === p.id));
  for (const proposal of fresh) {
    await db.insertInto("proposal_amendments").values({ proposal_id: proposal.id, amendment_id: amendmentId }).execute();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "link",
      comment: `#${amendmentId}`,
    });
  }
  if (fresh.length) {
    const amendment = await db.selectFrom("amendments").select("agency_id").where("id", "=", amendmentId).executeTakeFirstOrThrow();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: amendmentId,
      agencyId: amendment.agency_id,
      action: "link",
      comment: fresh.map((p) => p.code).join(", "),
    });
  }
  return fresh.length;
}

/**
 * Links more proposals to an existing amendment, by whoever may update it. Linking only adds,
 * so it is safe against concurrent edits and does not check or bump the version.
 */
export function linkProposalsToAmendment(executor: Executor, actor: Actor, amendmentId: number, codes: string[]): Promise<number> {
  return inTransaction(executor, async (db) => {
    const amendment = await db.selectFrom("amendments").select(["id", "agency_id"]).where("id", "=", amendmentId).executeTakeFirst();
    if (!amendment) notFound();
    if (!can(actor, "amendment:update", amendment)) forbidden();
    if (codes.length === 0) throw new FormError({ proposals: "errors.required" });
    return linkProposals(db, actor, amendmentId, codes);
  });
}

/** A new amendment task: one legal document to amend, matched in the register or created. */
export function createAmendment(executor: Executor, actor: Actor, input: AmendmentInput): Promise<number> {
  return inTransaction(executor, async (db) => {
    const agency = await getAgencyByCode(db, input.agency);
    if (!agency) throw new FormError({ agency: "errors.unknown_agency" });
    if (!can(actor, "amendment:create", { agency_id: agency.id })) forbidden();
    const documentId = await ensureDocument(db, actor, input.document, {
      type: input.doc_type ?? undefined,
      leadAgencyId: agency.id,
    });
    const row = await db
      .insertInto("amendments")
      .values({
        legal_document_id: documentId,
        agency_id: agency.id,
        original_agency_id: agency.id,
        provisions: input.provisions,
        form: input.form,
        stage: "not_started",
        deadline: input.deadline,
        note: input.note,
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: row.id,
      agencyId: agency.id,
      action: "create",
      toStatus: "not_started",
    });
    await linkProposals(db, actor, row.id, input.proposals);
    return row.id;
  });
}

/** Moves an amendment to another stage, recording the amending document once promulgated. */
export function moveAmendmentStage(
  executor: Executor,
  actor: Actor,
  id: number,
  input: AmendmentStageInput,
  expectedVersion?: number,
): Promise<void> {
  return inTransaction(executor, async (db) => {
    const before = await db.selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) notFound();
    if (!can(actor, "amendment:update", before)) forbidden();
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw new StaleVersionError(before.version);
    let amendingDocumentId = before.amending_document_id;
    // the history names the amending document as the register writes it, not as typed this time
    let amendingNumber: string | null = null;
    if ((input.stage === "promulgated" || input.stage === "in_force") && input.amending_number) {
      amendingDocumentId = await ensureDocument(db, actor, input.amending_number, {
        type: input.amending_type ?? undefined,
        leadAgencyId: before.agency_id,
        issuedOn: input.promulgated_on,
        effectiveOn: input.effective_on,
        status: input.stage === "in_force" ? "in_force" : "not_yet_in_force",
      });
      if (amendingDocumentId === before.legal_document_id) {
        throw new FormError({ amending_number: "errors.amends_itself" });
      }
      const amending = await db.selectFrom("legal_documents").select("number").where("id", "=", amendingDocumentId).executeTakeFirstOrThrow();
      amendingNumber = amending.number;
      await db
        .updateTable("legal_documents")
        .set({
          issued_on: input.promulgated_on,
          ...(input.effective_on ? { effective_on: input.effective_on } : {}),
          ...(input.stage === "in_force" ? { status: "in_force" as const } : {}),
          updated_at: new Date().toISOString(),
        })
        .where("id", "=", amendingDocumentId)
        .execute();
    }
    await db
      .updateTable("amendments")
      .set({
        stage: input.stage,
        amending_document_id: amendingDocumentId,
        cancel_reason: input.stage === "cancelled" ? input.cancel_reason : null,
        updated_at: new Date().toISOString(),
        version: before.version + 1,
      })
      .where("id", "=", id)
      .execute();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: id,
      agencyId: before.agency_id,
      action: "stage",
      fromStatus: before.stage,
      toStatus: input.stage,
      comment: input.stage === "cancelled" ? input.cancel_reason : amendingNumber,
    });
  });
}
