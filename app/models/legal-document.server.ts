import { sql, type ExpressionBuilder, type Insertable } from "kysely";
import type { Executor } from "~/db.server";
import type { DocumentStatus, DocumentType } from "~/domain/vocabulary";
import type { DB } from "../../db/types";
import { PAGE_SIZE } from "~/schemas/list-params";
import { amendmentNeeded, type SteeringScope } from "./scope.server";
import { documentMatches, numberKeyMatches, parseSearch } from "./search.server";
import { countRows } from "./sql.server";

export interface DocumentFilters {
  q?: string;
  type?: DocumentType;
  status?: DocumentStatus;
  /** Agency ids (see agencyFilterIds); an empty list matches nothing. */
  agencies?: number[];
  /** Only documents that amendments needed by this scope's approved proposals target. */
  toAmend?: SteeringScope;
  /** With toAmend: only those whose needed amendments are all in force (the figure "documents amended"). */
  amended?: boolean;
  /** Only documents still to be completed: registered from a number alone, title unknown. */
  incomplete?: boolean;
  page: number;
  /** Rows per page; exports ask for every matching row (see app/services/export.server.ts). */
  pageSize?: number;
}

/** Rows shown on a document's page for each related list; the page says when there are more. */
export const RELATED_LIMIT = 200;

export function getDocument(db: Executor, id: number) {
  return db
    .selectFrom("legal_documents")
    .leftJoin("agencies", "agencies.id", "legal_documents.lead_agency_id")
    .selectAll("legal_documents")
    .select(["agencies.code as lead_agency_code", "agencies.name_vi as lead_agency_name_vi", "agencies.name_en as lead_agency_name_en"])
    .where("legal_documents.id", "=", id)
    .executeTakeFirst();
}

/** A document's number as the register writes it; an import asks this once per row. */
export async function getDocumentNumber(db: Executor, id: number): Promise<string | undefined> {
  const row = await db.selectFrom("legal_documents").select("number").where("id", "=", id).executeTakeFirst();
  return row?.number;
}

export function findDocumentByKey(db: Executor, key: string) {
  return db.selectFrom("legal_documents").selectAll().where("number_key", "=", key).executeTakeFirst();
}

/** Register entries offered while a number is typed (documentNumberKeyPrefix): by key, at most `limit`. */
export function suggestDocuments(db: Executor, keyPrefix: string, limit = 10) {
  return db
    .selectFrom("legal_documents")
    .select(["number", "number_key", "title"])
    .where(numberKeyMatches(keyPrefix))
    .orderBy("number_key")
    .limit(limit)
    .execute();
}

