import { sql } from "kysely";
import type { Executor } from "~/db.server";
import { PROPOSAL_STATUSES, type ProposalStatus } from "~/domain/vocabulary";
import { overdueCondition } from "./amendment.server";
import { amendmentNeeded, proposalInScope, savingVnd, type SteeringScope } from "./scope.server";

// The figures the steering committee reviews, computed with a few grouped queries (one scan of
// proposals, one of the amendments they need) so the dashboard stays fast at 100,000 proposals.
// Every figure has a list behind it built from the same scope (app/models/scope.server.ts).

export interface ProposalFigures {
  byStatus: Record<ProposalStatus, number>;
  implemented: number;
  overdue: number;
  /** Yearly compliance cost saved by approved proposals, and by implemented ones (VND). */
  savingApproved: number;
  savingRealized: number;
}

export interface AmendmentFigures {
  /** Distinct legal documents the needed amendments target. */
  documents: number;
  amendments: number;
  /** Reached promulgation (promulgated or in force). */
  promulgated: number;
  inForce: number;
  overdue: number;
}

export interface Figures {
  proposals: ProposalFigures;
  amendments: AmendmentFigures;
}

export interface AgencyRow extends Figures {
  agencyId: number;
}

export interface DecisionRow extends Figures {
  decisionId: number;
  /** Agencies with approved proposals under the decision. */
  agencies: number;
}

export function emptyProposalFigures(): ProposalFigures {
  return {
    byStatus: Object.fromEntries(PROPOSAL_STATUSES.map((status) => [status, 0])) as Record<ProposalStatus, number>,
    implemented: 0,
    overdue: 0,
    savingApproved: 0,
    savingRealized: 0,
  };
}

export function emptyAmendmentFigures(): AmendmentFigures {
  return { documents: 0, amendments: 0, promulgated: 0, inForce: 0, overdue: 0 };
}

/** Proposals in scope, grouped finely enough to add up overall, per agency and per decision. */
async function proposalGroups(db: Executor, scope: SteeringScope, today: string) {
  return db
    .selectFrom("proposals")
    .where(proposalInScope(scope))
    .select((eb) => [
      "proposals.agency_id",
      "proposals.decision_id",
      "proposals.status",
      "proposals.implementation_progress",
      sql<number>`(proposals.status = 'approved' and proposals.implementation_progress in ('not_started', 'in_progress') and proposals.due_on < ${today})`.as(
        "late",
      ),
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(savingVnd).as("saving"),
    ])
    .groupBy(["proposals.agency_id", "proposals.decision_id", "proposals.status", "proposals.implementation_progress", "late"])
    .execute();
}

function addProposalGroup(figures: ProposalFigures, group: Awaited<ReturnType<typeof proposalGroups>>[number]) {
  const n = Number(group.n);
  const saving = Number(group.saving ?? 0);
  figures.byStatus[group.status] += n;
  if (group.status !== "approved") return;
  figures.savingApproved += saving;
  if (group.implementation_progress === "implemented") {
    figures.implemented += n;
    figures.savingRealized += saving;
  }
  if (Number(group.late) === 1) figures.overdue += n;
}

/** The amendments the approved proposals in scope need, counted overall or per agency. */
async function amendmentGroups(db: Executor, scope: SteeringScope, today: string, perAgency: boolean) {
  let query = db
    .selectFrom("amendments")
    .where(amendmentNeeded(scope))
    .select((eb) => [
      eb.fn.countAll<number>().as("amendments"),
      sql<number>`count(distinct amendments.legal_document_id)`.as("documents"),
      sql<number>`sum(amendments.stage in ('promulgated', 'in_force'))`.as("promulgated"),
      sql<number>`sum(amendments.stage = 'in_force')`.as("in_force"),
      eb.fn.sum<number>(eb.case().when(overdueCondition(eb, today)).then(1).else(0).end()).as("overdue"),
    ]);
  if (perAgency) query = query.select("amendments.agency_id").groupBy("amendments.agency_id");
  return (await query.$castTo<{ agency_id?: number } & Record<"amendments" | "documents" | "promulgated" | "in_force" | "overdue", number | null>>().execute());
}

