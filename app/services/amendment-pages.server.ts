import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import { canCommentOnAmendment, daysLate, isAmendmentOverdue } from "~/domain/amendment";
import { formatDate } from "~/domain/dates";
import { numberYearMismatch } from "~/domain/document-number";
import { NotFoundError } from "~/domain/errors";
import { requireCan, agencyRestriction, can, canLink, type Actor } from "~/domain/permissions";
import { AMENDMENT_STAGES, type AmendmentStage } from "~/domain/vocabulary";
import { getAgency, listAgenciesToFileUnder, listAgencyNames } from "~/models/agency.server";
import { getAmendment, listAmendmentProposals, listAmendments } from "~/models/amendment.server";
import { listEvents } from "~/models/event.server";
import { amendmentFilters, listPage } from "~/models/list-filters.server";
import { getProposalByCode } from "~/models/proposal.server";
import { amendmentStageValues } from "~/schemas/amendment";
import type { AmendmentListParams, ListQuery } from "~/schemas/list-params";

// The amendment pages' reads: each returns what its page shows and what this actor may do there
// (`allowed`, from the rules of app/domain), and refuses a missing record with NotFoundError.

/** The amendments list: one page of the filtered rows, with each row's overdue mark, and the agencies to filter by. */
export async function readAmendmentList(db: Executor, actor: Actor, query: ListQuery<AmendmentListParams>) {
  requireCan(actor, "record:read");
  const today = currentDay();
  const filters = await amendmentFilters(db, query.params, today);
  const [{ page, ignored, ...result }, agencies] = await Promise.all([
    listPage(query, (page) => listAmendments(db, { ...filters, page })),
    listAgencyNames(db),
  ]);
  return {
    params: { ...query.params, page },
    ignored,
    total: result.total,
    rows: result.rows.map((row) => ({ ...row, overdue: isAmendmentOverdue(row.stage, row.deadline, today) })),
    agencies,
    allowed: { create: can(actor, "amendment:create") },
  };
}

/**
 * An amendment's page: the task, its proposals (each with whether this actor may take it off),
 * its history, and the stage form's starting values. `asked` is the stage a save asked for:
 * when the effective date stored another, the page says why.
 */
export async function readAmendmentPage(db: Executor, actor: Actor, params: { id: number; asked?: string | null }) {
  requireCan(actor, "record:read");
  const amendment = await getAmendment(db, params.id);
  if (!amendment) throw new NotFoundError("amendment", params.id);
  const [proposals, history] = await Promise.all([listAmendmentProposals(db, amendment.id), listEvents(db, "amendment", amendment.id)]);
  const today = currentDay();
  const asked = params.asked;
  const storedOtherStage =
    AMENDMENT_STAGES.includes(asked as AmendmentStage) && asked !== amendment.stage && amendment.amending_effective_on ? amendment.stage : null;
  const update = can(actor, "amendment:update", amendment);
  return {
    amendment,
    proposals: proposals.map((proposal) => ({ ...proposal, allowed: { unlink: canLink(actor, amendment, proposal) } })),
    history,
    today,
    storedOtherStage,
    yearMismatch: amendment.amending_number ? numberYearMismatch(amendment.amending_number, amendment.amending_issued_on) : null,
    overdue: isAmendmentOverdue(amendment.stage, amendment.deadline, today),
    daysLate: daysLate(amendment.deadline, today),
    stageValues: amendmentStageValues(amendment),
    version: String(amendment.version),
    allowed: {
      moveStage: update,
      link: update,
      /** Whether the page offers unlinking at all; each proposal says whether this one may go. */
      unlink: update,
      comment: canCommentOnAmendment(actor, amendment),
    },
  };
}

/**
 * The new amendment form: the agencies this actor may file under (an officer: their own, locked),
 * and, coming from a proposal (`proposal`: its code), that proposal's document, provisions and
 * due date as the first guess.
 */
export async function readNewAmendment(db: Executor, actor: Actor, params: { proposal?: string | null }) {
  requireCan(actor, "amendment:create");
  const code = params.proposal?.trim();
  const [proposal, agencies, own] = await Promise.all([
    code ? getProposalByCode(db, code) : undefined,
    listAgenciesToFileUnder(db, actor),
    actor.agency_id === null ? undefined : getAgency(db, actor.agency_id),
  ]);
  const agencyLocked = agencyRestriction(actor, "amendment:create") !== null;
  // the regulation usually lives in the very document to amend, so the proposal's source is the first guess
  const values = {
    agency: agencyLocked ? (own?.code ?? "") : (proposal?.agency_code ?? ""),
    document: proposal?.source_document_number ?? "",
    provisions: proposal?.source_provision ?? "",
    deadline: formatDate(proposal?.due_on, "vi"),
    proposals: proposal?.code ?? "",
  };
  return { proposal: proposal ? { code: proposal.code, title: proposal.title } : null, agencies, agencyLocked, values };
}
