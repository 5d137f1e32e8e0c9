import { sql, type Kysely, type RawBuilder } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { STAGE_ORDER } from "~/domain/amendment";
import { todayIso } from "~/domain/dates";
import { steeringFigures } from "~/models/figures.server";
import type { SteeringScope } from "~/models/scope.server";
import { monthsBetween, steeringSeries } from "~/models/series.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";

// The chart series checked against counts written here in plain SQL, straight from the tables
// of the demo data (built through the app's services), for several scopes.

let database: TestDatabase;
let db: Kysely<DB>;
const today = todayIso();

beforeAll(async () => {
  database = await createTestDatabase({ demo: { password: "demo-password-for-tests" } });
  db = database.open();
});

afterAll(async () => {
  await database?.remove();
});

/** The scope as a plain SQL condition on `p` (proposals) joined to `d` (its decision). */
function proposalCondition(scope: SteeringScope, withAgency: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (withAgency && scope.agencies) parts.push(sql`p.agency_id in (${sql.join(scope.agencies.length ? scope.agencies : [-1])})`);
  if (scope.decision) parts.push(sql`p.decision_id = ${scope.decision}`);
  if (scope.type) parts.push(sql`p.regulation_type = ${scope.type}`);
  if (scope.approvedFrom) parts.push(sql`d.signed_on >= ${scope.approvedFrom}`);
  if (scope.approvedTo) parts.push(sql`d.signed_on <= ${scope.approvedTo}`);
  return sql.join(parts, sql` and `);
}

async function cumulativeBySql(scope: SteeringScope, month: string) {
  const { rows } = await sql<{ approved: number; implemented: number }>`
    select
      count(*) filter (where p.status = 'approved' and substr(d.signed_on, 1, 7) <= ${month}) as approved,
      count(*) filter (where p.status = 'approved' and p.implementation_progress = 'implemented' and substr(p.implemented_on, 1, 7) <= ${month}) as implemented
    from proposals p left join decisions d on d.id = p.decision_id
    where ${proposalCondition(scope, true)}`.execute(db);
  return { approved: Number(rows[0]?.approved ?? 0), implemented: Number(rows[0]?.implemented ?? 0) };
}

/** Needed amendments: not cancelled, of the agencies, linked to an approved proposal in scope. */
function neededCondition(scope: SteeringScope): RawBuilder<unknown> {
  const agencies = scope.agencies ? sql`and a.agency_id in (${sql.join(scope.agencies.length ? scope.agencies : [-1])})` : sql``;
  return sql`a.stage <> 'cancelled' ${agencies} and a.id in (
    select pa.amendment_id from proposal_amendments pa
    join proposals p on p.id = pa.proposal_id
    left join decisions d on d.id = p.decision_id
    where p.status = 'approved' and ${proposalCondition(scope, false)})`;
}

async function stagesBySql(scope: SteeringScope) {
  const { rows } = await sql<{ code: string; stage: string; n: number }>`
    select g.code, a.stage, count(*) as n from amendments a join agencies g on g.id = a.agency_id
    where ${neededCondition(scope)} group by g.code, a.stage`.execute(db);
  return rows;
}

async function overdueBySql(scope: SteeringScope) {
  const proposals = await sql<{ code: string; n: number }>`
    select g.code, count(*) as n from proposals p join agencies g on g.id = p.agency_id left join decisions d on d.id = p.decision_id
    where ${proposalCondition(scope, true)} and p.status = 'approved'
      and p.implementation_progress in ('not_started', 'in_progress') and p.due_on < ${today}
    group by g.code`.execute(db);
  const amendments = await sql<{ code: string; n: number }>`
    select g.code, count(*) as n from amendments a join agencies g on g.id = a.agency_id
    where ${neededCondition(scope)} and a.deadline is not null and a.deadline < ${today} and a.stage not in ('in_force', 'cancelled')
    group by g.code`.execute(db);
  return { proposals: proposals.rows, amendments: amendments.rows };
}

