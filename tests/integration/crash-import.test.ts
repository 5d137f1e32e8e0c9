import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planWorkbook } from "../../scripts/bench-import";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase } from "../support/database";

// Issue 11 §4: `npm run import` killed with SIGKILL at points spread over a large import. After
// each kill the database must pass `integrity_check` and hold the whole import or none of it:
// every table the import writes has exactly the count it had before, or exactly the count an
// uninterrupted run leaves. An import that committed in parts would leave counts in between.
// The CLI prints nothing while it works, so the kill points are fractions of one timed full run.

const ROWS = 3_000;
const PASSWORD = "crash-import-demo-password";
const TABLES = ["proposals", "amendments", "proposal_amendments", "legal_documents", "events", "imports"] as const;
type Counts = Record<(typeof TABLES)[number], number>;
/**
 * When each kill lands: a fraction of the uninterrupted run's wall time (start of process to exit),
 * or "report", the moment the CLI starts printing its report, which it does once the import has
 * returned (committed) and before it exits.
 */
const KILL_AT: (number | "report")[] = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, "report"];

const databases: TestDatabase[] = [];
let planFile: string;

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ demo: { password: PASSWORD } });
  databases.push(database);
  return database;
}

/** Opens the file as a fresh process would (recovering its WAL), checks it and counts the import's tables. */
function inspect(file: string): { integrity: string; counts: Counts } {
  const sqlite = new Database(file);
  try {
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check).join("\n");
    const counts = Object.fromEntries(TABLES.map((table) => [table, (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n])) as Counts;
    return { integrity, counts };
  } finally {
    sqlite.close();
  }
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process had not exited when the kill was sent. */
  killedAlive: boolean;
  elapsedMs: number;
  stdout: string;
  stderr: string;
}

/** Runs the import CLI (as `npm run import` runs it, without the launchers) on `databasePath`; SIGKILLs it after `killAt` ms, or at its first output for "report", when given. */
function runImportCli(databasePath: string, killAt?: number | "report"): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", "--file", planFile, "--as", "reviewer@tinhgon.local"], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", DATABASE_PATH: databasePath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killedAlive = false;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null && !killedAlive) {
        killedAlive = true;
        child.kill("SIGKILL");
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (killAt === "report") kill();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = typeof killAt === "number" ? setTimeout(kill, killAt) : undefined;
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killedAlive, elapsedMs: performance.now() - started, stdout, stderr });
    });
  });
}

let before: Counts;
let complete: Counts;
let fullRunMs: number;

beforeAll(async () => {
  const first = await freshDatabase();
  const initial = inspect(first.path);
  expect(initial.integrity).toBe("ok");
  before = initial.counts;
  const probe = new Database(first.path, { readonly: true });
  const decision = (probe.prepare("select number from decisions order by id limit 1").get() as { number: string }).number;
  probe.close();

  planFile = path.join(PROJECT_ROOT, "tests", ".tmp", `crash-import-plan-${randomBytes(4).toString("hex")}.xlsx`);
  fs.mkdirSync(path.dirname(planFile), { recursive: true });
  fs.writeFileSync(planFile, await planWorkbook(ROWS, decision));

  // the uninterrupted run: how long an import takes here, and what a complete import leaves
  const full = await runImportCli(first.path);
  expect(full.stderr).toBe("");
  expect(full.code).toBe(0);
  fullRunMs = full.elapsedMs;
  const after = inspect(first.path);
  expect(after.integrity).toBe("ok");
  complete = after.counts;
  expect(complete.proposals - before.proposals).toBe(ROWS);
  expect(complete.imports - before.imports).toBe(1);
  expect(complete.events).toBeGreaterThan(before.events);
}, 60_000);

afterAll(async () => {
  for (const database of databases) await database.remove();
  if (planFile) fs.rmSync(planFile, { force: true });
});

describe("npm run import killed with SIGKILL", () => {
  test(`at ${KILL_AT.length} points of a ${ROWS.toLocaleString("en")}-row import: the database is intact and holds all of the import or none`, async () => {
    const outcomes: { at: string; alive: boolean; state: "none" | "all" }[] = [];
    for (const point of KILL_AT) {
      const database = await freshDatabase();
      const run = await runImportCli(database.path, point === "report" ? point : Math.round(point * fullRunMs));
      const { integrity, counts } = inspect(database.path);
      const at = point === "report" ? `the report's first line (${Math.round(run.elapsedMs)} ms)` : `${Math.round(point * fullRunMs)} ms (${Math.round(point * 100)}%)`;
      expect(integrity, `integrity_check after a kill at ${at}`).toBe("ok");
      // all or nothing: never a count in between, and every table on the same side
      const state = TABLES.every((table) => counts[table] === before[table]) ? "none" : TABLES.every((table) => counts[table] === complete[table]) ? "all" : undefined;
      expect(state === undefined ? counts : state, `after a kill at ${at}: before ${JSON.stringify(before)}, complete ${JSON.stringify(complete)}`).toMatch(/^(none|all)$/);
      if (run.killedAlive) expect(run.signal).toBe("SIGKILL");
      else expect(run.code, `a run that finished before its kill at ${at} must have succeeded`).toBe(0);
      outcomes.push({ at, alive: run.killedAlive, state: state! });
    }
    const summary = {
      fullRunMs: Math.round(fullRunMs),
      killedBeforeCommit: outcomes.filter((o) => o.alive && o.state === "none").length,
      killedAfterCommit: outcomes.filter((o) => o.alive && o.state === "all").length,
      finishedBeforeKill: outcomes.filter((o) => !o.alive).length,
      outcomes,
    };
    console.log(`crash-import: ${JSON.stringify(summary)}`);
    // at least one kill interrupted a running import, and at least one interrupted its write
    expect(outcomes.some((o) => o.alive)).toBe(true);
    expect(summary.killedBeforeCommit).toBeGreaterThan(0);
  }, 120_000);
});
