import { currentDay } from "~/clock.server";
import { inTransaction, type Executor } from "~/db.server";
import { classifyStageMove, documentStatusOnDate, STAGE_ORDER, stageMoveNeedsReason, stageOnEffectiveDate } from "~/domain/amendment";
import { parseDocumentNumber } from "~/domain/document-number";
import { can, canLink, type Actor } from "~/domain/permissions";
import { foldVietnamese } from "~/domain/text";
import type { AmendmentStage } from "~/domain/vocabulary";
import { getAgencyByCode } from "~/models/agency.server";
import { recordEvent } from "~/models/event.server";
import { findDocumentByKey } from "~/models/legal-document.server";
import type { AmendmentInput, AmendmentStageInput } from "~/schemas/amendment";
import type { Amendment } from "../../db/types";
import { ForbiddenError, InvalidError, NotFoundError, checkVersion } from "~/domain/errors";
import { applyEffectiveDates, refreshTargetStatus, updateDocumentFacts, type DocumentFacts } from "./document-facts.server";
import { proposalsOfAmendment, refreshImplementation } from "./implementation.server";
import { ensureDocument } from "./legal-document.server";

/**
 * Links proposals (by code) to an amendment; one "link" event on each newly linked proposal and
 * one on the amendment naming them, and their implementation progress recomputed. `provisions`,
 * when given, are the provisions of the document these proposals need amended (kept on each
 * link). The actor must be allowed to change the amendment and every proposal (canLink): a code
 * they may not link refuses them all. Call it inside the caller's transaction.
 */
export async function linkProposals(
  db: Executor,
  actor: Actor,
  amendmentId: number,
  codes: string[],
  provisions: string | null = null,
): Promise<number> {
  if (codes.length === 0) return 0;
  const amendment = await db.selectFrom("amendments").select(["id", "agency_id"]).where("id", "=", amendmentId).executeTakeFirstOrThrow();
  if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError();
  // each proposal with whether it is linked already (an amendment may carry thousands: only these)
  const proposals = await db
    .selectFrom("proposals")
    .leftJoin("proposal_amendments", (join) =>
      join.onRef("proposal_amendments.proposal_id", "=", "proposals.id").on("proposal_amendments.amendment_id", "=", amendmentId),
    )
    .select(["proposals.id", "proposals.code", "proposals.agency_id", "proposals.status", "proposal_amendments.amendment_id as linked"])
    .where("proposals.code", "in", codes)
    .execute();
  const missing = codes.filter((code) => !proposals.some((p) => p.code === code));
  if (missing.length) throw new InvalidError({ proposals: `errors.unknown_proposal|code=${missing.join(", ")}` });
  const refused = proposals.filter((proposal) => !canLink(actor, amendment, proposal));
  if (refused.length) throw new InvalidError({ proposals: `errors.proposal_not_allowed|code=${refused.map((p) => p.code).join(", ")}` });
  const fresh = proposals.filter((p) => p.linked === null);
  for (const proposal of fresh) {
    await db.insertInto("proposal_amendments").values({ proposal_id: proposal.id, amendment_id: amendmentId, provisions }).execute();
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
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: amendmentId,
      agencyId: amendment.agency_id,
      action: "link",
      comment: fresh.map((p) => p.code).join(", "),
    });
  }
  // only an approved proposal has implementation progress for a new link to move
  await refreshImplementation(db, fresh.filter((p) => p.status === "approved").map((p) => p.id));
  return fresh.length;
}

/**
 * Adds provisions to an amendment's list unless it already names them, by whoever may update the
 * amendment: one "update" event with before and after. Call it inside the caller's transaction.
 */
