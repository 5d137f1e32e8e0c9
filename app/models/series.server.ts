import type { Executor } from "~/db.server";
import { STAGE_ORDER } from "~/domain/amendment";
import type { AgencyOverdue, AgencyStages, ChartStage, MonthPoint, SteeringSeries } from "~/domain/series";
import { overdueCondition } from "./amendment.server";
import { implementationStatusIs } from "./proposal.server";
import { amendmentNeeded, proposalInScope, type SteeringScope } from "./scope.server";
import { monthOf } from "./sql.server";

// The series behind the steering charts, over the same scope as the dashboard's figures
// (app/models/scope.server.ts), so a chart's last point and bars agree with the figures.

export type { AgencyOverdue, AgencyStages, ChartStage, MonthPoint, SteeringSeries } from "~/domain/series";

/** Every month from the first to the last, inclusive ("YYYY-MM"). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const end = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7));
  while (year * 12 + month <= end) {
    months.push(`${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/**
 * Monthly counts of approvals (by the decision's signing month) and implementations, cumulated,
 * up to today: nothing signed or implemented on a later date is counted (none should exist).
 */
async function monthlySeries(db: Executor, scope: SteeringScope, today: string): Promise<MonthPoint[]> {
  const approvedMonth = monthOf("decisions.signed_on");
  const implementedMonth = monthOf("proposals.implemented_on");
  const [approvals, implementations] = await Promise.all([
    db
      .selectFrom("proposals")
      .innerJoin("decisions", "decisions.id", "proposals.decision_id")
      .where("proposals.status", "=", "approved")
      .where(proposalInScope(scope))
      .where("decisions.signed_on", "<=", today)
      .select((eb) => [approvedMonth.as("month"), eb.fn.countAll<number>().as("n")])
      .groupBy(approvedMonth)
      .execute(),
    db
      .selectFrom("proposals")
      .where(proposalInScope(scope))
      .where("proposals.status", "=", "approved")
      .where("proposals.implementation_progress", "=", "implemented")
      .where("proposals.implemented_on", "is not", null)
      .where("proposals.implemented_on", "<=", today)
      .select((eb) => [implementedMonth.as("month"), eb.fn.countAll<number>().as("n")])
      .groupBy(implementedMonth)
      .execute(),
  ]);
  const approvedIn = new Map(approvals.map((row) => [row.month, Number(row.n)]));
  const implementedIn = new Map(implementations.map((row) => [row.month, Number(row.n)]));
  const all = [...approvedIn.keys(), ...implementedIn.keys()].sort();
  const first = all[0];
  const last = all[all.length - 1];
  if (first === undefined || last === undefined) return [];
  let approved = 0;
  let implemented = 0;
  return monthsBetween(first, last).map((month) => {
    approved += approvedIn.get(month) ?? 0;
    implemented += implementedIn.get(month) ?? 0;
    return { month, approved, implemented };
  });
}

function emptyStages(): Record<ChartStage, number> {
  return Object.fromEntries(STAGE_ORDER.map((stage) => [stage, 0])) as Record<ChartStage, number>;
}

/** The amendments the approved proposals in scope need, by their agency and stage. */
async function stageSeries(db: Executor, scope: SteeringScope): Promise<AgencyStages[]> {
  const rows = await db
    .selectFrom("amendments")
    .innerJoin("agencies", "agencies.id", "amendments.agency_id")
    .where(amendmentNeeded(scope))
    .select((eb) => ["amendments.agency_id", "agencies.code", "amendments.stage", eb.fn.countAll<number>().as("n")])
    .groupBy(["amendments.agency_id", "agencies.code", "amendments.stage"])
    .orderBy("agencies.code")
    .execute();
  const byAgency = new Map<number, AgencyStages>();
  for (const row of rows) {
    if (row.stage === "cancelled") continue;
    let agency = byAgency.get(row.agency_id);
    if (!agency) {
      agency = { agencyId: row.agency_id, agencyCode: row.code, stages: emptyStages(), total: 0 };
      byAgency.set(row.agency_id, agency);
    }
    agency.stages[row.stage] += Number(row.n);
    agency.total += Number(row.n);
  }
  return [...byAgency.values()];
}

/** Overdue approved proposals and overdue needed amendments, per agency, as the figures count them. */
async function overdueSeries(db: Executor, scope: SteeringScope, today: string): Promise<AgencyOverdue[]> {
  const [proposals, amendments] = await Promise.all([
    db
      .selectFrom("proposals")
      .innerJoin("agencies", "agencies.id", "proposals.agency_id")
      .where(proposalInScope(scope))
      .where(implementationStatusIs("overdue", today))
      .select((eb) => ["proposals.agency_id", "agencies.code", eb.fn.countAll<number>().as("n")])
      .groupBy(["proposals.agency_id", "agencies.code"])
      .execute(),
    db
      .selectFrom("amendments")
      .innerJoin("agencies", "agencies.id", "amendments.agency_id")
      .where(amendmentNeeded(scope))
      .where((eb) => overdueCondition(eb, today))
      .select((eb) => ["amendments.agency_id", "agencies.code", eb.fn.countAll<number>().as("n")])
      .groupBy(["amendments.agency_id", "agencies.code"])
      .execute(),
  ]);
  const byAgency = new Map<number, AgencyOverdue>();
  const row = (agencyId: number, agencyCode: string) => {
    let agency = byAgency.get(agencyId);
    if (!agency) {
      agency = { agencyId, agencyCode, proposals: 0, amendments: 0 };
      byAgency.set(agencyId, agency);
    }
    return agency;
  };
  for (const group of proposals) row(group.agency_id, group.code).proposals = Number(group.n);
  for (const group of amendments) row(group.agency_id, group.code).amendments = Number(group.n);
  return [...byAgency.values()].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
}

/** The three steering charts' data for one scope; `today` (todayIso()) decides what is overdue and where the months end. */
export async function steeringSeries(db: Executor, scope: SteeringScope, today: string): Promise<SteeringSeries> {
  const [monthly, stagesByAgency, overdueByAgency] = await Promise.all([
    monthlySeries(db, scope, today),
    stageSeries(db, scope),
    overdueSeries(db, scope, today),
  ]);
  return { monthly, stagesByAgency, overdueByAgency };
}