/** How many documents are still to be completed: of one lead agency, or of all when `agencyId` is null. */
export async function countDocumentsToComplete(db: Executor, agencyId: number | null): Promise<number> {
  let query = db.selectFrom("legal_documents").where("title", "is", null);
  if (agencyId !== null) query = query.where("lead_agency_id", "=", agencyId);
  const { n } = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

function filteredDocuments(db: Executor, filters: Omit<DocumentFilters, "page">) {
  let query = db.selectFrom("legal_documents").leftJoin("agencies", "agencies.id", "legal_documents.lead_agency_id");
  if (filters.type) query = query.where("legal_documents.doc_type", "=", filters.type);
  if (filters.status) query = query.where("legal_documents.status", "=", filters.status);
  if (filters.agencies) query = query.where("legal_documents.lead_agency_id", "in", filters.agencies.length ? filters.agencies : [-1]);
  if (filters.incomplete) query = query.where("legal_documents.title", "is", null);
  const toAmend = filters.toAmend;
  if (toAmend) {
    const needed = (eb: ExpressionBuilder<DB, "legal_documents">) =>
      eb
        .selectFrom("amendments")
        .select(sql.lit(1).as("one"))
        .whereRef("amendments.legal_document_id", "=", "legal_documents.id")
        .where(amendmentNeeded(toAmend));
    query = query.where((eb) => eb.exists(needed(eb)));
    if (filters.amended) query = query.where((eb) => eb.not(eb.exists(needed(eb).where("amendments.stage", "<>", "in_force"))));
  }
  // the header's search box means the same by a word (app/models/search.server.ts)
  const matches = filters.q ? documentMatches(db, parseSearch(filters.q)) : null;
  if (matches) query = query.where(matches);
  return query;
}

/** Newest first; documents without a year (individual decisions) after the dated ones; ties by id. */
function inListOrder(query: ReturnType<typeof filteredDocuments>) {
  return query
    .orderBy((eb) => eb("legal_documents.year", "is", null))
    .orderBy("legal_documents.year", "desc")
    .orderBy((eb) => eb("legal_documents.issued_on", "is", null))
    .orderBy("legal_documents.issued_on", "desc")
    .orderBy("legal_documents.number_key")
    .orderBy("legal_documents.id");
}

/** What a list shows of each document, beside the number of amendments that target it. */
const LISTED_COLUMNS = [
  "legal_documents.id",
  "legal_documents.number",
  "legal_documents.number_recognized",
  "legal_documents.doc_type",
  "legal_documents.title",
  "legal_documents.issued_on",
  "legal_documents.effective_on",
  "legal_documents.status",
  "agencies.code as lead_agency_code",
] as const;

function withListedColumns(query: ReturnType<typeof filteredDocuments>) {
  return query.select(LISTED_COLUMNS).select((eb) => [
    eb
      .selectFrom("amendments")
      .select(eb.fn.countAll<number>().as("n"))
      .whereRef("amendments.legal_document_id", "=", "legal_documents.id")
      .as("amendment_count"),
  ]);
}

export async function listDocuments(db: Executor, filters: DocumentFilters) {
  const query = filteredDocuments(db, filters);
  const total = await countRows(query);
  const rows = await withListedColumns(inListOrder(query))
    .limit(filters.pageSize ?? PAGE_SIZE)
    .offset((filters.page - 1) * (filters.pageSize ?? PAGE_SIZE))
    .execute();
  return { total, rows };
}

/** Every document of the list's filters, as ids in its order, no pages: an export reads the rows by slices of these. */
export async function listDocumentIds(db: Executor, filters: Omit<DocumentFilters, "page">): Promise<number[]> {
  const rows = await inListOrder(filteredDocuments(db, filters)).select("legal_documents.id").execute();
  return rows.map((row) => row.id);
}

/** The documents with these ids, with what a list shows of them, in no particular order. */
export function listDocumentsByIds(db: Executor, ids: readonly number[]) {
  const query = db.selectFrom("legal_documents").leftJoin("agencies", "agencies.id", "legal_documents.lead_agency_id");
  return withListedColumns(query).where("legal_documents.id", "in", ids).execute();
}

/** The proposals about a regulation that lives in this document. */
export async function listDocumentProposals(db: Executor, documentId: number) {
  const query = db.selectFrom("proposals").where("proposals.source_document_id", "=", documentId);
  const total = await countRows(query);
  const rows = await query
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.title",
      "proposals.source_provision",
      "proposals.status",
      "proposals.implementation_progress",
      "proposals.due_on",
      "agencies.code as agency_code",
    ])
    .orderBy("agencies.code")
    .orderBy("proposals.code")
    .limit(RELATED_LIMIT)
    .execute();
  return { total, rows };
}

/**
 * Amendments related to a document: "target", the amendments that change it; "amending", the
 * amendments it carries out (it is their amending document).
 */
export function listDocumentAmendments(db: Executor, documentId: number, side: "target" | "amending") {
  return db
    .selectFrom("amendments")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .innerJoin("legal_documents as target", "target.id", "amendments.legal_document_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select([
      "amendments.id",
      "amendments.provisions",
      "amendments.form",
      "amendments.stage",
      "amendments.deadline",
      "agencies.code as agency_code",
      "target.id as target_id",
      "target.number as target_number",
      "amending.id as amending_id",
      "amending.number as amending_number",
      "amending.effective_on as amending_effective_on",
    ])
    .where(side === "target" ? "amendments.legal_document_id" : "amendments.amending_document_id", "=", documentId)
    .orderBy((eb) => eb("amendments.deadline", "is", null))
    .orderBy("amendments.deadline")
    .orderBy("amendments.id")
    .execute();
}

export type DocumentView = NonNullable<Awaited<ReturnType<typeof getDocument>>>;

/** One register row as stored, or undefined. */
export function getDocumentRow(db: Executor, id: number) {
  return db.selectFrom("legal_documents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Adds a row to the register; its id. */
export async function insertDocument(db: Executor, values: Insertable<DB["legal_documents"]>): Promise<number> {
  const row = await db.insertInto("legal_documents").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Register documents whose status their effective date contradicts on `today`: not yet in force
 * with the date come, or in force with it ahead; only `documentId` when given. In id order.
 */
export function listDocumentsOffTheirDate(db: Executor, today: string, documentId?: number) {
  let query = db
    .selectFrom("legal_documents")
    .select(["id", "status", "effective_on"])
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "not_yet_in_force"), eb("effective_on", "<=", today)]),
        eb.and([eb("status", "=", "in_force"), eb("effective_on", ">", today)]),
      ]),
    );
  if (documentId !== undefined) query = query.where("id", "=", documentId);
  return query.orderBy("id").execute();
}
