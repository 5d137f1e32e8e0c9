import { currentDay } from "~/clock.server";
import { inTransaction, type Executor } from "~/db.server";
import {
  canCommentOnAmendment,
  classifyStageMove,
  documentStatusOnDate,
  STAGE_ORDER,
  stageMoveNeedsReason,
  stageOnEffectiveDate,
} from "~/domain/amendment";
import { canEditDocument } from "~/domain/legal-document";
import { parseDocumentNumber } from "~/domain/document-number";
import { ForbiddenError, InvalidError, NotFoundError, StaleVersionError } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import type { AmendmentStage } from "~/domain/vocabulary";
import { getAgencyByCode } from "~/models/agency.server";
import { getAmendment, getAmendmentScope, insertAmendment, type AmendmentView } from "~/models/amendment.server";
import { recordEvent } from "~/models/event.server";
import { findDocumentByKey, getDocument } from "~/models/legal-document.server";
import { updateVersioned } from "~/models/versioned.server";
import { amendmentStageValues, type AmendmentInput, type AmendmentStageInput } from "~/schemas/amendment";
import { linkProposals } from "./amendment-links.server";
import { applyEffectiveDates, refreshTargetStatus, updateDocumentFacts, type DocumentFacts } from "./document-facts.server";
import { listProposalIdsOfAmendment } from "~/models/proposal.server";
import { refreshImplementation } from "./implementation.server";
import { ensureDocument } from "./legal-document.server";

// An amendment's own use cases: creating it, moving it through its stages (recording the
// amending document in the register), and comments. Links live in amendment-links.server.ts.
export { addAmendmentProvisions, linkProposals, linkProposalsToAmendment, setLinkProvisions, unlinkProposal } from "./amendment-links.server";

/** A new amendment task: one legal document to amend, matched in the register or created. */
export function createAmendment(executor: Executor, actor: Actor, input: AmendmentInput): Promise<number> {
  return inTransaction(executor, async (db) => {
    const agency = await getAgencyByCode(db, input.agency);
    if (!agency) throw new InvalidError({ agency: "errors.unknown_agency" });
    if (!can(actor, "amendment:create", { agency_id: agency.id })) throw new ForbiddenError("amendment:create");
    const documentId = await ensureDocument(db, actor, input.document, {
      type: input.doc_type ?? undefined,
      leadAgencyId: agency.id,
    });
    const id = await insertAmendment(db, {
      legal_document_id: documentId,
      agency_id: agency.id,
      original_agency_id: agency.id,
      provisions: input.provisions,
      form: input.form,
      stage: "not_started",
      deadline: input.deadline,
      note: input.note,
      created_by: actor.id,
    });
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: id,
      agencyId: agency.id,
      action: "create",
      toStatus: "not_started",
    });
    // carrying one proposal, the amendment's provisions are the ones that proposal needs amended
    await linkProposals(db, actor, id, input.proposals, input.proposals.length === 1 ? input.provisions : null);
    return id;
  });
}

/** Stages before the amending document exists; a move back to one forgets a recorded document. */
const BEFORE_PROMULGATION: readonly AmendmentStage[] = STAGE_ORDER.slice(0, STAGE_ORDER.indexOf("promulgated"));

/**
 * Moves an amendment to another stage under the rules of app/domain/amendment.ts: forward by any
 * number of stages freely (the simplified procedure); back, to cancelled or out of cancelled
 * only with a reason. Promulgated and in force record the amending document in the register,
 * and its effective date decides between them (stageOnEffectiveDate): in force once it has come,
 * promulgated until then, so a move back to promulgated after that day is refused. Reaching or
 * leaving in force sets the target document's status. One "stage" event, and the linked
 * proposals' implementation progress recomputed, in the same transaction. Returns the stage the
 * amendment is at.
 */
export function moveAmendmentStage(
  executor: Executor,
  actor: Actor,
  id: number,
  input: AmendmentStageInput,
  expectedVersion?: number,
): Promise<AmendmentStage> {
  return inTransaction(executor, async (db) => {
    const before = await getAmendment(db, id);
    if (!before) throw new NotFoundError("amendment", id);
    if (!can(actor, "amendment:update", before)) throw new ForbiddenError("amendment:update");
    // a stale move answers with the stage and amending document as stored now, as the form shows them
    const stale = () => new StaleVersionError(expectedVersion, before.version, amendmentStageValues(before));
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw stale();
    const reason = input.reason?.trim() || null;
    // the form cannot know the stage it moves from; this is where a missing reason is caught
    if (stageMoveNeedsReason(before.stage, input.stage) && !reason) throw new InvalidError({ reason: "errors.reason_required_for_move" });

    const today = currentDay();
    const amending = input.stage === "promulgated" || input.stage === "in_force" ? await recordAmendingDocument(db, actor, before, input, today) : null;
    const stage = amending ? stageOnEffectiveDate(amending.effectiveOn, today) : input.stage;
    if (amending && input.stage === "promulgated" && before.stage === "in_force" && stage === "in_force") {
      throw new InvalidError({ effective_on: `errors.in_force_since|date=${amending.effectiveOn}` });
    }
    const move = classifyStageMove(before.stage, stage);
    const amendingDocumentId = amending ? amending.id : BEFORE_PROMULGATION.includes(stage) ? null : before.amending_document_id;
    if (move.kind !== "none" || amendingDocumentId !== before.amending_document_id) {
      const changes = { stage, amending_document_id: amendingDocumentId, cancel_reason: stage === "cancelled" ? reason : null };
      const saved = await updateVersioned(db, "amendments", before, changes, {
        actorId: actor.id,
        entityType: "amendment",
        entityId: id,
        agencyId: before.agency_id,
        ...(move.kind === "none" ? { action: "update" } : { action: "stage", fromStatus: before.stage, toStatus: stage }),
        // the history names the amending document as the register writes it, not as typed this time
        comment: [amending?.number, reason].filter(Boolean).join(" — ") || null,
        changes:
          amendingDocumentId === before.amending_document_id ? null : { amending_document_id: [before.amending_document_id, amendingDocumentId] },
      });
      if (!saved) throw stale();
      if ((before.stage === "in_force") !== (stage === "in_force")) {
        await refreshTargetStatus(db, actor, before.legal_document_id, stage === "in_force" ? (amending?.number ?? null) : reason);
      }
      await refreshImplementation(db, await listProposalIdsOfAmendment(db, id));
    }
    // the other amendments the same document carries out follow its dates too
    if (amending) await applyEffectiveDates(db, today, amending.id);
    return stage;
  });
}

