import { sql } from "kysely";
import type { Executor } from "~/db.server";
import { readCache } from "./read-cache.server";
import { UNDER_WAY } from "~/domain/implementation";
import { emptyAmendmentFigures, emptyProposalFigures, type AgencyRow, type AmendmentFigures, type DecisionRow, type Figures, type ProposalFigures } from "~/domain/figures";
import { overdueCondition } from "./amendment.server";
import { proposalInScope, savingVnd, type SteeringScope } from "./scope.server";

// The figures the steering committee reviews, computed with a few grouped queries (one scan of
// proposals, one of the amendments they need) so the dashboard stays fast at 100,000 proposals.
// Every figure has a list behind it built from the same scope (app/models/scope.server.ts).

export type { AgencyRow, AmendmentFigures, DecisionRow, Figures, ProposalFigures } from "~/domain/figures";

/** Proposals in scope counted per agency and status (the agency–status index answers it). */
function statusCounts(db: Executor, scope: SteeringScope) {
  return db
    .selectFrom("proposals")
    .where(proposalInScope(scope))
    .select((eb) => ["proposals.agency_id", "proposals.status", eb.fn.countAll<number>().as("n")])
    .groupBy(["proposals.agency_id", "proposals.status"])
    .execute();
}

/** Approved proposals in scope, grouped finely enough to add up overall, per agency and per decision. */
function approvedGroups(db: Executor, scope: SteeringScope, today: string) {
  return db
    .selectFrom("proposals")
    .where("proposals.status", "=", "approved")
    .where(proposalInScope(scope))
    .select((eb) => [
      "proposals.agency_id",
      "proposals.decision_id",
      "proposals.implementation_progress",
      sql<number>`(proposals.implementation_progress in (${sql.join(UNDER_WAY)}) and proposals.due_on < ${today})`.as("late"),
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(savingVnd).as("saving"),
    ])
    .groupBy(["proposals.agency_id", "proposals.decision_id", "proposals.implementation_progress", "late"])
    .execute();
}

function addApprovedGroup(figures: ProposalFigures, group: Awaited<ReturnType<typeof approvedGroups>>[number]) {
  const n = Number(group.n);
  const saving = Number(group.saving ?? 0);
  figures.savingApproved += saving;
  if (group.implementation_progress === "implemented") {
    figures.implemented += n;
    figures.savingRealized += saving;
  }
  if (group.implementation_progress === "needs_amendment") figures.needsAmendment += n;
  if (Number(group.late) === 1) figures.overdue += n;
}

/**
 * Each (decision, amendment) pair of the amendments the approved proposals in scope need, in
 * one pass; the totals, per agency and per decision are added up from it without SQL's
 * count(distinct), which cost three scans.
 */
function neededAmendmentPairs(db: Executor, scope: SteeringScope, today: string) {
  return db
    .selectFrom("proposals")
    .innerJoin("proposal_amendments", "proposal_amendments.proposal_id", "proposals.id")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .where("proposals.status", "=", "approved")
    .where(proposalInScope({ ...scope, agencies: undefined }))
    .where("amendments.stage", "<>", "cancelled")
    .$if(Boolean(scope.agencies), (q) => q.where("amendments.agency_id", "in", scope.agencies?.length ? scope.agencies : [-1]))
    .select((eb) => [
      "proposals.decision_id",
      "amendments.id",
      "amendments.agency_id",
      "amendments.legal_document_id",
      "amendments.stage",
      eb.case().when(overdueCondition(eb, today)).then(1).else(0).end().as("late"),
    ])
    .execute();
}

type AmendmentPair = Awaited<ReturnType<typeof neededAmendmentPairs>>[number];

/**
 * Adds up distinct amendments, and their distinct target documents with how many of each
 * document's amendments are not in force yet (a document is amended once none is left).
 */
class AmendmentTally {
  private readonly amendments = new Set<number>();
  /** Per target document, its needed amendments not in force. */
  private readonly documents = new Map<number, number>();
  private readonly figures = emptyAmendmentFigures();

