import type { Executor } from "~/db.server";
import { agencyFigureRows, sortAgencyRows } from "~/components/dashboard/agency-rows";
import { agencyInView } from "~/domain/agency-view";
import { currentDay } from "~/clock.server";
import { ForbiddenError } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { progressTowardTarget, TARGET_PERCENT } from "~/domain/target";
import { listAgencies, listAgencyNames } from "~/models/agency.server";
import { listBaselines } from "~/models/baseline.server";
import { listDecisions } from "~/models/decision.server";
import { steeringFigures } from "~/models/figures.server";
import { agencyScope, decisionScope } from "~/models/list-filters.server";
import { steeringSeries } from "~/models/series.server";
import { ALL_AGENCIES, type DashboardParams } from "~/schemas/dashboard";
import type { SteeringScopeParams } from "~/schemas/list-params";
import type { z } from "zod";

// The steering pages' reads: the dashboard's figures and the charts' series, for the scope the
// query string asks for (an officer's own agency unless they ask for another or for all).

/** Who reads a steering page: an actor, with the agency code an officer sees by default. */
export type SteeringReader = Actor & { agency_code: string | null };

/** The dashboard: headline figures, per-agency rows, progress toward the targets, the filters' choices. */
export async function readDashboard(db: Executor, actor: SteeringReader, params: DashboardParams) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  // the whole is asked for with agency=all
  const wantsAll = params.agency === ALL_AGENCIES;
  const agency = agencyInView(actor, wantsAll ? undefined : params.agency, wantsAll);
  const today = currentDay();
  const scope = {
    agency,
    decision: params.decision,
    type: params.type,
    approved_from: params.approved_from,
    approved_to: params.approved_to,
  };
  const [agencyIds, agencies, decisions, baselines] = await Promise.all([
    agencyScope(db, agency),
    listAgencies(db),
    listDecisions(db),
    listBaselines(db),
  ]);
  const figures = await steeringFigures(
    db,
    { agencies: agencyIds, decision: await decisionScope(db, params.decision), type: params.type, approvedFrom: params.approved_from, approvedTo: params.approved_to },
    today,
  );
  const shownBaselines = agencyIds ? baselines.filter((baseline) => agencyIds.includes(baseline.agency_id)) : baselines;
  const current = agency ? agencies.find((row) => row.code === agency) : undefined;
  return {
    scope,
    today,
    agency: current ? { code: current.code, name_vi: current.name_vi, name_en: current.name_en } : null,
    ownAgency: actor.role === "officer" ? actor.agency_code : null,
    total: figures.total,
    rows: sortAgencyRows(agencyFigureRows(figures.byAgency, agencies), params.sort, params.dir),
    progress: progressTowardTarget(figures.byAgency, shownBaselines),
    agencies: agencies.map((row) => ({ code: row.code, name_vi: row.name_vi, name_en: row.name_en })),
    decisions: decisions.map((decision) => ({ id: decision.id, number: decision.number })),
    target: TARGET_PERCENT,
    allowed: { editBaseline: can(actor, "agency:update") },
  };
}

/** The steering charts of a scope; `ownAgency` when the officer's own agency was chosen for them. */
export async function readCharts(db: Executor, actor: SteeringReader, params: z.output<typeof SteeringScopeParams>) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  const today = currentDay();
  const agency = agencyInView(actor, params.agency, params.all === "1");
  // not asked for: the officer's own agency, shown with a link to the whole
  const ownAgency = params.agency ? undefined : agency;
  const [agencyIds, agencies, decisions] = await Promise.all([agencyScope(db, agency), listAgencyNames(db), listDecisions(db)]);
  const series = await steeringSeries(
    db,
    { agencies: agencyIds, decision: await decisionScope(db, params.decision), type: params.type, approvedFrom: params.approved_from, approvedTo: params.approved_to },
    today,
  );
  return {
    agency,
    ownAgency,
    series,
    agencies,
    decisions: decisions.map((decision) => ({ id: decision.id, number: decision.number })),
  };
}
