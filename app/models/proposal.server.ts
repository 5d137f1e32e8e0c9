import type { ExpressionBuilder, SelectQueryBuilder, Updateable } from "kysely";
import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import { UNDER_WAY, type ImplementationProgress } from "~/domain/implementation";
import type { ImplementationStatus, ProposalAction, ProposalStatus, RegulationType } from "~/domain/vocabulary";
import { PAGE_SIZE, type ProposalSort } from "~/schemas/list-params";
import type { ProposalInput } from "~/schemas/proposal";
import type { DB, NewProposal, ProposalTable } from "../../db/types";
import { proposalInScope, savingVnd } from "./scope.server";
import { readCache } from "./read-cache.server";
import { parseSearch, proposalMatches } from "./search.server";
import { maxCodeSequence } from "./sql.server";

export interface ProposalFilters {
  /** Agency ids (see agencyFilterIds); an empty list matches nothing. */
  agencies?: number[];
  status?: ProposalStatus;
  type?: RegulationType;
  action?: ProposalAction;
  decision?: number;
  dueFrom?: string;
  dueTo?: string;
  /** The approving decision's signing date (the steering view's period). */
  approvedFrom?: string;
  approvedTo?: string;
  /** Derived implementation status; needs `today` (see implementationStatusIs). */
  implementation?: ImplementationStatus;
  /** Today's date (ISO), which "overdue" is measured against; by default today in Vietnam. */
  today?: string;
  q?: string;
  sort: ProposalSort;
  dir: "asc" | "desc";
  page: number;
  /** Rows per page; exports ask for every matching row (see app/services/export.server.ts). */
  pageSize?: number;
}

/**
 * The SQL twin of implementationStatus() in app/domain/implementation.ts, over the stored
 * progress and due date: overdue when past due with work under way, otherwise the progress
 * itself. Only approved proposals have one. tests/integration/workflow.test.ts checks that both agree.
 */
export function implementationStatusIs(status: ImplementationStatus, today: string) {
  return (eb: ExpressionBuilder<DB, "proposals">) => {
    const approved = eb("proposals.status", "=", "approved");
    const notYetDue = eb.or([eb("proposals.due_on", "is", null), eb("proposals.due_on", ">=", today)]);
    switch (status) {
      case "overdue":
        return eb.and([
          approved,
          eb("proposals.implementation_progress", "in", UNDER_WAY),
          eb("proposals.due_on", "<", today),
        ]);
      case "not_started":
      case "in_progress":
        return eb.and([approved, eb("proposals.implementation_progress", "=", status), notYetDue]);
      default:
        return eb.and([approved, eb("proposals.implementation_progress", "=", status)]);
    }
  };
}

/** Past this many matches, a list sorted by an indexed column walks that index and tests each row against the search. */
const BROAD_SEARCH = 2000;

function filtered(db: Executor, filters: Omit<ProposalFilters, "sort" | "dir" | "page">, options: { broadSearch?: boolean } = {}) {
  let query = db.selectFrom("proposals");
  query = query.where(
    proposalInScope({
      agencies: filters.agencies,
      decision: filters.decision,
      type: filters.type,
      approvedFrom: filters.approvedFrom,
      approvedTo: filters.approvedTo,
    }),
  );
  if (filters.status) query = query.where("proposals.status", "=", filters.status);
  if (filters.action) query = query.where("proposals.action", "=", filters.action);
  if (filters.dueFrom) query = query.where("proposals.due_on", ">=", filters.dueFrom);
  if (filters.dueTo) query = query.where("proposals.due_on", "<=", filters.dueTo);
  if (filters.implementation) query = query.where(implementationStatusIs(filters.implementation, filters.today ?? currentDay()));
  // the header's search box means the same by a word (app/models/search.server.ts)
  const matches = filters.q ? proposalMatches(db, parseSearch(filters.q), { broad: options.broadSearch }) : null;
  if (matches) query = query.where(matches);
  return query;
}

const listTotals = readCache<{ total: number; saving: number | null }>(256);

/** What a list shows of each proposal (a page, an export's slice). */
const LISTED_COLUMNS = [
  "proposals.id",
  "proposals.code",
  "proposals.title",
  "proposals.regulation_type",
  "proposals.action",
  "proposals.status",
  "proposals.implementation_progress",
  "proposals.due_on",
  "proposals.cost_before_vnd",
  "proposals.cost_after_vnd",
  "proposals.updated_at",
  "agencies.code as agency_code",
  "decisions.number as decision_number",
] as const;

