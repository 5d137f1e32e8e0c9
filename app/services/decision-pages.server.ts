import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import { found } from "~/domain/errors";
import { requireCan, can, type Actor } from "~/domain/permissions";
import { translator } from "~/i18n";
import { getDecision, listDecisionProposalsByAgency, listDecisionsWithCounts } from "~/models/decision.server";
import { listEvents } from "~/models/event.server";
import { decisionFormValues } from "~/schemas/decision";
import type { DecisionListParams, ListQuery } from "~/schemas/list-params";
import { reportWorkbook } from "./report-xlsx.server";
import { steeringReport } from "./snapshot.server";

// The decisions' pages' reads: each returns what its page shows and what this actor may do there
// (`allowed`, from the permission table), and refuses a missing decision with NotFoundError.

/** The decisions list (or those matching `q`), newest first, with how many proposals each approved. */
export async function readDecisionList(db: Executor, actor: Actor, query: ListQuery<DecisionListParams>) {
  requireCan(actor, "record:read");
  const decisions = await listDecisionsWithCounts(db, { q: query.params.q });
  return { params: query.params, ignored: query.ignored, decisions, allowed: { create: can(actor, "decision:create") } };
}

/** A decision's page: the decision, the committee's report on it, its proposals per agency, its history. */
export async function readDecisionPage(db: Executor, actor: Actor, params: { id: number }) {
  requireCan(actor, "record:read");
  const decision = found(await getDecision(db, params.id), "decision", params.id);
  const today = currentDay();
  const [groups, history, report] = await Promise.all([
    listDecisionProposalsByAgency(db, decision.id),
    listEvents(db, "decision", decision.id),
    steeringReport(db, { decision: decision.id }, today),
  ]);
  return {
    decision,
    groups,
    history,
    report,
    today,
    allowed: { edit: can(actor, "decision:update"), export: can(actor, "report:export") },
  };
}

/** The edit form of a decision: its values as typed and its version. */
export async function readDecisionEdit(db: Executor, actor: Actor, params: { id: number }) {
  requireCan(actor, "decision:update");
  const decision = found(await getDecision(db, params.id), "decision", params.id);
  return { number: decision.number, values: decisionFormValues(decision), version: String(decision.version) };
}

/**
 * A decision's steering report as it stands today: the printable page and the XLSX show the same
 * tables; the page names the decision as the official documents do, by its title and signing date.
 */
export async function readDecisionReport(db: Executor, actor: Actor, id: number) {
  requireCan(actor, "report:export");
  const decision = found(await getDecision(db, id), "decision", id);
  const report = await steeringReport(db, { decision: decision.id }, currentDay());
  const { number, signed_on, title_vi, title_en } = decision;
  return { decision: { id: decision.id, number, signed_on, title_vi, title_en }, report };
}

/** The decision's report as an XLSX workbook, titled in Vietnamese. */
export async function decisionReportWorkbook(db: Executor, actor: Actor, params: { id: number }) {
  const { decision, report } = await readDecisionReport(db, actor, params.id);
  const title = translator("vi")("reports.decisionTitle", { number: decision.number });
  return { title, workbook: await reportWorkbook(report, { title }) };
}
