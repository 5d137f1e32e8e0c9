import type { Executor } from "~/db.server";
import type { ImplementationProgress } from "~/domain/implementation";
import type { ProposalStatus } from "~/domain/vocabulary";

export function listDecisions(db: Executor) {
  return db.selectFrom("decisions").selectAll().orderBy("signed_on", "desc").execute();
}

/** Every decision, newest first, with how many proposals it approved. */
export function listDecisionsWithCounts(db: Executor) {
  return db
    .selectFrom("decisions")
    .selectAll("decisions")
    .select((eb) => [
      eb
        .selectFrom("proposals")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("proposals.decision_id", "=", "decisions.id")
        .as("proposal_count"),
    ])
    .orderBy("decisions.signed_on", "desc")
    .orderBy("decisions.id", "desc")
    .execute();
}

export function getDecision(db: Executor, id: number) {
  return db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findDecisionByKey(db: Executor, key: string) {
  return db.selectFrom("decisions").selectAll().where("number_key", "=", key).executeTakeFirst();
}

export interface DecisionAgencyGroup {
  agency: { code: string; name_vi: string; name_en: string };
  proposals: {
    id: number;
    code: string;
    title: string;
    status: ProposalStatus;
    implementation_progress: ImplementationProgress | null;
    due_on: string | null;
  }[];
}

/** A decision's proposals, grouped by the agency responsible for them now, in code order. */
export async function listDecisionProposalsByAgency(db: Executor, decisionId: number): Promise<DecisionAgencyGroup[]> {
  const rows = await db
    .selectFrom("proposals")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.title",
      "proposals.status",
      "proposals.implementation_progress",
      "proposals.due_on",
      "agencies.code as agency_code",
      "agencies.name_vi as agency_name_vi",
      "agencies.name_en as agency_name_en",
    ])
    .where("proposals.decision_id", "=", decisionId)
    .orderBy("agencies.code")
    .orderBy("proposals.code")
    .execute();
  const groups: DecisionAgencyGroup[] = [];
  for (const row of rows) {
    let group = groups.at(-1);
    if (group?.agency.code !== row.agency_code) {
      group = { agency: { code: row.agency_code, name_vi: row.agency_name_vi, name_en: row.agency_name_en }, proposals: [] };
      groups.push(group);
    }
    group.proposals.push({
      id: row.id,
      code: row.code,
      title: row.title,
      status: row.status,
      implementation_progress: row.implementation_progress,
      due_on: row.due_on,
    });
  }
  return groups;
}