/** The list's order on a query of proposals; every sort has an index in its order (the due dates' latest-first excepted). */
function inListOrder<O>(query: SelectQueryBuilder<DB, "proposals", O>, filters: Pick<ProposalFilters, "sort" | "dir">) {
  const dir = filters.dir;
  const ordered =
    filters.sort === "updated"
      ? query.orderBy("proposals.updated_at", dir)
      : filters.sort === "due"
        ? query.orderBy((eb) => eb("proposals.due_on", "is", null), "asc").orderBy("proposals.due_on", dir)
        : filters.sort === "saving"
          ? // the same expression as the proposals_saving index, so the index gives the order
            query.orderBy(savingVnd, dir)
          : // codes start with the agency code, so the unique code index gives this order
            query.orderBy("proposals.code", dir);
  return filters.sort === "code" ? ordered : ordered.orderBy("proposals.id", dir);
}

export async function listProposals(db: Executor, filters: ProposalFilters) {
  const query = filtered(db, filters);
  // the count and sum read every matching row (14,000 for a common word): paging through the same
  // list, or many people reading it, costs only the page until the data changes
  const { sort: _sort, dir: _dir, page: _page, pageSize: _pageSize, ...scope } = filters;
  const totals = await listTotals.read(db, JSON.stringify({ ...scope, today: scope.today ?? currentDay() }), () =>
    query.select((eb) => [eb.fn.countAll<number>().as("total"), eb.fn.sum<number>(savingVnd).as("saving")]).executeTakeFirstOrThrow(),
  );
  const total = Number(totals.total);
  // a search matching most proposals: the code or saving index gives the order and each row is
  // tested against the matches (13 ms at 100,000), rather than every match read and sorted (32 ms)
  const broad = Boolean(filters.q) && total > BROAD_SEARCH && (filters.sort === "code" || filters.sort === "saving");
  const size = filters.pageSize ?? PAGE_SIZE;
  // the page's ids first, from the order's index alone (a deep page skips thousands of entries
  // without reading their rows: page 500 took 21 ms, now 0.3), then those rows with their joins
  const ids = inListOrder(broad ? filtered(db, filters, { broadSearch: true }) : query, filters)
    .select("proposals.id")
    .limit(size)
    .offset((filters.page - 1) * size);
  // a left join (every proposal has an agency) keeps proposals the outer loop
  const page = await inListOrder(db.selectFrom("proposals"), filters)
    .leftJoin("agencies", "agencies.id", "proposals.agency_id")
    .leftJoin("decisions", "decisions.id", "proposals.decision_id")
    .select(LISTED_COLUMNS)
    .where("proposals.id", "in", ids)
    .execute();
  // the list's own sum, so a figure of VND saved can be checked against the rows behind it
  return { total, savingTotal: Number(totals.saving ?? 0), rows: page };
}

/** Every proposal of the list's filters, as ids in its order, no pages: an export reads the rows by slices of these. */
export async function listProposalIds(db: Executor, filters: Omit<ProposalFilters, "page">): Promise<number[]> {
  const rows = await inListOrder(filtered(db, filters), filters).select("proposals.id").execute();
  return rows.map((row) => row.id);
}

