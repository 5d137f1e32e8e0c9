import type { Insertable } from "kysely";
import type { DB } from "../../db/types";
import type { Executor } from "~/db.server";
import type { ImplementationProgress } from "~/domain/implementation";
import type { ProposalStatus } from "~/domain/vocabulary";
import { decisionMatches, parseSearch } from "./search.server";

export function listDecisions(db: Executor) {
  return db.selectFrom("decisions").selectAll().orderBy("signed_on", "desc").execute();
}

/** Every decision (or those with every word of `q`), newest first, with how many proposals it approved. */
export async function listDecisionsWithCounts(db: Executor, filters: { q?: string } = {}) {
  const decisions = await db
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
  // the header's search box means the same by a word (app/models/search.server.ts)
  const search = filters.q ? parseSearch(filters.q) : null;
  return search?.terms.length ? decisions.filter((decision) => decisionMatches(search, decision)) : decisions;
}

export function getDecision(db: Executor, id: number) {
  return db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findDecisionByKey(db: Executor, key: string) {
  return db.selectFrom("decisions").selectAll().where("number_key", "=", key).executeTakeFirst();
}

/** Proposals listed per agency on a decision's page; the rest are one link away. */
export const DECISION_ROWS_PER_AGENCY = 5;

export interface DecisionAgencyGroup {
  agency: { code: string; name_vi: string; name_en: string };
  /** All of the agency's proposals under the decision; `proposals` holds the first few. */
  total: number;
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
  // a decision can approve thousands of regulations: each agency shows its first rows and its
  // count, each read from the (decision, agency, code) index
  const counts = await db
    .selectFrom("proposals")
    .select((eb) => ["proposals.agency_id", eb.fn.countAll<number>().as("n")])
    .where("proposals.decision_id", "=", decisionId)
    .groupBy("proposals.agency_id")
    .execute();
  const totals = new Map(counts.map((row) => [row.agency_id, Number(row.n)]));
  const perAgency = await Promise.all(
    counts.map((row) =>
      db
        .selectFrom("proposals")
        .innerJoin("agencies", "agencies.id", "proposals.agency_id")
        .select([
          "proposals.id",
          "proposals.code",
          "proposals.title",
          "proposals.status",
          "proposals.implementation_progress",
          "proposals.due_on",
          "proposals.agency_id",
          "agencies.code as agency_code",
          "agencies.name_vi as agency_name_vi",
          "agencies.name_en as agency_name_en",
        ])
        .where("proposals.decision_id", "=", decisionId)
        .where("proposals.agency_id", "=", row.agency_id)
        .orderBy("proposals.code")
        .limit(DECISION_ROWS_PER_AGENCY)
        .execute(),
    ),
  );
  const rows = perAgency
    .flat()
    .map((row) => ({ ...row, agency_total: totals.get(row.agency_id) ?? 0 }))
    .sort((a, b) => a.agency_code.localeCompare(b.agency_code) || a.code.localeCompare(b.code));
  const groups: DecisionAgencyGroup[] = [];
  for (const row of rows) {
    let group = groups.at(-1);
    if (group?.agency.code !== row.agency_code) {
      group = {
        agency: { code: row.agency_code, name_vi: row.agency_name_vi, name_en: row.agency_name_en },
        total: Number(row.agency_total),
        proposals: [],
      };
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

export type DecisionRow = NonNullable<Awaited<ReturnType<typeof getDecision>>>;

/** Records a decision; its id. */
export async function insertDecision(db: Executor, values: Insertable<DB["decisions"]>): Promise<number> {
  const row = await db.insertInto("decisions").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}