/** Per decision: the amendments its approved proposals (in scope) need. */
async function amendmentGroupsByDecision(db: Executor, scope: SteeringScope, today: string) {
  // each (decision, amendment) pair once, then plain sums: cheaper than five count(distinct)
  const pairs = db
    .selectFrom("proposals")
    .innerJoin("proposal_amendments", "proposal_amendments.proposal_id", "proposals.id")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .where("proposals.status", "=", "approved")
    .where("proposals.decision_id", "is not", null)
    .where(proposalInScope({ ...scope, agencies: undefined }))
    .where("amendments.stage", "<>", "cancelled")
    .$if(Boolean(scope.agencies), (q) => q.where("amendments.agency_id", "in", scope.agencies?.length ? scope.agencies : [-1]))
    .select((eb) => [
      "proposals.decision_id",
      "amendments.id",
      "amendments.legal_document_id",
      "amendments.stage",
      eb.case().when(overdueCondition(eb, today)).then(1).else(0).end().as("late"),
    ])
    .distinct()
    .as("pair");
  return db
    .selectFrom(pairs)
    .select((eb) => [
      "pair.decision_id",
      eb.fn.countAll<number>().as("amendments"),
      sql<number>`count(distinct pair.legal_document_id)`.as("documents"),
      sql<number>`sum(pair.stage in ('promulgated', 'in_force'))`.as("promulgated"),
      sql<number>`sum(pair.stage = 'in_force')`.as("in_force"),
      eb.fn.sum<number>("pair.late").as("overdue"),
    ])
    .groupBy("pair.decision_id")
    .execute();
}

function toAmendmentFigures(row: Record<"amendments" | "documents" | "promulgated" | "in_force" | "overdue", number | null> | undefined): AmendmentFigures {
  return {
    amendments: Number(row?.amendments ?? 0),
    documents: Number(row?.documents ?? 0),
    promulgated: Number(row?.promulgated ?? 0),
    inForce: Number(row?.in_force ?? 0),
    overdue: Number(row?.overdue ?? 0),
  };
}

/** Everything the dashboard shows for one scope: the totals, and the same per agency and per decision. */
export async function steeringFigures(db: Executor, scope: SteeringScope, today: string) {
  const [groups, amendmentTotal, amendmentByAgency, amendmentByDecision] = await Promise.all([
    proposalGroups(db, scope, today),
    amendmentGroups(db, scope, today, false),
    amendmentGroups(db, scope, today, true),
    amendmentGroupsByDecision(db, scope, today),
  ]);

  const total: Figures = { proposals: emptyProposalFigures(), amendments: toAmendmentFigures(amendmentTotal[0]) };
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
  for (const group of groups) {
    addProposalGroup(total.proposals, group);
    addProposalGroup(agencyRow(group.agency_id).proposals, group);
    if (group.decision_id !== null && group.status === "approved") {
      let row = decisions.get(group.decision_id);
      if (!row) {
        row = { decisionId: group.decision_id, agencies: 0, agencySet: new Set(), proposals: emptyProposalFigures(), amendments: emptyAmendmentFigures() };
        decisions.set(group.decision_id, row);
      }
      addProposalGroup(row.proposals, group);
      row.agencySet.add(group.agency_id);
    }
  }
  for (const row of amendmentByAgency) {
    if (row.agency_id !== undefined) agencyRow(row.agency_id).amendments = toAmendmentFigures(row);
  }
  for (const row of amendmentByDecision) {
    const decision = row.decision_id !== null ? decisions.get(row.decision_id) : undefined;
    if (decision) decision.amendments = toAmendmentFigures(row);
  }
  return {
    total,
    byAgency: [...agencies.values()],
    byDecision: [...decisions.values()].map(({ agencySet, ...row }) => ({ ...row, agencies: agencySet.size })),
  };
}

export type SteeringFigures = Awaited<ReturnType<typeof steeringFigures>>;