  add(pair: AmendmentPair) {
    if (this.amendments.has(pair.id)) return;
    this.amendments.add(pair.id);
    const pending = (this.documents.get(pair.legal_document_id) ?? 0) + (pair.stage === "in_force" ? 0 : 1);
    this.documents.set(pair.legal_document_id, pending);
    this.figures.amendments = this.amendments.size;
    this.figures.documents = this.documents.size;
    if (pair.stage === "promulgated" || pair.stage === "in_force") this.figures.promulgated++;
    if (pair.stage === "in_force") this.figures.inForce++;
    if (Number(pair.late) === 1) this.figures.overdue++;
  }

  /** The figures, with the documents amended counted once every pair is in. */
  result(): AmendmentFigures {
    this.figures.documentsAmended = [...this.documents.values()].filter((pending) => pending === 0).length;
    return this.figures;
  }
}

const figuresCache = readCache<ComputedFigures>(64);

/**
 * Everything the dashboard shows for one scope: the totals, and the same per agency and per
 * decision. Recomputed only when the data changed (app/models/read-cache.server.ts).
 */
export async function steeringFigures(db: Executor, scope: SteeringScope, today: string): Promise<ComputedFigures> {
  const figures = await figuresCache.read(db, `${today}|${JSON.stringify(scope)}`, () => computeSteeringFigures(db, scope, today));
  // callers may reshape what they get; the cached copy stays as computed
  return structuredClone(figures);
}

type ComputedFigures = Awaited<ReturnType<typeof computeSteeringFigures>>;

/** The figures computed afresh (what the first request after any change costs; the benchmark measures it). */
export async function computeSteeringFigures(db: Executor, scope: SteeringScope, today: string) {
  const [counts, groups, pairs] = await Promise.all([
    statusCounts(db, scope),
    approvedGroups(db, scope, today),
    neededAmendmentPairs(db, scope, today),
  ]);

  const total: Figures = { proposals: emptyProposalFigures(), amendments: emptyAmendmentFigures() };
  const agencies = new Map<number, AgencyRow>();
  const decisions = new Map<number, DecisionRow & { agencySet: Set<number> }>();
  const agencyRow = (agencyId: number) => {
    let row = agencies.get(agencyId);
    if (!row) {
      row = { agencyId, proposals: emptyProposalFigures(), amendments: emptyAmendmentFigures() };
      agencies.set(agencyId, row);
    }
    return row;
  };
  for (const count of counts) {
    total.proposals.byStatus[count.status] += Number(count.n);
    agencyRow(count.agency_id).proposals.byStatus[count.status] += Number(count.n);
  }
  for (const group of groups) {
    addApprovedGroup(total.proposals, group);
    addApprovedGroup(agencyRow(group.agency_id).proposals, group);
    if (group.decision_id === null) continue;
    let row = decisions.get(group.decision_id);
    if (!row) {
      row = { decisionId: group.decision_id, agencies: 0, agencySet: new Set(), proposals: emptyProposalFigures(), amendments: emptyAmendmentFigures() };
      decisions.set(group.decision_id, row);
    }
    row.proposals.byStatus.approved += Number(group.n);
    addApprovedGroup(row.proposals, group);
    row.agencySet.add(group.agency_id);
  }

  const totalTally = new AmendmentTally();
  const agencyTallies = new Map<number, AmendmentTally>();
  const decisionTallies = new Map<number, AmendmentTally>();
  const tallyOf = (tallies: Map<number, AmendmentTally>, key: number) => {
    let tally = tallies.get(key);
    if (!tally) {
      tally = new AmendmentTally();
      tallies.set(key, tally);
    }
    return tally;
  };
  for (const pair of pairs) {
    totalTally.add(pair);
    tallyOf(agencyTallies, pair.agency_id).add(pair);
    if (pair.decision_id !== null) tallyOf(decisionTallies, pair.decision_id).add(pair);
  }
  total.amendments = totalTally.result();
  for (const [agencyId, tally] of agencyTallies) agencyRow(agencyId).amendments = tally.result();
  for (const [decisionId, tally] of decisionTallies) {
    const decision = decisions.get(decisionId);
    if (decision) decision.amendments = tally.result();
  }
  return {
    total,
    byAgency: [...agencies.values()],
    byDecision: [...decisions.values()].map(({ agencySet, ...row }) => ({ ...row, agencies: agencySet.size })),
  };
}

export type SteeringFigures = Awaited<ReturnType<typeof steeringFigures>>;
