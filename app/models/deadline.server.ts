import type { Executor } from "~/db.server";
import { CLOSED_AMENDMENT_STAGES, daysLate } from "~/domain/amendment";
import { UNDER_WAY, type ImplementationProgress } from "~/domain/implementation";
import type { AmendmentStage } from "~/domain/vocabulary";
import { overdueCondition } from "./amendment.server";
import { implementationStatusIs } from "./proposal.server";
import { documentMatches, parseSearch, proposalMatches } from "./search.server";

// What is late or falls due soon: open amendments (not in force, not cancelled) by their
// deadline, and approved proposals not yet implemented by their due date. "Overdue" is the
// same condition as the lists' overdue filters (overdueCondition, implementationStatusIs).

/** "late": by days late; "due": by due date. */
export type DeadlineSort = "late" | "due";

export interface DeadlineFilters {
  /** Agency ids (see agencyFilterIds); an empty list matches nothing. */
  agencies?: number[];
  /** Words or a document number, as the search box reads them (an amendment by its document). */
  q?: string;
  /** Today in Vietnam (todayIso()). */
  today: string;
  /** Days ahead counted as "due soon": due on or after today and on or before today + within. */
  within: number;
  /** "late": most days late first; "due": earliest due date first. */
  sort: DeadlineSort;
  dir: "asc" | "desc";
}

interface DeadlineBase {
  agencyId: number;
  agencyCode: string;
  dueOn: string;
  /** Whole days past the due date (0 when not yet due). */
  daysLate: number;
  /** Days left until the due date (0 when due today or past). */
  daysLeft: number;
}

export interface AmendmentDeadline extends DeadlineBase {
  kind: "amendment";
  id: number;
  stage: AmendmentStage;
  /** The amending document's effective date: a promulgated amendment is in force from it. */
  amendingEffectiveOn: string | null;
  documentNumber: string;
  /** Null while the register does not know it. */
  documentTitle: string | null;
  provisions: string | null;
}

export interface ProposalDeadline extends DeadlineBase {
  kind: "proposal";
  id: number;
  code: string;
  title: string;
  /** Not started or in progress (how far the work got, whether late or not). */
  progress: ImplementationProgress;
}

export type Deadline = AmendmentDeadline | ProposalDeadline;

/**
 * An approved proposal left with no amendment to carry it out: no deadline can be late for it
 * until a new amendment or a reason is given, so it is listed apart, whatever its due date.
 */
export interface ProposalNeedingAmendment {
  id: number;
  code: string;
  title: string;
  agencyId: number;
  agencyCode: string;
  dueOn: string | null;
}

/** The ISO date `days` after an ISO date. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysLeft(dueOn: string, today: string): number {
  return daysLate(today, dueOn);
}

async function amendmentDeadlines(db: Executor, filters: DeadlineFilters, window: "overdue" | "soon"): Promise<AmendmentDeadline[]> {
  let query = db
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select([
      "amendments.id",
      "amendments.agency_id",
      "amending.effective_on as amending_effective_on",
      "agencies.code as agency_code",
      "amendments.deadline",
      "amendments.stage",
      "amendments.provisions",
      "legal_documents.number as document_number",
      "legal_documents.title as document_title",
    ]);
  if (filters.agencies) query = query.where("amendments.agency_id", "in", filters.agencies.length ? filters.agencies : [-1]);
  const matches = filters.q ? documentMatches(db, parseSearch(filters.q)) : null;
  if (matches) query = query.where(matches);
  query =
    window === "overdue"
      ? query.where((eb) => overdueCondition(eb, filters.today))
      : query
          .where("amendments.stage", "not in", CLOSED_AMENDMENT_STAGES)
          .where("amendments.deadline", ">=", filters.today)
          .where("amendments.deadline", "<=", addDays(filters.today, filters.within));
  const rows = await query.execute();
  return rows.flatMap((row) =>
    row.deadline === null
      ? []
      : [
          {
            kind: "amendment" as const,
            id: row.id,
            agencyId: row.agency_id,
            agencyCode: row.agency_code,
            dueOn: row.deadline,
            daysLate: daysLate(row.deadline, filters.today),
            daysLeft: daysLeft(row.deadline, filters.today),
            stage: row.stage,
            amendingEffectiveOn: row.amending_effective_on,
            documentNumber: row.document_number,
            documentTitle: row.document_title,
            provisions: row.provisions,
          },
        ],
  );
}

async function proposalDeadlines(db: Executor, filters: DeadlineFilters, window: "overdue" | "soon"): Promise<ProposalDeadline[]> {
  let query = db
    .selectFrom("proposals")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.title",
      "proposals.agency_id",
      "agencies.code as agency_code",
      "proposals.due_on",
      "proposals.implementation_progress",
    ]);
  if (filters.agencies) query = query.where("proposals.agency_id", "in", filters.agencies.length ? filters.agencies : [-1]);
  const matches = filters.q ? proposalMatches(db, parseSearch(filters.q)) : null;
  if (matches) query = query.where(matches);
  query =
    window === "overdue"
      ? query.where(implementationStatusIs("overdue", filters.today))
      : query
          .where("proposals.status", "=", "approved")
          .where("proposals.implementation_progress", "in", UNDER_WAY)
          .where("proposals.due_on", ">=", filters.today)
          .where("proposals.due_on", "<=", addDays(filters.today, filters.within));
  const rows = await query.execute();
  return rows.flatMap((row) =>
    row.due_on === null
      ? []
      : [
          {
            kind: "proposal" as const,
            id: row.id,
            code: row.code,
            title: row.title,
            agencyId: row.agency_id,
            agencyCode: row.agency_code,
            dueOn: row.due_on,
            daysLate: daysLate(row.due_on, filters.today),
            daysLeft: daysLeft(row.due_on, filters.today),
            progress: row.implementation_progress ?? "not_started",
          },
        ],
  );
}

/** Approved proposals that need a new amendment or a reason none is needed, by agency and code. */
async function proposalsNeedingAmendment(db: Executor, filters: DeadlineFilters): Promise<ProposalNeedingAmendment[]> {
  let query = db
    .selectFrom("proposals")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .select(["proposals.id", "proposals.code", "proposals.title", "proposals.agency_id", "agencies.code as agency_code", "proposals.due_on"])
    .where(implementationStatusIs("needs_amendment", filters.today))
    .orderBy("agencies.code")
    .orderBy("proposals.code");
  if (filters.agencies) query = query.where("proposals.agency_id", "in", filters.agencies.length ? filters.agencies : [-1]);
  const matches = filters.q ? proposalMatches(db, parseSearch(filters.q)) : null;
  if (matches) query = query.where(matches);
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, code: row.code, title: row.title, agencyId: row.agency_id, agencyCode: row.agency_code, dueOn: row.due_on }));
}

