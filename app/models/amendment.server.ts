import type { ExpressionBuilder, Insertable } from "kysely";
import type { DB } from "../../db/types";
import type { Executor } from "~/db.server";
import { CLOSED_AMENDMENT_STAGES, STAGE_ORDER } from "~/domain/amendment";
import type { AmendmentForm, AmendmentStage } from "~/domain/vocabulary";
import { PAGE_SIZE, type AmendmentSort } from "~/schemas/list-params";
import { amendmentNeeded, type SteeringScope } from "./scope.server";
import { documentMatches, parseSearch } from "./search.server";
import { countRows } from "./sql.server";

export interface AmendmentFilters {
  /** Agency ids (see agencyFilterIds); an empty list matches nothing. */
  agencies?: number[];
  stage?: AmendmentStage;
  form?: AmendmentForm;
  /** Only overdue amendments, as isAmendmentOverdue in app/domain/amendment.ts decides. */
  overdue?: boolean;
  /** Today in Vietnam (todayIso()), the day the overdue filter measures from. */
  today: string;
  /** Only amendments the approved proposals of this scope need (the steering view's lists). */
  needed?: Omit<SteeringScope, "agencies">;
  /** Only amendments that reached this stage or a later one (never cancelled ones). */
  reached?: AmendmentStage;
  q?: string;
  sort: AmendmentSort;
  page: number;
  /** Rows per page; exports ask for every matching row (see app/services/export.server.ts). */
  pageSize?: number;
}

type AmendmentScope = ExpressionBuilder<DB, "amendments">;

/** The SQL form of isAmendmentOverdue: a deadline before today and a stage that has not ended. */
export function overdueCondition(eb: AmendmentScope, today: string) {
  return eb.and([
    eb("amendments.deadline", "is not", null),
    eb("amendments.deadline", "<", today),
    eb("amendments.stage", "not in", CLOSED_AMENDMENT_STAGES),
  ]);
}

function filtered(db: Executor, filters: Omit<AmendmentFilters, "sort" | "page">) {
  let query = db
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id");
  if (filters.agencies) query = query.where("amendments.agency_id", "in", filters.agencies.length ? filters.agencies : [-1]);
  if (filters.stage) query = query.where("amendments.stage", "=", filters.stage);
  if (filters.needed) query = query.where(amendmentNeeded(filters.needed));
  if (filters.reached) {
    const reached = STAGE_ORDER.slice(STAGE_ORDER.indexOf(filters.reached as (typeof STAGE_ORDER)[number]));
    query = query.where("amendments.stage", "in", reached.length ? reached : ["cancelled"]);
  }
  if (filters.form) query = query.where("amendments.form", "=", filters.form);
  if (filters.overdue) query = query.where((eb) => overdueCondition(eb, filters.today));
  // amendments are found by their target document, as the document list finds it
  const matches = filters.q ? documentMatches(db, parseSearch(filters.q)) : null;
  if (matches) query = query.where(matches);
  return query;
}

/** What a list shows of each amendment, beside the number of proposals it carries out. */
const LISTED_COLUMNS = [
  "amendments.id",
  "amendments.provisions",
  "amendments.form",
  "amendments.stage",
  "amendments.deadline",
  "amendments.updated_at",
  "legal_documents.id as document_id",
  "legal_documents.number as document_number",
  "legal_documents.title as document_title",
  "agencies.code as agency_code",
  "amending.effective_on as amending_effective_on",
] as const;

/** The filtered amendments with their target, agency and amending document, in the list's order (ties by id). */
function listed(db: Executor, filters: Omit<AmendmentFilters, "page">) {
  const rows = filtered(db, filters)
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id");
  const ordered =
    filters.sort === "updated"
      ? rows.orderBy("amendments.updated_at", "desc")
      : filters.sort === "document"
        ? rows.orderBy("legal_documents.number_key").orderBy("agencies.code")
        : // undated amendments last: they can never be late
          rows.orderBy((eb) => eb("amendments.deadline", "is", null)).orderBy("amendments.deadline");
  return ordered.orderBy("amendments.id");
}

/** How many proposals an amendment serves, as the lists show it. */
function proposalCount(eb: ExpressionBuilder<DB, "amendments">) {
  return eb
    .selectFrom("proposal_amendments")
    .select(eb.fn.countAll<number>().as("n"))
    .whereRef("proposal_amendments.amendment_id", "=", "amendments.id")
    .as("proposal_count");
}

export async function listAmendments(db: Executor, filters: AmendmentFilters) {
  const total = await countRows(filtered(db, filters));
  const page = await listed(db, filters)
    .select(LISTED_COLUMNS)
    .select(proposalCount)
    .limit(filters.pageSize ?? PAGE_SIZE)
    .offset((filters.page - 1) * (filters.pageSize ?? PAGE_SIZE))
    .execute();
  return { total, rows: page };
}

/** Every amendment of the list's filters, as ids in its order, no pages: an export reads the rows by slices of these. */
export async function listAmendmentIds(db: Executor, filters: Omit<AmendmentFilters, "page">): Promise<number[]> {
  const rows = await listed(db, filters).select("amendments.id").execute();
  return rows.map((row) => row.id);
}

/** The amendments with these ids, with what a list shows of them, in no particular order. */
export function listAmendmentsByIds(db: Executor, ids: readonly number[]) {
  return db
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select(LISTED_COLUMNS)
    .select(proposalCount)
    .where("amendments.id", "in", ids)
    .execute();
}

