import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import { documentNumberKeyPrefix, numberYearMismatch } from "~/domain/document-number";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { canEditDocument } from "~/domain/legal-document";
import { requireCan, agencyRestriction, can, type Actor } from "~/domain/permissions";
import { getAgency, listAgencyNames } from "~/models/agency.server";
import { listEvents } from "~/models/event.server";
import {
  countDocumentsToComplete,
  getDocument,
  listDocumentAmendments,
  listDocumentProposals,
  listDocuments,
  suggestDocuments,
} from "~/models/legal-document.server";
import { documentFilters, listPage } from "~/models/list-filters.server";
import { documentFormValues } from "~/schemas/legal-document";
import type { DocumentListParams, ListQuery } from "~/schemas/list-params";
import { leadAgencyChoices } from "./legal-document.server";

// The register's pages' reads: each returns what its page shows and what this actor may do there
// (`allowed`, from the rules of app/domain), and refuses a missing document with NotFoundError.

/**
 * The documents list: one page of the filtered rows, the agencies to filter by, and the documents
 * still to be completed that this actor may complete (an officer: their agency's), with their list's URL.
 */
export async function readDocumentList(db: Executor, actor: Actor, query: ListQuery<DocumentListParams>) {
  requireCan(actor, "record:read");
  const filters = await documentFilters(db, query.params);
  const [{ page, ignored, ...result }, agencies, toComplete] = await Promise.all([
    listPage(query, (page) => listDocuments(db, { ...filters, page })),
    listAgencyNames(db),
    documentsToComplete(db, actor),
  ]);
  return { params: { ...query.params, page }, ignored, ...result, agencies, toComplete, allowed: { create: can(actor, "document:create") } };
}

async function documentsToComplete(db: Executor, actor: Actor) {
  const agencyId = agencyRestriction(actor, "document:update");
  if (agencyId === "none") return null;
  const [count, agency] = await Promise.all([
    countDocumentsToComplete(db, agencyId),
    agencyId === null ? undefined : getAgency(db, agencyId),
  ]);
  const list = new URLSearchParams({ incomplete: "1", ...(agency ? { agency: agency.code } : {}) });
  return { count, url: `/documents?${list}` };
}

/** A document's page: the entry, the proposals about it, the amendments of it and by it, its history. */
export async function readDocumentPage(db: Executor, actor: Actor, params: { id: number }) {
  requireCan(actor, "record:read");
  const document = await getDocument(db, params.id);
  if (!document) throw new NotFoundError("document", params.id);
  const [proposals, targeting, amending, history] = await Promise.all([
    listDocumentProposals(db, document.id),
    listDocumentAmendments(db, document.id, "target"),
    listDocumentAmendments(db, document.id, "amending"),
    listEvents(db, "legal_document", document.id),
  ]);
  return {
    document,
    proposals,
    targeting,
    amending,
    history,
    yearMismatch: numberYearMismatch(document.number, document.issued_on),
    today: currentDay(),
    allowed: { edit: canEditDocument(actor, document) },
  };
}

/** The edit form of a document this actor may edit: its values as typed, its version, the lead agencies offered. */
export async function readDocumentEdit(db: Executor, actor: Actor, params: { id: number }) {
  const document = await getDocument(db, params.id);
  if (!document) throw new NotFoundError("document", params.id);
  if (!canEditDocument(actor, document)) throw new ForbiddenError("document:update");
  return {
    id: document.id,
    number: document.number,
    values: documentFormValues(document),
    version: String(document.version),
    agencies: await leadAgencyChoices(db),
  };
}

/** The new document form: the lead agencies offered, this actor's own first guess. */
export async function readNewDocument(db: Executor, actor: Actor) {
  requireCan(actor, "document:create");
  const [agencies, own] = await Promise.all([leadAgencyChoices(db), actor.agency_id === null ? undefined : getAgency(db, actor.agency_id)]);
  return { agencies, ownAgency: own?.code ?? "" };
}

/** Register entries whose number starts with what is typed (however typed), for a number field's suggestions. */
export async function suggestDocumentNumbers(db: Executor, actor: Actor, typed: string) {
  requireCan(actor, "record:read");
  const prefix = documentNumberKeyPrefix(typed);
  return prefix ? suggestDocuments(db, prefix) : [];
}