export async function addAmendmentProvisions(db: Executor, actor: Actor, amendmentId: number, provisions: string | null): Promise<void> {
  if (!provisions) return;
  const amendment = await db
    .selectFrom("amendments")
    .select(["id", "agency_id", "provisions", "version"])
    .where("id", "=", amendmentId)
    .executeTakeFirstOrThrow();
  if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError();
  if (amendment.provisions && foldVietnamese(amendment.provisions).includes(foldVietnamese(provisions))) return;
  const merged = amendment.provisions ? `${amendment.provisions}; ${provisions}` : provisions;
  await db
    .updateTable("amendments")
    .set({ provisions: merged, updated_at: new Date().toISOString(), version: amendment.version + 1 })
    .where("id", "=", amendment.id)
    .execute();
  await recordEvent(db, {
    actorId: actor.id,
    entityType: "amendment",
    entityId: amendment.id,
    agencyId: amendment.agency_id,
    action: "update",
    changes: { provisions: [amendment.provisions, merged] },
  });
}

/**
 * Changes the provisions one linked proposal needs amended, by whoever may link it (canLink): on
 * the link (an "update" event on the proposal), and added to the amendment's own list when it
 * does not name them yet. Call it inside the caller's transaction.
 */
export async function setLinkProvisions(
  db: Executor,
  actor: Actor,
  link: { amendmentId: number; proposalId: number },
  provisions: string | null,
): Promise<void> {
  const current = await db
    .selectFrom("proposal_amendments")
    .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .select(["proposal_amendments.provisions", "proposals.agency_id", "amendments.agency_id as amendment_agency_id"])
    .where("proposal_amendments.amendment_id", "=", link.amendmentId)
    .where("proposal_amendments.proposal_id", "=", link.proposalId)
    .executeTakeFirstOrThrow();
  if (!canLink(actor, { agency_id: current.amendment_agency_id }, current)) throw new ForbiddenError();
  if (current.provisions !== provisions) {
    await db
      .updateTable("proposal_amendments")
      .set({ provisions })
      .where("amendment_id", "=", link.amendmentId)
      .where("proposal_id", "=", link.proposalId)
      .execute();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: link.proposalId,
      agencyId: current.agency_id,
      action: "update",
      comment: `#${link.amendmentId}`,
      changes: { provisions: [current.provisions, provisions] },
    });
  }
  await addAmendmentProvisions(db, actor, link.amendmentId, provisions);
}

/**
 * Links more proposals to an existing amendment, by whoever may update it and those proposals.
 * Linking only adds, so it is safe against concurrent edits and does not check or bump the version.
 */
export function linkProposalsToAmendment(executor: Executor, actor: Actor, amendmentId: number, codes: string[]): Promise<number> {
  return inTransaction(executor, async (db) => {
    const amendment = await db.selectFrom("amendments").select(["id", "agency_id"]).where("id", "=", amendmentId).executeTakeFirst();
    if (!amendment) throw new NotFoundError("amendment");
    if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError();
    if (codes.length === 0) throw new InvalidError({ proposals: "errors.required" });
    return linkProposals(db, actor, amendmentId, codes);
  });
}

/** A new amendment task: one legal document to amend, matched in the register or created. */
export function createAmendment(executor: Executor, actor: Actor, input: AmendmentInput): Promise<number> {
  return inTransaction(executor, async (db) => {
    const agency = await getAgencyByCode(db, input.agency);
    if (!agency) throw new InvalidError({ agency: "errors.unknown_agency" });
    if (!can(actor, "amendment:create", { agency_id: agency.id })) throw new ForbiddenError();
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
    // carrying one proposal, the amendment's provisions are the ones that proposal needs amended
    await linkProposals(db, actor, row.id, input.proposals, input.proposals.length === 1 ? input.provisions : null);
    return row.id;
  });
}

/**
 * Takes a proposal off an amendment, by whoever may update the amendment and the proposal
 * (canLink): one "unlink" event on each side and the proposal's implementation progress
 * recomputed. False when it was not linked.
 */
