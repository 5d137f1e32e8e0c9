import { inTransaction, type Executor } from "~/db.server";
import { ConflictError, ForbiddenError, InvalidError, StaleVersionError, checkVersion, found } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { canEditProposalContent } from "~/domain/proposal-workflow";
import { foldVietnamese } from "~/domain/text";
import { getAgencyByCode } from "~/models/agency.server";
import { diffFields, recordEvent } from "~/models/event.server";
import { getDocumentNumber } from "~/models/legal-document.server";
import { findProposal, insertProposal, lastProposalSequence, proposalColumns } from "~/models/proposal.server";
import { updateVersioned } from "~/models/versioned.server";
import { proposalFormValues, type ProposalInput } from "~/schemas/proposal";
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
  const number = found(await getDocumentNumber(db, id), "document", id);
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
    const id = await insertProposal(db, {
      code,
      agency_id: agency.id,
      original_agency_id: agency.id,
      ...proposalColumns(input, source.id),
      status: "draft",
      search_text: proposalSearchText({ code, ...input, source_document: source.number }),
      created_by: actor.id,
    });
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: id,
      agencyId: agency.id,
      action: "create",
      toStatus: "draft",
    });
    return { id, code };
  });
}

/**
 * Saves an edit made against `expectedVersion`; a stale version changes nothing and is refused
 * with the proposal's current form values. An officer's edit of a proposal past its draft
 * (submitted, approved, closed) is refused as a conflict. Saving what is already stored changes
 * nothing and is never refused. True when something changed.
 */
export function updateProposal(
  executor: Executor,
  actor: Actor,
  code: string,
  input: ProposalInput,
  expectedVersion?: number,
): Promise<boolean> {
  return inTransaction(executor, async (db) => {
    const before = found(await findProposal(db, code), "proposal", code);
    if (!can(actor, "proposal:update", before)) throw new ForbiddenError();
    const source = await sourceDocument(db, actor, input.source_document, before.agency_id);
    const columns = proposalColumns(input, source.id);
    const changes = { ...columns, due_on: columns.due_on ?? before.due_on };
    const diff = diffFields(before, changes);
    if (Object.keys(diff).length === 0) return false;
    if (!canEditProposalContent(actor, before)) throw new ConflictError("workflow.errors.lockedForOfficers");
    const current = () => proposalFormValues(before);
    checkVersion(expectedVersion, before.version, current);
    const saved = await updateVersioned(
      db,
      "proposals",
      before,
      { ...changes, search_text: proposalSearchText({ code: before.code, ...input, source_document: source.number }) },
      { actorId: actor.id, entityType: "proposal", entityId: before.id, agencyId: before.agency_id, action: "update", changes: diff },
    );
    if (!saved) throw new StaleVersionError(expectedVersion, before.version, current());
    return true;
  });
}
