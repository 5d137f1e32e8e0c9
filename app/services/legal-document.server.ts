import type { SessionUser } from "~/auth/session.server";
import { inTransaction, type Executor } from "~/db.server";
import { parseDocumentNumber } from "~/domain/document-number";
import { can } from "~/domain/permissions";
import { foldVietnamese } from "~/domain/text";
import type { DocumentStatus, DocumentType } from "~/domain/vocabulary";
import { forbidden, notFound } from "~/http.server";
import { getAgencyByCode } from "~/models/agency.server";
import { diffFields, recordEvent } from "~/models/event.server";
import { findDocumentByKey } from "~/models/legal-document.server";
import type { LegalDocumentInput } from "~/schemas/legal-document";
import { FormError } from "./errors";

type Actor = Pick<SessionUser, "id" | "role" | "agency_id">;

function documentSearchText(number: string, key: string, title: string): string {
  return foldVietnamese(`${number} ${key} ${title}`);
}

async function resolveLeadAgency(db: Executor, code: string | null): Promise<number | null> {
  if (!code) return null;
  const agency = await getAgencyByCode(db, code);
  if (!agency) throw new FormError({ lead_agency: "errors.unknown_agency" });
  return agency.id;
}

/** Refuses a number already in the register, naming the document that has it. */
async function assertNumberFree(db: Executor, key: string, exceptId?: number) {
  const existing = await findDocumentByKey(db, key);
  if (existing && existing.id !== exceptId) {
    throw new FormError({
      number: `errors.duplicate_document|number=${existing.number}|title=${existing.title.slice(0, 120)}`,
    });
  }
}

export function createDocument(executor: Executor, actor: Actor, input: LegalDocumentInput): Promise<number> {
  if (!can(actor, "document:create")) forbidden();
  return inTransaction(executor, async (db) => {
  const parsed = parseDocumentNumber(input.number, input.doc_type ?? undefined);
  await assertNumberFree(db, parsed.key);
  const leadAgencyId = await resolveLeadAgency(db, input.lead_agency);
  const row = await db
    .insertInto("legal_documents")
    .values({
      number: parsed.written,
      number_key: parsed.key,
      number_recognized: parsed.recognized ? 1 : 0,
      doc_type: input.doc_type ?? parsed.type,
      year: parsed.year,
      issuer: parsed.issuer,
      title: input.title,
      issued_on: input.issued_on,
      effective_on: input.effective_on,
      status: input.status,
      lead_agency_id: leadAgencyId,
      search_text: documentSearchText(parsed.written, parsed.key, input.title),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordEvent(db, { actorId: actor.id, entityType: "legal_document", entityId: row.id, agencyId: leadAgencyId, action: "create" });
  return row.id;
  });
}

export function updateDocument(executor: Executor, actor: Actor, id: number, input: LegalDocumentInput): Promise<void> {
  return inTransaction(executor, async (db) => {
  const before = await db.selectFrom("legal_documents").selectAll().where("id", "=", id).executeTakeFirst();
  if (!before) notFound();
  if (!can(actor, "document:update", { agency_id: before.lead_agency_id })) forbidden();
  const parsed = parseDocumentNumber(input.number, input.doc_type ?? undefined);
  await assertNumberFree(db, parsed.key, id);
  const changes = {
    number: parsed.written,
    number_key: parsed.key,
    number_recognized: (parsed.recognized ? 1 : 0) as 0 | 1,
    doc_type: input.doc_type ?? parsed.type,
    year: parsed.year,
    issuer: parsed.issuer,
    title: input.title,
    issued_on: input.issued_on,
    effective_on: input.effective_on,
    status: input.status,
    lead_agency_id: await resolveLeadAgency(db, input.lead_agency),
  };
  await db
    .updateTable("legal_documents")
    .set({
      ...changes,
      search_text: documentSearchText(parsed.written, parsed.key, input.title),
      updated_at: new Date().toISOString(),
      version: before.version + 1,
    })
    .where("id", "=", id)
    .execute();
  const diff = diffFields(before, changes);
  delete diff.number_key;
  await recordEvent(db, {
    actorId: actor.id,
    entityType: "legal_document",
    entityId: id,
    agencyId: changes.lead_agency_id,
    action: "update",
    changes: diff,
  });
  });
}

/**
 * The register entry for a number typed in another form (a proposal's source document, an
 * amendment's target): matched by normalized number, or created with what is known.
 */
export async function ensureDocument(
  db: Executor,
  actor: Actor,
  number: string,
  defaults: { title?: string; type?: DocumentType; status?: DocumentStatus; leadAgencyId?: number | null; issuedOn?: string | null; effectiveOn?: string | null } = {},
): Promise<number> {
  const parsed = parseDocumentNumber(number, defaults.type);
  const existing = await findDocumentByKey(db, parsed.key);
  if (existing) return existing.id;
  const title = defaults.title ?? parsed.written;
  const row = await db
    .insertInto("legal_documents")
    .values({
      number: parsed.written,
      number_key: parsed.key,
      number_recognized: parsed.recognized ? 1 : 0,
      doc_type: defaults.type ?? parsed.type,
      year: parsed.year,
      issuer: parsed.issuer,
      title,
      issued_on: defaults.issuedOn ?? null,
      effective_on: defaults.effectiveOn ?? null,
      status: defaults.status ?? "in_force",
      lead_agency_id: defaults.leadAgencyId ?? null,
      search_text: documentSearchText(parsed.written, parsed.key, title),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordEvent(db, {
    actorId: actor.id,
    entityType: "legal_document",
    entityId: row.id,
    agencyId: defaults.leadAgencyId ?? null,
    action: "create",
  });
  return row.id;
}
