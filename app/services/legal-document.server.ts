import { currentDay } from "~/clock.server";
import { inTransaction, type Executor } from "~/db.server";
import { canEditDocument } from "~/domain/legal-document";
import { parseDocumentNumber, type ParsedDocumentNumber } from "~/domain/document-number";
import { can, type Actor } from "~/domain/permissions";
import { foldVietnamese } from "~/domain/text";
import type { DocumentStatus, DocumentType } from "~/domain/vocabulary";
import { getAgency, getAgencyByCode, listAgencies } from "~/models/agency.server";
import { diffFields, recordEvent } from "~/models/event.server";
import { findDocumentByKey, getDocument, insertDocument as insertDocumentRow } from "~/models/legal-document.server";
import { updateVersioned } from "~/models/versioned.server";
import { documentFormValues, type LegalDocumentInput } from "~/schemas/legal-document";
import { applyEffectiveDates } from "./document-facts.server";
import { ForbiddenError, InvalidError, NotFoundError, StaleVersionError } from "~/domain/errors";

/** The folded text a document is searched by: its number as the register writes it, its key and its title. */
export function documentSearchText(number: string, key: string, title: string | null): string {
  return foldVietnamese(`${number} ${key} ${title ?? ""}`);
}

async function resolveLeadAgency(db: Executor, code: string | null): Promise<number | null> {
  if (!code) return null;
  const agency = await getAgencyByCode(db, code);
  if (!agency) throw new InvalidError({ lead_agency: "errors.unknown_agency" });
  return agency.id;
}

/**
 * The lead agencies a document form offers: active ones first; agencies merged away stay
 * listed (marked) because older documents were issued under them.
 */
export async function leadAgencyChoices(db: Executor) {
  const today = currentDay();
  return (await listAgencies(db))
    .map((agency) => ({
      code: agency.code,
      name_vi: agency.name_vi,
      name_en: agency.name_en,
      inactive: agency.active_to !== null && agency.active_to < today,
    }))
    .sort((a, b) => Number(a.inactive) - Number(b.inactive) || a.code.localeCompare(b.code));
}

/** Refuses a number already in the register, naming the document that has it. */
async function assertNumberFree(db: Executor, key: string, exceptId?: number) {
  const existing = await findDocumentByKey(db, key);
  if (existing && existing.id !== exceptId) {
    throw new InvalidError({
      number: existing.title
        ? `errors.duplicate_document|number=${existing.number}|title=${existing.title.slice(0, 120).replace(/\|/g, "/")}`
        : `errors.duplicate_untitled_document|number=${existing.number}`,
    });
  }
}

export function createDocument(executor: Executor, actor: Actor, input: LegalDocumentInput): Promise<number> {
  if (!can(actor, "document:create")) throw new ForbiddenError("document:create");
  return inTransaction(executor, async (db) => {
    const values = await documentFields(db, input);
    await assertNumberFree(db, values.number_key);
    // the register is everyone's, but a lead agency owns its entry: an officer names only its own
    if (values.lead_agency_id !== null && !canEditDocument(actor, { lead_agency_id: values.lead_agency_id })) {
      throw new InvalidError({ lead_agency: "errors.lead_agency_not_allowed" });
    }
    return insertDocument(db, actor, values);
  });
}

/** Saves an edit made against `expectedVersion`; a stale version changes nothing. */
export function updateDocument(
  executor: Executor,
  actor: Actor,
  id: number,
  input: LegalDocumentInput,
  expectedVersion?: number,
): Promise<void> {
  return inTransaction(executor, async (db) => {
    const before = await getDocument(db, id);
    if (!before) throw new NotFoundError("document", id);
    if (!canEditDocument(actor, before)) throw new ForbiddenError("document:update");
    // a stale save answers with the document as stored now, as its form shows it
    const stale = () => new StaleVersionError(expectedVersion, before.version, documentFormValues(before));
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw stale();
    const values = await documentFields(db, input);
    await assertNumberFree(db, values.number_key, id);
    // an officer may not hand a document to an agency whose records they cannot change
    if (values.lead_agency_id !== before.lead_agency_id && !canEditDocument(actor, { lead_agency_id: values.lead_agency_id })) {
      throw new InvalidError({ lead_agency: "errors.lead_agency_not_allowed" });
    }
    const changes = diffFields(before, values);
    delete changes.number_key;
    delete changes.search_text;
    if (Object.keys(changes).length === 0) return;
    if (changes.lead_agency_id) {
      // history shows the agency codes people read, not row ids
      const [from, to] = await Promise.all([agencyCode(db, before.lead_agency_id), agencyCode(db, values.lead_agency_id)]);
      delete changes.lead_agency_id;
      changes.lead_agency = [from, to];
    }
    const saved = await updateVersioned(db, "legal_documents", before, values, {
      actorId: actor.id,
      entityType: "legal_document",
      entityId: id,
      agencyId: values.lead_agency_id,
      action: "update",
      changes,
    });
    if (!saved) throw stale();
    // the amendments this document carries out follow its effective date at once
    if (changes.effective_on) await applyEffectiveDates(db, currentDay(), id);
  });
}

