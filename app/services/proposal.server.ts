import { inTransaction, type Executor } from "~/db.server";
import { can, type Actor } from "~/domain/permissions";
import { canEditProposalContent } from "~/domain/proposal-workflow";
import { foldVietnamese } from "~/domain/text";
import { getAgencyByCode } from "~/models/agency.server";
import { diffFields, recordEvent } from "~/models/event.server";
import { lastProposalSequence } from "~/models/proposal.server";
import type { ProposalInput } from "~/schemas/proposal";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, checkVersion } from "~/domain/errors";
import { ensureDocument } from "./legal-document.server";

export function proposalSearchText(fields: {
  code: string;
  title: string;
  proposed_change: string;
  rationale: string | null;
  procedure_code: string | null;
  source_provision: string | null;
  source_document?: string | null;
}): string {
  return foldVietnamese(
    [fields.code, fields.title, fields.proposed_change, fields.rationale, fields.procedure_code, fields.source_provision, fields.source_document]
      .filter(Boolean)
      .join(" "),
  );
}

export function formatProposalCode(agencyCode: string, sequence: number): string {
  return `${agencyCode}-${String(sequence).padStart(4, "0")}`;
}

/**
 * The register entry of the document a proposal's regulation lives in (matched or created, led by
 * the proposal's agency) and its number as the register writes it, which the search text holds.
 */
async function sourceDocument(db: Executor, actor: Actor, typed: string | null, agencyId: number) {
  if (!typed) return { id: null, number: null };
  const id = await ensureDocument(db, actor, typed, { leadAgencyId: agencyId });
  const { number } = await db.selectFrom("legal_documents").select("number").where("id", "=", id).executeTakeFirstOrThrow();
  return { id, number };
}

/** Logs a new draft proposal under the next code of its agency ("BYT-0042"). */
export function createProposal(
  executor: Executor,
  actor: Actor,
  input: ProposalInput,
  options: { code?: string } = {},
): Promise<{ id: number; code: string }> {
  return inTransaction(executor, async (db) => {
    const agency = await getAgencyByCode(db, input.agency);
    if (!agency) throw new InvalidError({ agency: "errors.unknown_agency" });
    if (!can(actor, "proposal:create", { agency_id: agency.id })) throw new ForbiddenError();
    const source = await sourceDocument(db, actor, input.source_document, agency.id);
    const code = options.code ?? formatProposalCode(agency.code, (await lastProposalSequence(db, agency.code)) + 1);
    const row = await db
      .insertInto("proposals")
      .values({
        code,
        agency_id: agency.id,
        original_agency_id: agency.id,
        regulation_type: input.regulation_type,
        title: input.title,
        source_document_id: source.id,
        source_provision: input.source_provision,
        action: input.action,
        proposed_change: input.proposed_change,
        rationale: input.rationale,
        procedure_code: input.procedure_code,
        cost_before_vnd: input.cost_before_vnd,
        cost_after_vnd: input.cost_after_vnd,
        status: "draft",
        timeline: input.timeline.timeline,
        due_on: input.timeline.dueOn,
        search_text: proposalSearchText({ code, ...input, source_document: source.number }),
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: row.id,
      agencyId: agency.id,
      action: "create",
      toStatus: "draft",
    });
    return { id: row.id, code };
  });
}

/**
 * Saves an edit made against `expectedVersion`; a stale version changes nothing. An officer's
 * edit of a proposal past its draft (submitted, approved, closed) is refused with a 409. Saving
 * what is already stored changes nothing and is never refused. True when something changed.
 */
export function updateProposal(
  executor: Executor,
  actor: Actor,
  code: string,
  input: ProposalInput,
  expectedVersion?: number,
): Promise<boolean> {
  return inTransaction(executor, async (db) => {
    const before = await db.selectFrom("proposals").selectAll().where("code", "=", code).executeTakeFirst();
    if (!before) throw new NotFoundError("proposal");
    if (!can(actor, "proposal:update", before)) throw new ForbiddenError();
    const source = await sourceDocument(db, actor, input.source_document, before.agency_id);
    const changes = {
      regulation_type: input.regulation_type,
      title: input.title,
      source_document_id: source.id,
      source_provision: input.source_provision,
      action: input.action,
      proposed_change: input.proposed_change,
      rationale: input.rationale,
      procedure_code: input.procedure_code,
      cost_before_vnd: input.cost_before_vnd,
      cost_after_vnd: input.cost_after_vnd,
      timeline: input.timeline.timeline,
      due_on: input.timeline.dueOn ?? before.due_on,
    };
    const diff = diffFields(before, changes);
    if (Object.keys(diff).length === 0) return false;
    if (!canEditProposalContent(actor, before)) throw new ConflictError("workflow.errors.lockedForOfficers");
    checkVersion(expectedVersion, before.version);
    await db
      .updateTable("proposals")
      .set({
        ...changes,
        search_text: proposalSearchText({ code: before.code, ...input, source_document: source.number }),
        updated_at: new Date().toISOString(),
        version: before.version + 1,
      })
      .where("id", "=", before.id)
      .where("version", "=", before.version)
      .execute();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: before.id,
      agencyId: before.agency_id,
      action: "update",
      changes: diff,
    });
    return true;
  });
}