export function unlinkProposal(executor: Executor, actor: Actor, amendmentId: number, code: string): Promise<boolean> {
  return inTransaction(executor, async (db) => {
    const amendment = await db.selectFrom("amendments").select(["id", "agency_id"]).where("id", "=", amendmentId).executeTakeFirst();
    if (!amendment) throw new NotFoundError("amendment");
    if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError();
    const proposal = await db.selectFrom("proposals").select(["id", "code", "agency_id"]).where("code", "=", code).executeTakeFirst();
    if (!proposal) throw new InvalidError({ proposal: `errors.unknown_proposal|code=${code}` });
    if (!canLink(actor, amendment, proposal)) throw new ForbiddenError();
    const removed = await db
      .deleteFrom("proposal_amendments")
      .where("proposal_id", "=", proposal.id)
      .where("amendment_id", "=", amendmentId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "unlink",
      comment: `#${amendmentId}`,
    });
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: amendmentId,
      agencyId: amendment.agency_id,
      action: "unlink",
      comment: proposal.code,
    });
    await refreshImplementation(db, [proposal.id]);
    return true;
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
    const before = await db.selectFrom("amendments").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw new NotFoundError("amendment");
    if (!can(actor, "amendment:update", before)) throw new ForbiddenError();
    checkVersion(expectedVersion, before.version);
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
      await db
        .updateTable("amendments")
        .set({
          stage,
          amending_document_id: amendingDocumentId,
          cancel_reason: stage === "cancelled" ? reason : null,
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
        ...(move.kind === "none" ? { action: "update" } : { action: "stage", fromStatus: before.stage, toStatus: stage }),
        // the history names the amending document as the register writes it, not as typed this time
        comment: [amending?.number, reason].filter(Boolean).join(" — ") || null,
        changes:
          amendingDocumentId === before.amending_document_id ? null : { amending_document_id: [before.amending_document_id, amendingDocumentId] },
      });
      if ((before.stage === "in_force") !== (stage === "in_force")) {
        await refreshTargetStatus(db, actor, before.legal_document_id, stage === "in_force" ? (amending?.number ?? null) : reason);
      }
      await refreshImplementation(db, await proposalsOfAmendment(db, id));
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
  amendment: Amendment,
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
  const document = await db
    .selectFrom("legal_documents")
    .leftJoin("agencies", "agencies.id", "legal_documents.lead_agency_id")
    .select(["legal_documents.number", "legal_documents.issued_on", "legal_documents.effective_on", "legal_documents.status", "legal_documents.lead_agency_id", "agencies.code as lead_agency_code"])
    .where("legal_documents.id", "=", documentId)
    .executeTakeFirstOrThrow();
  const promulgatedOn = input.promulgated_on ?? document.issued_on;
  if (!promulgatedOn) throw new InvalidError({ promulgated_on: "errors.required" });
  const effectiveOn = input.effective_on ?? document.effective_on;
  if (effectiveOn && effectiveOn < promulgatedOn) throw new InvalidError({ effective_on: "errors.effective_before_promulgated" });

  if (!created && !can(actor, "document:update", { agency_id: document.lead_agency_id })) {
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
 * A comment on an amendment (the secretariat's note, the ministry's reply): history only. Whoever
 * may update the amendment may comment, and so may the reviewers.
 */
export function commentOnAmendment(executor: Executor, actor: Actor, id: number, comment: string): Promise<void> {
  return inTransaction(executor, async (db) => {
    const amendment = await db.selectFrom("amendments").select(["id", "agency_id"]).where("id", "=", id).executeTakeFirst();
    if (!amendment) throw new NotFoundError("amendment");
    if (!can(actor, "amendment:update", amendment) && !can(actor, "proposal:review")) throw new ForbiddenError();
    const text = comment.trim();
    if (!text) throw new InvalidError({ comment: "errors.required" });
    await recordEvent(db, { actorId: actor.id, entityType: "amendment", entityId: id, agencyId: amendment.agency_id, action: "comment", comment: text });
  });
}
