import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import { ForbiddenError, found } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { mayPostProposalIntent, proposalAllowed, type ProposalIntent } from "~/domain/proposal-workflow";
import { getAgency, listAgenciesToFileUnder, listAgencyNames } from "~/models/agency.server";
import { listDecisions } from "~/models/decision.server";
import { listEvents } from "~/models/event.server";
import { listPage, proposalFilters } from "~/models/list-filters.server";
import { getProposalByCode, listProposalAmendments, listProposals } from "~/models/proposal.server";
import type { ListQuery, ProposalListParams } from "~/schemas/list-params";
import { proposalFormValues } from "~/schemas/proposal";

// The proposal pages' reads: each page's data and what this actor may do there, from the
// permission rules of app/domain. A proposal's code is read as typed in the address ("byt-0001").

/** The decisions an approval (or a bulk approval) may name, as their select offers them. */
async function decisionChoices(db: Executor) {
  return (await listDecisions(db)).map((decision) => ({ id: decision.id, number: decision.number, timeline: decision.timeline }));
}

/** A proposal's page: the proposal, its amendments, its history, and the forms this actor may use. */
export async function readProposalPage(db: Executor, actor: Actor, code: string) {
  const proposal = found(await getProposalByCode(db, code), "proposal", code);
  const allowed = proposalAllowed(actor, proposal);
  const [amendments, history, decisions] = await Promise.all([
    listProposalAmendments(db, proposal.id),
    listEvents(db, "proposal", proposal.id),
    allowed.transitions.includes("approve") ? decisionChoices(db) : [],
  ]);
  return { proposal, amendments, history, decisions, today: currentDay(), allowed };
}

/**
 * Whether the actor may post this form of the proposal's page at all (else NotFoundError,
 * ForbiddenError). The proposal's code as stored, for the use case and the page to go back to.
 */
export async function authorizeProposalPost(db: Executor, actor: Actor, code: string, intent: ProposalIntent): Promise<string> {
  const proposal = found(await getProposalByCode(db, code), "proposal", code);
  if (!mayPostProposalIntent(actor, proposal, intent)) throw new ForbiddenError();
  return proposal.code;
}

/**
 * A proposal's edit form: the values it opens with and its version. `locked` when this actor may
 * update the proposal's agency's records but no longer its content (an officer, once submitted).
 */
export async function readProposalEdit(db: Executor, actor: Actor, code: string) {
  const proposal = found(await getProposalByCode(db, code), "proposal", code);
  if (!can(actor, "proposal:update", proposal)) throw new ForbiddenError("proposal:update");
  const allowed = proposalAllowed(actor, proposal);
  return { code: proposal.code, values: proposalFormValues(proposal), version: String(proposal.version), locked: !allowed.edit };
}

/** The new proposal form: the agencies this actor may file under (an officer only their own, fixed). */
export async function readNewProposal(db: Executor, actor: Actor) {
  if (!can(actor, "proposal:create")) throw new ForbiddenError("proposal:create");
  const [agencies, own] = await Promise.all([
    listAgenciesToFileUnder(db, actor),
    actor.agency_id === null ? undefined : getAgency(db, actor.agency_id),
  ]);
  return { agencies, agencyLocked: actor.role === "officer", ownAgency: own?.code ?? "" };
}

/** The list of proposals: one page of the filtered rows, the filters' choices, and what this actor may start from it. */
export async function readProposalList(db: Executor, actor: Actor, query: ListQuery<ProposalListParams>) {
  const today = currentDay();
  const filters = await proposalFilters(db, query.params, today);
  const [{ page, ignored, ...result }, agencies, decisions] = await Promise.all([
    listPage(query, (page) => listProposals(db, { ...filters, page })),
    listAgencyNames(db),
    decisionChoices(db),
  ]);
  return {
    params: { ...query.params, page },
    ignored,
    ...result,
    agencies,
    decisions,
    today,
    allowed: { create: can(actor, "proposal:create"), review: can(actor, "proposal:review") },
  };
}