/** One amendment with its target, agencies and amending document, or undefined. */
export function getAmendment(db: Executor, id: number) {
  return db
    .selectFrom("amendments")
    .innerJoin("legal_documents as target", "target.id", "amendments.legal_document_id")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .innerJoin("agencies as original", "original.id", "amendments.original_agency_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .selectAll("amendments")
    .select([
      "target.number as document_number",
      "target.title as document_title",
      "target.doc_type as document_type",
      "agencies.code as agency_code",
      "agencies.name_vi as agency_name_vi",
      "agencies.name_en as agency_name_en",
      "original.code as original_agency_code",
      "amending.number as amending_number",
      "amending.doc_type as amending_type",
      "amending.issued_on as amending_issued_on",
      "amending.effective_on as amending_effective_on",
    ])
    .where("amendments.id", "=", id)
    .executeTakeFirst();
}

/** The proposals an amendment carries out, with what their implementation status is derived from. */
export function listAmendmentProposals(db: Executor, amendmentId: number) {
  return db
    .selectFrom("proposal_amendments")
    .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.title",
      "proposals.status",
      "proposals.implementation_progress",
      "proposals.due_on",
      "proposals.agency_id",
      "agencies.code as agency_code",
    ])
    .where("proposal_amendments.amendment_id", "=", amendmentId)
    .orderBy("proposals.code")
    .execute();
}

export type AmendmentView = NonNullable<Awaited<ReturnType<typeof getAmendment>>>;

/** What a permission is checked against: the amendment's id and the agency responsible for it now. */
export function getAmendmentScope(db: Executor, id: number) {
  return db.selectFrom("amendments").select(["id", "agency_id"]).where("id", "=", id).executeTakeFirst();
}

/** The amendment's own provisions list and version, to add to it. */
export function getAmendmentProvisions(db: Executor, id: number) {
  return db.selectFrom("amendments").select(["id", "agency_id", "provisions", "version"]).where("id", "=", id).executeTakeFirst();
}

/** A new amendment at "not started"; its id. */
export async function insertAmendment(db: Executor, values: Insertable<DB["amendments"]>): Promise<number> {
  const row = await db.insertInto("amendments").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The proposals of `codes` as a link to the amendment needs them: agency and status (who may
 * link, whose progress moves), and `linked` not null when already linked to it. Only these
 * (an amendment may carry thousands).
 */
export function listProposalsToLink(db: Executor, amendmentId: number, codes: readonly string[]) {
  return db
    .selectFrom("proposals")
    .leftJoin("proposal_amendments", (join) =>
      join.onRef("proposal_amendments.proposal_id", "=", "proposals.id").on("proposal_amendments.amendment_id", "=", amendmentId),
    )
    .select(["proposals.id", "proposals.code", "proposals.agency_id", "proposals.status", "proposal_amendments.amendment_id as linked"])
    .where("proposals.code", "in", codes)
    .execute();
}

/** A proposal as a link or unlink names it: by code, with its agency. */
export function findProposalToLink(db: Executor, code: string) {
  return db.selectFrom("proposals").select(["id", "code", "agency_id"]).where("code", "=", code).executeTakeFirst();
}

export async function insertProposalLink(db: Executor, link: { proposalId: number; amendmentId: number; provisions: string | null }): Promise<void> {
  await db.insertInto("proposal_amendments").values({ proposal_id: link.proposalId, amendment_id: link.amendmentId, provisions: link.provisions }).execute();
}

/** Takes a proposal off an amendment; false when it was not linked. */
export async function deleteProposalLink(db: Executor, link: { proposalId: number; amendmentId: number }): Promise<boolean> {
  const removed = await db
    .deleteFrom("proposal_amendments")
    .where("proposal_id", "=", link.proposalId)
    .where("amendment_id", "=", link.amendmentId)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

/** One link with its provisions and the agencies of both sides (who may change it). */
export function getProposalLink(db: Executor, link: { proposalId: number; amendmentId: number }) {
  return db
    .selectFrom("proposal_amendments")
    .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .select(["proposal_amendments.provisions", "proposals.agency_id", "amendments.agency_id as amendment_agency_id"])
    .where("proposal_amendments.amendment_id", "=", link.amendmentId)
    .where("proposal_amendments.proposal_id", "=", link.proposalId)
    .executeTakeFirst();
}

export async function setProposalLinkProvisions(db: Executor, link: { proposalId: number; amendmentId: number }, provisions: string | null): Promise<void> {
  await db
    .updateTable("proposal_amendments")
    .set({ provisions })
    .where("amendment_id", "=", link.amendmentId)
    .where("proposal_id", "=", link.proposalId)
    .execute();
}

/** The forms of a document's amendments that are in force (its status follows from them). */
export async function listInForceForms(db: Executor, documentId: number): Promise<AmendmentForm[]> {
  const rows = await db
    .selectFrom("amendments")
    .select("form")
    .where("legal_document_id", "=", documentId)
    .where("stage", "=", "in_force")
    .execute();
  return rows.map((row) => row.form);
}

/**
 * Amendments whose stage their amending document's effective date contradicts on `today`:
 * promulgated with the date come, or in force with it ahead; of one amending document when
 * `amendingDocumentId` is given. In id order.
 */
export function listAmendmentsOffTheirDate(db: Executor, today: string, amendingDocumentId?: number) {
  let query = db
    .selectFrom("amendments")
    .innerJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select(["amendments.id", "amendments.stage", "amendments.agency_id", "amendments.legal_document_id", "amendments.version", "amending.number", "amending.effective_on"])
    .where((eb) =>
      eb.or([
        eb.and([eb("amendments.stage", "=", "promulgated"), eb("amending.effective_on", "<=", today)]),
        eb.and([eb("amendments.stage", "=", "in_force"), eb("amending.effective_on", ">", today)]),
      ]),
    );
  if (amendingDocumentId !== undefined) query = query.where("amendments.amending_document_id", "=", amendingDocumentId);
  return query.orderBy("amendments.id").execute();
}