async function agencyCode(db: Executor, id: number | null): Promise<string | null> {
  return id === null ? null : ((await getAgency(db, id))?.code ?? null);
}

/** A register row from a parsed number (written in its official spelling) and what is known of the document. */
function registerRow(
  parsed: ParsedDocumentNumber,
  known: { type?: DocumentType | null; title: string | null; issuedOn: string | null; effectiveOn: string | null; status: DocumentStatus; leadAgencyId: number | null },
) {
  return {
    number: parsed.official,
    number_key: parsed.key,
    number_recognized: (parsed.recognized ? 1 : 0) as 0 | 1,
    doc_type: known.type ?? parsed.type,
    year: parsed.year,
    issuer: parsed.issuer,
    title: known.title,
    issued_on: known.issuedOn,
    effective_on: known.effectiveOn,
    status: known.status,
    lead_agency_id: known.leadAgencyId,
    search_text: documentSearchText(parsed.official, parsed.key, known.title),
  };
}

async function documentFields(db: Executor, input: LegalDocumentInput) {
  return registerRow(parseDocumentNumber(input.number, input.doc_type ?? undefined), {
    type: input.doc_type,
    title: input.title,
    issuedOn: input.issued_on,
    effectiveOn: input.effective_on,
    status: input.status,
    leadAgencyId: await resolveLeadAgency(db, input.lead_agency),
  });
}

/** Adds a document to the register with its "create" event (inside the caller's transaction). */
async function insertDocument(db: Executor, actor: Actor, values: ReturnType<typeof registerRow>): Promise<number> {
  const id = await insertDocumentRow(db, values);
  await recordEvent(db, {
    actorId: actor.id,
    entityType: "legal_document",
    entityId: id,
    agencyId: values.lead_agency_id,
    action: "create",
  });
  return id;
}

/** What a register entry made from a typed number is known to be. */
export interface EnsureDefaults {
  type?: DocumentType;
  status?: DocumentStatus;
  leadAgencyId?: number | null;
  issuedOn?: string | null;
  effectiveOn?: string | null;
}

/**
 * The register entry for a number typed in another form (a proposal's source document, an
 * amendment's target or amending document, an import): matched by normalized number, or created
 * with what is known. Created without a title, it is "to be completed" until someone who may
 * edit it gives one.
 */
export function ensureDocument(
  executor: Executor,
  actor: Actor,
  number: string,
  defaults: EnsureDefaults = {},
): Promise<number> {
  // its own transaction when called alone: the document and its event are written together
  return inTransaction(executor, async (db) => {
    const parsed = parseDocumentNumber(number, defaults.type);
    const existing = await findDocumentByKey(db, parsed.key);
    if (existing) return existing.id;
    return insertDocument(db, actor, typedRegisterRow(parsed, defaults));
  });
}

/** The register row ensureDocument adds for a number typed elsewhere: no title, and the facts the caller knows. */
export function typedRegisterRow(parsed: ParsedDocumentNumber, defaults: EnsureDefaults) {
  return registerRow(parsed, {
    type: defaults.type,
    title: null,
    issuedOn: defaults.issuedOn ?? null,
    effectiveOn: defaults.effectiveOn ?? null,
    status: defaults.status ?? "in_force",
    leadAgencyId: defaults.leadAgencyId ?? null,
  });
}
