import { sql, type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import type { RegulationType } from "~/domain/vocabulary";
import type { DB } from "../../db/types";

// The steering committee's scope: which approved work a figure or a list speaks of. The
// dashboard's figures and the lists they link to build their WHERE clauses from these same
// functions, so a figure and its list's total cannot disagree.

export interface SteeringScope {
  /** Agency ids responsible now (proposals' agency; for amendments the amendment's own agency). */
  agencies?: number[];
  decision?: number;
  type?: RegulationType;
  /** The approving decision's signing date, from and to (ISO, inclusive). */
  approvedFrom?: string;
  approvedTo?: string;
}

/** Whether the scope asks for anything beyond the agency (which every list filters by itself). */
export function hasApprovalScope(scope: SteeringScope): boolean {
  return Boolean(scope.decision || scope.type || scope.approvedFrom || scope.approvedTo);
}

/** The approving decision's signing date within the period (correlated on proposals.decision_id). */
function signedWithin(eb: ExpressionBuilder<DB, "proposals">, from?: string, to?: string): Expression<SqlBool> {
  let signed = eb.selectFrom("decisions").select(sql.lit(1).as("one")).whereRef("decisions.id", "=", "proposals.decision_id");
  if (from) signed = signed.where("decisions.signed_on", ">=", from);
  if (to) signed = signed.where("decisions.signed_on", "<=", to);
  return eb.exists(signed);
}

/** A proposal in scope: of the agencies, decision, type and approval period asked for. */
export function proposalInScope(scope: SteeringScope) {
  return (eb: ExpressionBuilder<DB, "proposals">) => {
    const conditions: Expression<SqlBool>[] = [];
    if (scope.agencies) conditions.push(eb("proposals.agency_id", "in", scope.agencies.length ? scope.agencies : [-1]));
    if (scope.decision) conditions.push(eb("proposals.decision_id", "=", scope.decision));
    if (scope.type) conditions.push(eb("proposals.regulation_type", "=", scope.type));
    if (scope.approvedFrom || scope.approvedTo) conditions.push(signedWithin(eb, scope.approvedFrom, scope.approvedTo));
    return eb.and(conditions);
  };
}

/**
 * An amendment the approved proposals in scope need: not cancelled, of the agencies asked for,
 * and linked to at least one approved proposal of the decision, type and period asked for.
 */
export function amendmentNeeded(scope: SteeringScope) {
  return (eb: ExpressionBuilder<DB, "amendments">) => {
    // an uncorrelated IN: SQLite builds the set of needed amendments once; a correlated EXISTS
    // let the planner probe all approved proposals for every amendment (minutes at 100,000)
    const needed = eb
      .selectFrom("proposals")
      .innerJoin("proposal_amendments", "proposal_amendments.proposal_id", "proposals.id")
      .select("proposal_amendments.amendment_id")
      .where("proposals.status", "=", "approved")
      .where(proposalInScope({ ...scope, agencies: undefined }));
    return eb.and([
      eb("amendments.stage", "<>", "cancelled"),
      ...(scope.agencies ? [eb("amendments.agency_id", "in", scope.agencies.length ? scope.agencies : [-1])] : []),
      eb("amendments.id", "in", needed),
    ]);
  };
}

/** The yearly compliance cost a proposal saves: before − after, where "before" is known. */
export const savingVnd = sql<number>`(case when proposals.cost_before_vnd is null then 0 else proposals.cost_before_vnd - coalesce(proposals.cost_after_vnd, 0) end)`;
