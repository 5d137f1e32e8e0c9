import { sql, type Kysely, type Transaction } from "kysely";
import { formatProposalCode } from "~/services/proposal.server";
import type { DB } from "../types";
import { insertAgencies } from "./agencies";
import { linkAmendments, planAmendingDocuments, planStages } from "./amendments";
import { scheduleDemoBaselines } from "./baselines";
import { demoDecisions, scheduleDemoDecisions } from "./decisions";
import { DEMO_DOCUMENTS } from "./documents";
import { generateProposals } from "./generate";
import { scheduleAmendments, scheduleMeetings, scheduleProposals, scheduleRegister, type DemoPlan } from "./load";
import { samplePlan } from "./plan";
import { createRandom, DEMO_SEED } from "./random";
import { momentOn, Schedule } from "./schedule";
import type { ProposalSpec } from "./specs";
import { scheduleDemoSuccessions } from "./successions";
import { planTimeline, PROGRAM_START, type Timeline } from "./timeline";
import { createDemoUsers, currentAgencies, type DemoAccount } from "./users";

// Demo data for a new database, built through the same services the app uses, so it holds
// nothing a user could not have entered and its history is the one those services write, each
// step at the moment it happened (db/seed/schedule.ts). Deterministic: a fixed seed and fixed
// dates; only password salts differ between runs (and moments later than the load, never used).

export interface SeedOptions {
  /** Password of every demo account (DEMO_PASSWORD). */
  password: string;
  log: (line: string) => void;
}

export interface SeedSummary {
  accounts: DemoAccount[];
  counts: Record<string, number>;
  proposalsByStatus: Record<string, number>;
  amendmentsByStage: Record<string, number>;
  milliseconds: number;
}

/**
 * Codes for the generated proposals: each agency's next ones after the sample plan's, in the
 * order they were logged.
 */
function numberProposals(proposals: ProposalSpec[], timeline: Timeline): void {
  const last = new Map<string, number>();
  for (const proposal of proposals) {
    if (proposal.code) last.set(proposal.agency, Math.max(last.get(proposal.agency) ?? 0, Number(proposal.code.split("-").at(-1))));
  }
  const created = (proposal: ProposalSpec) => timeline.proposals.get(proposal.key)?.created ?? "";
  const unnumbered = proposals.filter((proposal) => !proposal.code).sort((a, b) => (created(a) < created(b) ? -1 : created(a) > created(b) ? 1 : 0));
  for (const proposal of unnumbered) {
    const sequence = (last.get(proposal.agency) ?? 0) + 1;
    last.set(proposal.agency, sequence);
    proposal.code = formatProposalCode(proposal.agency, sequence);
  }
}

/** Each record's created and updated times are those of the first and last events of its history. */
async function alignRecordTimes(trx: Transaction<DB>): Promise<void> {
  for (const [table, entity] of [
    ["proposals", "proposal"],
    ["amendments", "amendment"],
    ["legal_documents", "legal_document"],
    ["decisions", "decision"],
    ["users", "user"],
  ] as const) {
    const history = (fn: "min" | "max", column: "created_at" | "updated_at") =>
      sql<string>`coalesce((select ${sql.raw(fn)}(e.at) from events e where e.entity_type = ${entity} and e.entity_id = ${sql.ref(`${table}.id`)}), ${sql.ref(column)})`;
    await trx
      .updateTable(table)
      .set({ created_at: history("min", "created_at"), updated_at: history("max", "updated_at") })
      .execute();
  }
  // a baseline is an agency's update event
  await sql`update agency_baselines set updated_at = coalesce((select max(e.at) from events e
    where e.entity_type = 'agency' and e.entity_id = agency_baselines.agency_id and e.action = 'update'), updated_at)`.execute(trx);
}