/** The proposals with these ids, with the columns a list shows, in no particular order. */
export function listProposalsByIds(db: Executor, ids: readonly number[]) {
  return db
    .selectFrom("proposals")
    .leftJoin("agencies", "agencies.id", "proposals.agency_id")
    .leftJoin("decisions", "decisions.id", "proposals.decision_id")
    .select(LISTED_COLUMNS)
    .where("proposals.id", "in", ids)
    .execute();
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

/**
 * The amendments a proposal depends on, with their target document and stage; the provisions
 * are the ones this proposal needs amended when its link names them, else the amendment's.
 */
export function listProposalAmendments(db: Executor, proposalId: number) {
  return db
    .selectFrom("proposal_amendments")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select((eb) => [
      "amendments.id",
      "amendments.stage",
      "amending.effective_on as amending_effective_on",
      "amendments.form",
      eb.fn.coalesce("proposal_amendments.provisions", "amendments.provisions").as("provisions"),
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
    .select(maxCodeSequence(db, "code", prefix).as("last"))
    // the code index answers this range; "." sorts right after "-"
    .where("code", ">=", prefix)
    .where("code", "<", `${agencyCode}.`)
    .executeTakeFirst();
  return row?.last ?? 0;
}

/** Proposals by code, with their status: what a bulk review's result page names. */
export function listProposalsByCodes(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("proposals")
    .select(["id", "code", "title", "status"])
    .where("code", "in", [...codes])
    .orderBy("code")
    .execute();
}

/**
 * A proposal as the use cases that change it read it: every column, with its agency's code and
 * its source document's number (what its form shows). The code exactly as stored.
 */
export function findProposal(db: Executor, code: string) {
  return db
    .selectFrom("proposals")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .leftJoin("legal_documents as source", "source.id", "proposals.source_document_id")
    .selectAll("proposals")
    .select(["agencies.code as agency_code", "source.number as source_document_number"])
    .where("proposals.code", "=", code)
    .executeTakeFirst();
}

/** The columns a proposal's form writes: what createProposal and updateProposal store of checked input. */
export type ProposalColumns = Pick<
  ProposalTable,
  | "regulation_type"
  | "title"
  | "source_document_id"
  | "source_provision"
  | "action"
  | "proposed_change"
  | "rationale"
  | "procedure_code"
  | "cost_before_vnd"
  | "cost_after_vnd"
  | "timeline"
  | "due_on"
>;

/**
 * The one mapping of a checked proposal form (or import row) to the columns it writes; the
 * source document is the register entry the service matched or created for its number.
 */
export function proposalColumns(input: ProposalInput, sourceDocumentId: number | null): ProposalColumns {
  return {
    regulation_type: input.regulation_type,
    title: input.title,
    source_document_id: sourceDocumentId,
    source_provision: input.source_provision,
    action: input.action,
    proposed_change: input.proposed_change,
    rationale: input.rationale,
    procedure_code: input.procedure_code,
    cost_before_vnd: input.cost_before_vnd,
    cost_after_vnd: input.cost_after_vnd,
    timeline: input.timeline.timeline,
    due_on: input.timeline.dueOn,
  };
}

/** Stores a new proposal; its id. */
export async function insertProposal(db: Executor, proposal: NewProposal): Promise<number> {
  const row = await db.insertInto("proposals").values(proposal).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Whether any amendment carries the proposal. */
export async function hasAmendmentLink(db: Executor, proposalId: number): Promise<boolean> {
  const link = await db.selectFrom("proposal_amendments").select("amendment_id").where("proposal_id", "=", proposalId).executeTakeFirst();
  return link !== undefined;
}

/** What a proposal's implementation progress is computed from, for the given proposals. */
export function listProgressSources(db: Executor, proposalIds: readonly number[]) {
  return db
    .selectFrom("proposals")
    .select(["id", "status", "no_amendment_reason", "implementation_progress", "implemented_on"])
    .where("id", "in", [...proposalIds])
    .execute();
}

/** The amendments carrying the given proposals: each link's stage and its amending document's effective date. */
export function listImplementationLinks(db: Executor, proposalIds: readonly number[]) {
  return db
    .selectFrom("proposal_amendments")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select(["proposal_amendments.proposal_id", "amendments.stage", "amending.effective_on"])
    .where("proposal_amendments.proposal_id", "in", [...proposalIds])
    .execute();
}

/**
 * Stores derived implementation progress: not an edit of the proposal (no version, no event), the
 * column recomputed in the transaction of the change that moved it.
 */
export async function setImplementationProgress(
  db: Executor,
  proposalId: number,
  progress: ImplementationProgress | null,
  implementedOn: string | null,
): Promise<void> {
  await db.updateTable("proposals").set({ implementation_progress: progress, implemented_on: implementedOn }).where("id", "=", proposalId).execute();
}

/** The ids of the proposals an amendment carries. */
export async function listProposalIdsOfAmendment(db: Executor, amendmentId: number): Promise<number[]> {
  const rows = await db.selectFrom("proposal_amendments").select("proposal_id").where("amendment_id", "=", amendmentId).execute();
  return rows.map((row) => row.proposal_id);
}

/** A proposal's stored columns a versioned edit may change. */
export type ProposalChanges = Omit<Updateable<ProposalTable>, "id" | "version" | "updated_at">;
