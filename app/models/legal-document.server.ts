import type { Executor } from "~/db.server";
import { documentNumberSearchKeys, looksLikeDocumentNumber } from "~/domain/document-number";
import { searchTerms } from "~/domain/text";
import { PAGE_SIZE } from "~/schemas/list-params";
import { contains, startsWith } from "./sql.server";
import type { DocumentStatus, DocumentType } from "~/domain/vocabulary";


export interface DocumentFilters {
  q?: string;
  type?: DocumentType;
  status?: DocumentStatus;
  agency?: number;
  page: number;
}

export function getDocument(db: Executor, id: number) {
  return db
    .selectFrom("legal_documents")
    .leftJoin("agencies", "agencies.id", "legal_documents.lead_agency_id")
    .selectAll("legal_documents")
    .select(["agencies.code as lead_agency_code"])
    .where("legal_documents.id", "=", id)
    .executeTakeFirst();
}

export function findDocumentByKey(db: Executor, key: string) {
  return db.selectFrom("legal_documents").selectAll().where("number_key", "=", key).executeTakeFirst();
}

export async function listDocuments(db: Executor, filters: DocumentFilters) {
  let query = db.selectFrom("legal_documents").leftJoin("agencies", "agencies.id", "legal_documents.lead_agency_id");
  if (filters.type) query = query.where("legal_documents.doc_type", "=", filters.type);
  if (filters.status) query = query.where("legal_documents.status", "=", filters.status);
  if (filters.agency) query = query.where("legal_documents.lead_agency_id", "=", filters.agency);
  if (filters.q) {
    const q = filters.q;
    // a number typed any way ("15/2018/nd-cp", "nđ-cp 15/2018") matches the normalized key;
    // otherwise every word must appear in the folded number and title
    const keys = looksLikeDocumentNumber(q) ? documentNumberSearchKeys(q) : [];
    const terms = searchTerms(q);
    query = query.where((eb) =>
      eb.or([
        ...(keys.length ? [eb.and(keys.map((key) => (/^\d/.test(key) ? startsWith("legal_documents.number_key", key) : contains("legal_documents.number_key", key))))] : []),
        eb.and(terms.map((term) => contains("legal_documents.search_text", term))),
      ]),
    );
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll("legal_documents")
    .select(["agencies.code as lead_agency_code"])
    .select((eb) => [
      eb.selectFrom("amendments").select(eb.fn.countAll<number>().as("n")).whereRef("amendments.legal_document_id", "=", "legal_documents.id").as("amendment_count"),
    ])
    .orderBy("legal_documents.year", "desc")
    .orderBy("legal_documents.number_key")
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE)
    .execute();
  return { total, rows };
}