/** Loads the demo data into a migrated, empty database, in one transaction. */
export async function seedDemoData(db: Kysely<DB>, options: Pick<SeedOptions, "password">): Promise<SeedSummary> {
  const started = performance.now();
  const loadedAt = new Date();
  const rng = createRandom();
  const accounts = await db.transaction().execute(async (trx) => {
    const agencies = await insertAgencies(trx);

    const decisions = demoDecisions();
    const decisionsByNumber = new Map(decisions.map((d) => [d.number, d]));
    const plan = samplePlan(decisionsByNumber);
    const proposals = [...plan.proposals, ...generateProposals(rng, agencies, decisions)];
    const withProposals = new Set(proposals.map((p) => p.agency));
    const officerAgencies = [...agencies.keys()].filter((code) => withProposals.has(code));

    const documents = new Map(DEMO_DOCUMENTS.map((d) => [d.number, d]));
    const amendments = linkAmendments(rng, proposals, plan.amendments, decisionsByNumber);
    planStages(rng, amendments, new Map(proposals.map((p) => [p.key, p])), agencies, documents);
    planAmendingDocuments(rng, amendments, agencies, documents, decisionsByNumber);
    // when each step happened, drawn apart from the data so the data stays as planned
    const timeline = planTimeline(createRandom(DEMO_SEED + 1), { proposals, amendments, decisions: decisionsByNumber, agencies, register: DEMO_DOCUMENTS });
    numberProposals(proposals, timeline);

    // the accounts exist from the program's start, or from their agency's first day
    const demo = await createDemoUsers(trx, agencies, officerAgencies, options.password, (agency) =>
      momentOn(agency?.activeFrom && agency.activeFrom > PROGRAM_START ? agency.activeFrom : PROGRAM_START, 0, loadedAt),
    );
    const schedule = new Schedule();
    const story: DemoPlan = { trx, schedule, accounts: demo, timeline, decisionIds: new Map(), proposalIds: new Map() };
    scheduleRegister(story, DEMO_DOCUMENTS);
    scheduleDemoDecisions(schedule, trx, demo.reviewer, decisions, story.decisionIds);
    scheduleProposals(story, proposals);
    scheduleAmendments(story, amendments, proposals);
    scheduleDemoSuccessions(schedule, trx, demo.admin, agencies);
    scheduleDemoBaselines(schedule, trx, demo.admin);
    scheduleMeetings(story);
    await schedule.run(loadedAt);
    await alignRecordTimes(trx);
    return currentAgencies(trx, demo.all);
  });

  const count = async (table: keyof DB) =>
    (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
  const counts: Record<string, number> = {};
  for (const table of ["agencies", "agency_successions", "users", "decisions", "legal_documents", "proposals", "amendments", "proposal_amendments", "events"] as const) {
    counts[table] = await count(table);
  }
  const tally = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));
  const proposalsByStatus = tally(
    await db.selectFrom("proposals").select((eb) => ["status as key", eb.fn.countAll<number>().as("n")]).groupBy("status").orderBy("status").execute(),
  );
  const amendmentsByStage = tally(
    await db.selectFrom("amendments").select((eb) => ["stage as key", eb.fn.countAll<number>().as("n")]).groupBy("stage").orderBy("stage").execute(),
  );
  return { accounts, counts, proposalsByStatus, amendmentsByStage, milliseconds: Math.round(performance.now() - started) };
}

/** Seeds only a database without agencies; says what it did. False when it left the data alone. */
export async function seedDemoDataIfEmpty(db: Kysely<DB>, options: SeedOptions): Promise<boolean> {
  const existing = await db.selectFrom("agencies").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  const summary = await seedDemoData(db, options);
  const { log } = options;
  const c = summary.counts;
  const list = (tally: Record<string, number>) =>
    Object.entries(tally)
      .map(([key, n]) => `${key} ${n}`)
      .join(", ");
  log(
    `Demo data loaded in ${(summary.milliseconds / 1000).toFixed(1)} s: ${c.agencies} agencies, ${c.agency_successions} successions, ` +
      `${c.users} users, ${c.decisions} decisions, ${c.legal_documents} legal documents, ${c.proposals} proposals, ` +
      `${c.amendments} amendments (${c.proposal_amendments} proposal links), ${c.events} history events.`,
  );
  log(`  proposals by status: ${list(summary.proposalsByStatus)}`);
  log(`  amendments by stage: ${list(summary.amendmentsByStage)}`);
  const width = Math.max(...summary.accounts.map((a) => a.email.length));
  log("Demo accounts:");
  log(`  ${"email".padEnd(width)}  ${"role".padEnd(8)}  agency`);
  for (const account of summary.accounts) {
    log(`  ${account.email.padEnd(width)}  ${account.role.padEnd(8)}  ${account.agencyCode ?? ""}`.trimEnd());
  }
  log(`Mật khẩu demo / demo password: ${options.password}`);
  return true;
}