/** Code-point order, as SQL's binary collation: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deadlines in the order asked for; ties broken by due date, kind and record, so the order is stable. */
export function sortDeadlines(deadlines: Deadline[], sort: DeadlineSort, dir: "asc" | "desc"): Deadline[] {
  const sign = dir === "asc" ? 1 : -1;
  const key = (deadline: Deadline) => (deadline.kind === "amendment" ? `a${String(deadline.id).padStart(12, "0")}` : `p${deadline.code}`);
  return [...deadlines].sort((a, b) => {
    const primary = sort === "late" ? a.daysLate - b.daysLate : compareText(a.dueOn, b.dueOn);
    if (primary !== 0) return sign * primary;
    return compareText(a.dueOn, b.dueOn) || compareText(key(a), key(b));
  });
}

export interface AgencyDeadlines {
  agencyId: number;
  agencyCode: string;
  overdue: Deadline[];
  dueSoon: Deadline[];
}

/**
 * Overdue work and work due within the window, per agency (by agency code), each list sorted as
 * asked; and, apart, the approved proposals waiting for a new amendment or a reason. Counts stay small (open work with a date), so sorting happens here rather than in SQL.
 */
export async function listDeadlines(db: Executor, filters: DeadlineFilters) {
  const [overdueAmendments, overdueProposals, soonAmendments, soonProposals, needsAmendment] = await Promise.all([
    amendmentDeadlines(db, filters, "overdue"),
    proposalDeadlines(db, filters, "overdue"),
    amendmentDeadlines(db, filters, "soon"),
    proposalDeadlines(db, filters, "soon"),
    proposalsNeedingAmendment(db, filters),
  ]);
  const overdue = sortDeadlines([...overdueAmendments, ...overdueProposals], filters.sort, filters.dir);
  const dueSoon = sortDeadlines([...soonAmendments, ...soonProposals], filters.sort, filters.dir);
  const byAgency = new Map<number, AgencyDeadlines>();
  const group = (deadline: Deadline) => {
    let agency = byAgency.get(deadline.agencyId);
    if (!agency) {
      agency = { agencyId: deadline.agencyId, agencyCode: deadline.agencyCode, overdue: [], dueSoon: [] };
      byAgency.set(deadline.agencyId, agency);
    }
    return agency;
  };
  for (const deadline of overdue) group(deadline).overdue.push(deadline);
  for (const deadline of dueSoon) group(deadline).dueSoon.push(deadline);
  return {
    overdue,
    dueSoon,
    needsAmendment,
    byAgency: [...byAgency.values()].sort((a, b) => compareText(a.agencyCode, b.agencyCode)),
  };
}
