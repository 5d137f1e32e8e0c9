import type { Kysely } from "kysely";
import type { DB } from "../types";
import { insertAgencies } from "./agencies";
import { createDemoBaselines } from "./baselines";
import { linkAmendments, planAmendingDocuments, planStages } from "./amendments";
import { createDemoDecisions, demoDecisions } from "./decisions";
import { createDemoDocument, DEMO_DOCUMENTS } from "./documents";
import { generateProposals } from "./generate";
import { advanceDemoAmendments, createDemoAmendments, createDemoProposals, reviewDemoProposals } from "./load";
import { samplePlan } from "./plan";
import { createRandom } from "./random";
import { recordDemoSuccessions } from "./successions";
import { createDemoUsers, currentAgencies, type DemoAccount } from "./users";

// Demo data for a new database, built through the same services the app uses, so it holds
// nothing a user could not have entered and its history is the one those services write. Deterministic: a fixed seed, fixed dates; only
// timestamps and password salts differ between runs.

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

/** Loads the demo data into a migrated, empty database, in one transaction. */
export async function seedDemoData(db: Kysely<DB>, options: Pick<SeedOptions, "password">): Promise<SeedSummary> {
  const started = performance.now();
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

    const demo = await createDemoUsers(trx, agencies, officerAgencies, options.password);
    const decisionIds = await createDemoDecisions(trx, demo.reviewer, decisions);
    for (const document of DEMO_DOCUMENTS) await createDemoDocument(trx, demo.reviewer, document);
    const created = await createDemoProposals(trx, demo, proposals);
    const amendmentIds = await createDemoAmendments(trx, demo, created, amendments);
    await reviewDemoProposals(trx, demo, decisionIds, created, proposals);
    await advanceDemoAmendments(trx, demo, amendmentIds, amendments);
    // the 2025 reorganization, last: the cases above were opened before it
    await recordDemoSuccessions(trx, demo.admin, agencies);
    await createDemoBaselines(trx, demo.admin);
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
