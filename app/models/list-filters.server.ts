import type { Executor } from "~/db.server";
import type { SessionUser } from "~/auth/session.server";
import { agencyInView } from "~/domain/agency-view";
import { NotFoundError } from "~/domain/errors";
import {
  PAGE_SIZE,
  type AmendmentListParams,
  type DeadlineParams,
  type DocumentListParams,
  type IgnoredParam,
  type ListQuery,
  type ProposalListParams,
} from "~/schemas/list-params";
import { agencyFilterIds } from "./agency.server";
import type { AmendmentFilters } from "./amendment.server";
import { getDecision } from "./decision.server";
import type { DeadlineFilters } from "./deadline.server";
import type { DocumentFilters } from "./legal-document.server";
import type { ProposalFilters } from "./proposal.server";

// A list's query string turned into its model filters: one mapping per list, shared by the
// list page and its exports, so an export holds exactly the rows its list shows. An agency or
// a decision that does not exist is a 404, as its own page is, never an empty list that looks
// like a true answer.

/** The agencies an agency filter matches (with its predecessors if asked); an unknown code is a 404. */
export async function agencyScope(db: Executor, code: string | undefined, withPredecessors = false): Promise<number[] | undefined> {
  const ids = await agencyFilterIds(db, code, withPredecessors);
  if (ids?.length === 0) throw new NotFoundError("agency");
  return ids;
}

/** A decision filter's id, when that decision exists; an unknown id is a 404. */
export async function decisionScope(db: Executor, id: number | undefined): Promise<number | undefined> {
  if (id !== undefined && !(await getDecision(db, id))) throw new NotFoundError("decision", id);
  return id;
}

/**
 * One page of a list and the values of its query string it did not use. A page past the last
 * shows the last page and is reported with those values, rather than no rows under a count.
 */
export async function listPage<Result extends { total: number }>(
  query: ListQuery<{ page: number }>,
  list: (page: number) => Promise<Result>,
): Promise<Result & { page: number; ignored: IgnoredParam[] }> {
  const asked = query.params.page;
  const result = await list(asked);
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (asked <= pages) return { ...result, page: asked, ignored: query.ignored };
  return {
    ...(await list(pages)),
    page: pages,
    ignored: [...query.ignored, { name: "page", value: String(asked), message: `list.errors.pageOutOfRange|pages=${pages}` }],
  };
}

export async function proposalFilters(db: Executor, params: ProposalListParams, today: string): Promise<ProposalFilters> {
  return {
    agencies: await agencyScope(db, params.agency, params.predecessors === "1"),
    status: params.status,
    type: params.type,
    action: params.action,
    decision: await decisionScope(db, params.decision),
    dueFrom: params.due_from,
    dueTo: params.due_to,
    approvedFrom: params.approved_from,
    approvedTo: params.approved_to,
    implementation: params.implementation,
    today,
    q: params.q,
    sort: params.sort,
    dir: params.dir,
    page: params.page,
  };
}

export async function amendmentFilters(db: Executor, params: AmendmentListParams, today: string): Promise<AmendmentFilters> {
  return {
    agencies: await agencyScope(db, params.agency, params.predecessors === "1"),
    stage: params.stage,
    form: params.form,
    overdue: params.overdue === "1",
    today,
    needed: params.needed
      ? { decision: await decisionScope(db, params.decision), type: params.regulation_type, approvedFrom: params.approved_from, approvedTo: params.approved_to }
      : undefined,
    reached: params.reached,
    q: params.q,
    sort: params.sort,
    page: params.page,
  };
}

export async function documentFilters(db: Executor, params: DocumentListParams): Promise<DocumentFilters> {
  return {
    q: params.q,
    type: params.type,
    status: params.status,
    agencies: await agencyScope(db, params.agency),
    incomplete: params.incomplete === "1",
    toAmend: params.to_amend
      ? {
          agencies: await agencyScope(db, params.amendment_agency),
          decision: await decisionScope(db, params.decision),
          type: params.regulation_type,
          approvedFrom: params.approved_from,
          approvedTo: params.approved_to,
        }
      : undefined,
    amended: params.to_amend === "1" && params.amended === "1",
    page: params.page,
  };
}

/** Deadlines: an officer's own agency unless another (or all) is asked for. */
export async function deadlineFilters(
  db: Executor,
  params: DeadlineParams,
  user: Pick<SessionUser, "role" | "agency_code">,
  today: string,
): Promise<{ filters: DeadlineFilters; agency: string | undefined; ownAgency: string | undefined }> {
  const agency = agencyInView(user, params.agency, params.all === "1");
  // not asked for: the officer's own agency, shown with a link to the whole
  const ownAgency = params.agency ? undefined : agency;
  // most days late first, earliest due date first: both put the longest-waiting work on top
  const dir = params.dir ?? (params.sort === "late" ? "desc" : "asc");
  return {
    filters: { agencies: await agencyScope(db, agency), q: params.q, today, within: params.within, sort: params.sort, dir },
    agency,
    ownAgency,
  };
}