/**
 * The amending document a move to promulgated or in force records: the number typed (matched in
 * the register or added to it) or, when the form leaves it out, the one already recorded; its
 * promulgation date as typed or as the register has it; the effective date not before it.
 * The typed dates become the register's only where the actor may update that document or this
 * step created it; otherwise the register stands, and a typed date that differs is refused
 * with what the register says and who may correct it.
 */
async function recordAmendingDocument(
  db: Executor,
  actor: Actor,
  amendment: AmendmentView,
  input: AmendmentStageInput,
  today: string,
): Promise<{ id: number; number: string; effectiveOn: string | null }> {
  let documentId = amendment.amending_document_id;
  let created = false;
  if (input.amending_number) {
    const existing = await findDocumentByKey(db, parseDocumentNumber(input.amending_number, input.amending_type ?? undefined).key);
    created = !existing;
    documentId = await ensureDocument(db, actor, input.amending_number, {
      type: input.amending_type ?? undefined,
      leadAgencyId: amendment.agency_id,
      issuedOn: input.promulgated_on,
      effectiveOn: input.effective_on,
      status: documentStatusOnDate("not_yet_in_force", input.effective_on, today),
    });
  }
  if (documentId === null) throw new InvalidError({ amending_number: "errors.required" });
  if (documentId === amendment.legal_document_id) throw new InvalidError({ amending_number: "errors.amends_itself" });
  const document = await getDocument(db, documentId);
  if (!document) throw new NotFoundError("document", documentId);
  const promulgatedOn = input.promulgated_on ?? document.issued_on;
  if (!promulgatedOn) throw new InvalidError({ promulgated_on: "errors.required" });
  const effectiveOn = input.effective_on ?? document.effective_on;
  if (effectiveOn && effectiveOn < promulgatedOn) throw new InvalidError({ effective_on: "errors.effective_before_promulgated" });

  if (!created && !canEditDocument(actor, document)) {
    // another agency's document: its facts are that agency's (or the secretariat's) to change
    const differs = (field: "promulgated_on" | "effective_on", typed: string | null, registered: string | null) =>
      typed !== null && typed !== registered
        ? {
            [field]: [
              `errors.register_${field === "promulgated_on" ? "issued_on" : "effective_on"}`,
              `number=${document.number}`,
              `date=${registered ?? ""}`,
              document.lead_agency_code ? `agency=${document.lead_agency_code}` : "context=secretariat",
            ].join("|"),
          }
        : {};
    const errors = { ...differs("promulgated_on", input.promulgated_on, document.issued_on), ...differs("effective_on", input.effective_on, document.effective_on) };
    if (Object.keys(errors).length) throw new InvalidError(errors);
  } else {
    const facts: DocumentFacts = {
      issued_on: promulgatedOn,
      effective_on: effectiveOn,
      // a document already amended or repealed by others keeps that status
      status: documentStatusOnDate(document.status, effectiveOn, today),
    };
    await updateDocumentFacts(db, actor, documentId, facts);
  }
  return { id: documentId, number: document.number, effectiveOn };
}

/**
 * A comment on an amendment (the secretariat's note, the ministry's reply): history only, by
 * whoever canCommentOnAmendment allows.
 */
export function commentOnAmendment(executor: Executor, actor: Actor, id: number, comment: string): Promise<void> {
  return inTransaction(executor, async (db) => {
    const amendment = await getAmendmentScope(db, id);
    if (!amendment) throw new NotFoundError("amendment", id);
    if (!canCommentOnAmendment(actor, amendment)) throw new ForbiddenError("amendment:comment");
    const text = comment.trim();
    if (!text) throw new InvalidError({ comment: "errors.required" });
    await recordEvent(db, { actorId: actor.id, entityType: "amendment", entityId: id, agencyId: amendment.agency_id, action: "comment", comment: text });
  });
}