async function agencyId(code: string): Promise<number> {
  return (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

async function decisionId(number: string): Promise<number> {
  return (await db.selectFrom("decisions").select("id").where("number", "=", number).executeTakeFirstOrThrow()).id;
}

async function scopes(): Promise<[string, SteeringScope][]> {
  const busiest = await sql<{ agency_id: number }>`
    select agency_id from proposals where status = 'approved' group by agency_id order by count(*) desc limit 1`.execute(db);
  return [
    ["everything", {}],
    ["one agency", { agencies: [busiest.rows[0]?.agency_id ?? (await agencyId("BTC"))] }],
    ["one decision", { decision: await decisionId("1015/QĐ-TTg") }],
    ["one regulation type", { type: "business_condition" }],
    ["an approval period", { approvedFrom: "2022-01-01", approvedTo: "2023-12-31" }],
    ["an unknown agency", { agencies: [] }],
  ];
}

describe("steering series", () => {
  test("the demo data has something to chart", async () => {
    const series = await steeringSeries(db, {}, today);
    expect(series.monthly.length).toBeGreaterThan(12);
    expect(series.stagesByAgency.length).toBeGreaterThan(3);
    expect(series.overdueByAgency.some((agency) => agency.proposals > 0)).toBe(true);
    expect(series.overdueByAgency.some((agency) => agency.amendments > 0)).toBe(true);
  });

  test("months run without gaps and the counts only grow", async () => {
    const { monthly } = await steeringSeries(db, {}, today);
    const first = monthly[0]?.month ?? "";
    const last = monthly[monthly.length - 1]?.month ?? "";
    expect(monthly.map((point) => point.month)).toEqual(monthsBetween(first, last));
    for (let i = 1; i < monthly.length; i++) {
      expect(monthly[i]?.approved).toBeGreaterThanOrEqual(monthly[i - 1]?.approved ?? 0);
      expect(monthly[i]?.implemented).toBeGreaterThanOrEqual(monthly[i - 1]?.implemented ?? 0);
    }
  });

  test("monthsBetween crosses years", () => {
    expect(monthsBetween("2022-11", "2023-02")).toEqual(["2022-11", "2022-12", "2023-01", "2023-02"]);
    expect(monthsBetween("2023-02", "2023-02")).toEqual(["2023-02"]);
  });

  test("every month's cumulative counts equal the SQL counts, in every scope", async () => {
    for (const [name, scope] of await scopes()) {
      const { monthly } = await steeringSeries(db, scope, today);
      for (const point of monthly) {
        expect({ scope: name, month: point.month, ...(await cumulativeBySql(scope, point.month)) }).toEqual({
          scope: name,
          month: point.month,
          approved: point.approved,
          implemented: point.implemented,
        });
      }
      // and the last month holds every approval and implementation of the scope
      const all = await cumulativeBySql(scope, "9999-12");
      const last = monthly[monthly.length - 1];
      expect({ scope: name, approved: last?.approved ?? 0, implemented: last?.implemented ?? 0 }).toEqual({ scope: name, ...all });
    }
  });

  test("the last month agrees with the dashboard's figures", async () => {
    for (const [name, scope] of await scopes()) {
      const [{ monthly }, figures] = await Promise.all([steeringSeries(db, scope, today), steeringFigures(db, scope, today)]);
      const last = monthly[monthly.length - 1];
      expect({ scope: name, approved: last?.approved ?? 0, implemented: last?.implemented ?? 0 }).toEqual({
        scope: name,
        approved: figures.total.proposals.byStatus.approved,
        implemented: figures.total.proposals.implemented,
      });
    }
  });

  test("stage counts per agency equal the SQL counts, in every scope", async () => {
    for (const [name, scope] of await scopes()) {
      const { stagesByAgency } = await steeringSeries(db, scope, today);
      const charted = stagesByAgency.flatMap((agency) =>
        STAGE_ORDER.filter((stage) => agency.stages[stage] > 0).map((stage) => `${name} ${agency.agencyCode} ${stage} ${agency.stages[stage]}`),
      );
      const counted = (await stagesBySql(scope)).map((row) => `${name} ${row.code} ${row.stage} ${row.n}`);
      expect(charted.sort()).toEqual(counted.sort());
      for (const agency of stagesByAgency) {
        expect(agency.total).toBe(STAGE_ORDER.reduce((sum, stage) => sum + agency.stages[stage], 0));
      }
    }
  });

  test("overdue counts per agency equal the SQL counts and the figures, in every scope", async () => {
    for (const [name, scope] of await scopes()) {
      const [{ overdueByAgency }, figures] = await Promise.all([steeringSeries(db, scope, today), steeringFigures(db, scope, today)]);
      const counted = await overdueBySql(scope);
      const charted = (kind: "proposals" | "amendments") =>
        overdueByAgency.filter((agency) => agency[kind] > 0).map((agency) => `${name} ${agency.agencyCode} ${agency[kind]}`).sort();
      expect(charted("proposals")).toEqual(counted.proposals.map((row) => `${name} ${row.code} ${row.n}`).sort());
      expect(charted("amendments")).toEqual(counted.amendments.map((row) => `${name} ${row.code} ${row.n}`).sort());
      const sum = (kind: "proposals" | "amendments") => overdueByAgency.reduce((total, agency) => total + agency[kind], 0);
      expect({ scope: name, proposals: sum("proposals"), amendments: sum("amendments") }).toEqual({
        scope: name,
        proposals: figures.total.proposals.overdue,
        amendments: figures.total.amendments.overdue,
      });
    }
  });
});
