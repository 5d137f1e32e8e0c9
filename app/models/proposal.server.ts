import { sql } from "kysely";
import type { Executor } from "~/db.server";
import { searchTerms } from "~/domain/text";
import type { ProposalAction, ProposalStatus, RegulationType } from "~/domain/vocabulary";
import { PAGE_SIZE, type ProposalSort } from "~/schemas/list-params";
import { contains, countRows } from "./sql.server";


export interface ProposalFilters {
  /** Agency ids (see agencyFilterIds); an empty list matches nothing. */
  agencies?: number[];
  status?: ProposalStatus;
  type?: RegulationType;
  action?: ProposalAction;
  decision?: number;
  dueFrom?: string;
  dueTo?: string;
  q?: string;
  sort: ProposalSort;
  dir: "asc" | "desc";
  page: number;
}

function filtered(db: Executor, filters: Omit<ProposalFilters, "sort" | "dir" | "page">) {
  let query = db.selectFrom("proposals");
  if (filters.agencies) query = query.where("proposals.agency_id", "in", filters.agencies.length ? filters.agencies : [-1]);
  if (filters.status) query = query.where("proposals.status", "=", filters.status);
  if (filters.type) query = query.where("proposals.regulation_type", "=", filters.type);
  if (filters.action) query = query.where("proposals.action", "=", filters.action);
  if (filters.decision) query = query.where("proposals.decision_id", "=", filters.decision);
  if (filters.dueFrom) query = query.where("proposals.due_on", ">=", filters.dueFrom);
  if (filters.dueTo) query = query.where("proposals.due_on", "<=", filters.dueTo);
  const terms = filters.q ? searchTerms(filters.q) : [];
  if (terms.length) query = query.where((eb) => eb.and(terms.map((term) => contains("proposals.search_text", term))));
  return query;
}

export async function listProposals(db: Executor, filters: ProposalFilters) {
  const query = filtered(db, filters);
  const total = await countRows(query);
  let rows = query
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .leftJoin("decisions", "decisions.id", "proposals.decision_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.title",
      "proposals.regulation_type",
      "proposals.action",
      "proposals.status",
      "proposals.due_on",
      "proposals.cost_before_vnd",
      "proposals.cost_after_vnd",
      "proposals.updated_at",
      "agencies.code as agency_code",
      "decisions.number as decision_number",
    ]);
  const dir = filters.dir;
  rows =
    filters.sort === "updated"
      ? rows.orderBy("proposals.updated_at", dir)
      : filters.sort === "due"
        ? rows.orderBy((eb) => eb("proposals.due_on", "is", null), "asc").orderBy("proposals.due_on", dir)
        : filters.sort === "saving"
          ? rows.orderBy((eb) => eb(eb.fn.coalesce("proposals.cost_before_vnd", eb.val(0)), "-", eb.fn.coalesce("proposals.cost_after_vnd", eb.val(0))), dir)
          : // codes start with the agency code, so the unique code index gives this order
            rows.orderBy("proposals.code", dir);
  if (filters.sort !== "code") rows = rows.orderBy("proposals.id", dir);
  const page = await rows
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE)
    .execute();
  return { total, rows: page };
}

export function getProposalByCode(db: Executor, code: string) {
  return db
    .selectFrom("proposals")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .innerJoin("agencies as original", "original.id", "proposals.original_agency_id")
    .leftJoin("decisions", "decisions.id", "proposals.decision_id")
    .leftJoin("legal_documents as source", "source.id", "proposals.source_document_id")
    .selectAll("proposals")
    .select([
      "agencies.code as agency_code",
      "agencies.name_vi as agency_name_vi",
      "agencies.name_en as agency_name_en",
      "original.code as original_agency_code",
      "decisions.number as decision_number",
      "source.number as source_document_number",
    ])
    .where("proposals.code", "=", code.trim().toUpperCase())
    .executeTakeFirst();
}

/** The amendments a proposal depends on, with their target document and stage. */
export function listProposalAmendments(db: Executor, proposalId: number) {
  return db
    .selectFrom("proposal_amendments")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .select([
      "amendments.id",
      "amendments.stage",
      "amendments.form",
      "amendments.provisions",
      "amendments.deadline",
      "legal_documents.number as document_number",
      "legal_documents.id as document_id",
      "agencies.code as agency_code",
    ])
    .where("proposal_amendments.proposal_id", "=", proposalId)
    .orderBy("amendments.id")
    .execute();
}

/** The highest sequence number used in an agency's codes ("BYT-0042" → 42). */
export async function lastProposalSequence(db: Executor, agencyCode: string): Promise<number> {
  const prefix = `${agencyCode}-`;
  const row = await db
    .selectFrom("proposals")
    .select(sql<number | null>`max(cast(substr(code, ${prefix.length + 1}) as integer))`.as("last"))
    // the code index answers this range; "." sorts right after "-"
    .where("code", ">=", prefix)
    .where("code", "<", `${agencyCode}.`)
    .executeTakeFirst();
  return row?.last ?? 0;
}
