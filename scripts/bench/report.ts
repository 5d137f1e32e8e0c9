import fs from "node:fs";
import path from "node:path";
import type { BaselineKey, BaselineResult } from "./baselines";
import { reportSuffix, type BenchDatabaseKind } from "./database";
import type { LoadResult } from "./load";
import type { StallResult } from "./stalls";

// The load bench's results: one JSON document (everything measured) and a markdown rendering of
// it, both written to bench-results/ (latest.* for SQLite, latest-postgres.* for PostgreSQL) and
// the markdown printed. The goals are the issue's; each is printed beside its figure with whether
// this run met it. When both databases have a report of the same data, a table puts them side by side.

export const GOALS = {
  listOfSsr: 0.5,
  pageOfSsr: 0.4,
  p95AtOneMs: 30,
  workerRssMb: 400,
  importSeconds: 25,
};

export interface PageResult {
  name: string;
  path: string;
  /** The share of the React SSR baseline's req/s at 10 connections this page should reach. */
  goalOfSsr?: number;
  runs: LoadResult[];
}

export interface ExportResult {
  path: string;
  requests: number;
  meanSeconds: number;
  maxSeconds: number;
  megabytes: number;
  /** All processes' RSS as the first export began (it never shrinks much once grown). */
  totalRssBeforeBytes: number;
  peakTotalRssBytes: number;
  peakWorkerRssBytes: number;
  /** The largest job process (where the export runs). */
  peakJobRssBytes?: number;
}

export interface MemoryResult {
  primaryPeakBytes: number;
  /** Each worker's peak, highest first (empty when the server runs in one process). */
  workerPeakBytes: number[];
  /** Each job process's peak (exports, page imports), highest first. */
  jobPeakBytes?: number[];
  /** Processes that are not Node (tsx's esbuild service), all together. */
  helperPeakBytes: number;
  totalPeakBytes: number;
}

export interface LoadBenchReport {
  date: string;
  /** The database measured (reports written before there were two have none: SQLite). */
  database?: { kind: BenchDatabaseKind; name: string; description: string };
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string; note: string };
  data: { proposals: number; documents: number; amendments: number; megabytes: number };
  server: { command: string; workers: number };
  secondsPerRun: number;
  connections: number[];
  pages: PageResult[];
  export?: ExportResult;
  baselines: BaselineResult[];
  stalls: StallResult[];
  /** `npm run import` of the plan alone (no server, nothing else running) on a copy of the generated database. */
  importAlone?: { rows: number; seconds: number; peakRssBytes: number };
  memory: MemoryResult;
  wallSeconds: number;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
const rate = (value: number) => value.toFixed(value < 10 ? 1 : 0);
const yes = (ok: boolean) => (ok ? "yes" : "**no**");

function runAt(runs: readonly LoadResult[], connections: number): LoadResult | undefined {
  return runs.find((run) => run.connections === connections);
}

function baselineRate(report: LoadBenchReport, key: BaselineKey, connections: number): number | undefined {
  const baseline = report.baselines.find((candidate) => candidate.key === key);
  return baseline ? runAt(baseline.runs, connections)?.requestsPerSecond : undefined;
}

export function markdown(report: LoadBenchReport): string {
  const high = Math.max(...report.connections);
  const low = Math.min(...report.connections);
  const { machine, data } = report;
  const database = report.database;
  const postgres = database?.kind === "postgres";
  const lines: string[] = [
    `Load bench of ${report.date} on ${database?.name ?? "SQLite"} (\`npm run bench -- --load${postgres ? " --postgres" : ""}\`, ${report.wallSeconds.toFixed(0)} s in all)`,
    "",
    ...(database ? [`- database: ${database.description}`] : []),
    `- machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}. ${machine.note}`,
    `- data: ${data.proposals.toLocaleString("en")} proposals, ${data.documents.toLocaleString("en")} documents, ${data.amendments.toLocaleString("en")} amendments (${data.megabytes} MB)`,
    `- server: \`${report.server.command}\` as deployed (NODE_ENV=production, WEB_CONCURRENCY unset): ${report.server.workers > 0 ? `${report.server.workers} worker(s) and the primary` : "one process (no cluster workers seen)"}; the load generator (autocannon) runs on the same machine`,
    `- each page ${report.secondsPerRun} s at ${report.connections.join(" and ")} connection(s), signed in as a reviewer; latencies in ms; every answer was 2xx (a run with any other fails the bench)`,
    `- baselines: one process each (one core${postgres ? "; PostgreSQL's backends answer it besides, on the same cores" : ""}), the list's own SQL for \`/proposals?agency=BYT&status=approved\`: ${report.baselines.map((b) => b.name).join("; ")}`,
    "",
    "| page | address | conn. | req/s | p50 | p95 | p99 | max | non-2xx |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  const row = (name: string, address: string, run: LoadResult) =>
    `| ${name} | \`${address}\` | ${run.connections} | ${rate(run.requestsPerSecond)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | ${run.non2xx} |`;
  for (const page of report.pages) for (const run of page.runs) lines.push(row(page.name, page.path, run));
  for (const baseline of report.baselines) for (const run of baseline.runs) lines.push(row(`baseline: ${baseline.name} (1 process)`, "/", run));

  lines.push(
    "",
    `Against the baselines, req/s at ${high} connections (the server with all its workers, each baseline in one process), and p95 at ${low} connection:`,
    "",
    `| page | req/s | ÷ bare JSON | ÷ React SSR | goal (÷ React SSR) | met | p95 @${low} | ≤ ${GOALS.p95AtOneMs} ms |`,
    "|---|--:|--:|--:|--:|:-:|--:|:-:|",
  );
  const json = baselineRate(report, "json", high);
  const ssr = baselineRate(report, "ssr", high);
  for (const page of report.pages) {
    const top = runAt(page.runs, high);
    const one = runAt(page.runs, low);
    if (!top) continue;
    const ofSsr = ssr ? top.requestsPerSecond / ssr : undefined;
    const goal = page.goalOfSsr;
    lines.push(
      `| ${page.name} | ${rate(top.requestsPerSecond)} | ${json ? `${((top.requestsPerSecond / json) * 100).toFixed(1)}%` : "–"} | ${ofSsr === undefined ? "–" : `${(ofSsr * 100).toFixed(1)}%`} | ${goal ? `≥ ${goal * 100}%` : "–"} | ${goal && ofSsr !== undefined ? yes(ofSsr >= goal) : "–"} | ${one ? ms(one.p95) : "–"} | ${one ? yes(one.p95 <= GOALS.p95AtOneMs) : "–"} |`,
    );
  }

  if (report.export) {
    const e = report.export;
    lines.push(
      "",
      `Export \`${e.path}\` of every proposal, ${e.requests} request(s) one after another: ${e.meanSeconds.toFixed(2)} s on average, ${e.maxSeconds.toFixed(2)} s at most, ${e.megabytes.toFixed(1)} MB; RSS of all processes ${mb(e.totalRssBeforeBytes)} MB before, ${mb(e.peakTotalRssBytes)} MB at its peak; the largest server process ${mb(e.peakWorkerRssBytes)} MB${e.peakJobRssBytes ? `, the largest job process ${mb(e.peakJobRssBytes)} MB` : ""}.`,
    );
  }

  if (report.stalls.length) {
    lines.push("", "Stalls: other requests at one connection each while one job runs (latencies in ms over the job's whole duration):", "");
    lines.push("| job | job took | probe | requests | p50 | p99 | max | non-2xx |", "|---|--:|---|--:|--:|--:|--:|--:|");
    for (const stall of report.stalls) {
      for (const probe of stall.probes) {
        lines.push(
          `| ${stall.job}: ${stall.detail}${stall.jobPeakRssBytes ? `, peak RSS ${mb(stall.jobPeakRssBytes)} MB` : ""}${stall.serverRssAboveIdleBytes !== undefined ? `, server RSS +${mb(stall.serverRssAboveIdleBytes)} MB above idle` : ""} | ${stall.seconds.toFixed(1)} s | \`${probe.path}\` | ${probe.result.requests} | ${ms(probe.result.p50)} | ${ms(probe.result.p99)} | ${ms(probe.result.max)} | ${probe.result.non2xx} |`,
        );
      }
    }
  }
  const alone = report.importAlone;
  if (alone) {
    // the goal is for 50,000 rows on the full database, not for the quick run's smaller plan
    const goal = alone.rows === 50_000 && report.data.proposals >= 100_000;
    const stalled = report.stalls.find((stall) => stall.job.startsWith("npm run import"));
    lines.push(
      "",
      `Import alone: \`npm run import\` of ${alone.rows.toLocaleString("en")} rows into a copy of the ${report.data.proposals.toLocaleString("en")}-proposal database, nothing else running: ${alone.seconds.toFixed(1)} s, peak RSS ${mb(alone.peakRssBytes)} MB${stalled ? ` (${stalled.seconds.toFixed(1)} s beside the probes above, which share the two cores)` : ""}.${goal ? ` Goal ≤ ${GOALS.importSeconds} s: ${yes(alone.seconds <= GOALS.importSeconds)}.` : ""}`,
    );
  }

  const m = report.memory;
  // without cluster workers the primary serves, and the per-worker goal is its own
  const worst = m.workerPeakBytes[0] ?? m.primaryPeakBytes;
  lines.push(
    "",
    `Memory, peak RSS over the whole run (sampled every 100 ms): ${m.workerPeakBytes.length ? `primary ${mb(m.primaryPeakBytes)} MB; workers ${m.workerPeakBytes.map(mb).join(", ")} MB` : `the one server process ${mb(m.primaryPeakBytes)} MB`}${m.jobPeakBytes?.length ? `; job processes (exports, page imports; ${m.jobPeakBytes.length} in all) at most ${mb(m.jobPeakBytes[0]!)} MB each` : ""}${m.helperPeakBytes ? `; tsx's esbuild service ${mb(m.helperPeakBytes)} MB` : ""}; all together ${mb(m.totalPeakBytes)} MB${postgres ? " (PostgreSQL's own processes not counted: its server is not the app's process tree)" : ""}. Goal ≤ ${GOALS.workerRssMb} MB per worker: ${yes(worst / 1024 / 1024 <= GOALS.workerRssMb)}.`,
  );
  return lines.join("\n") + "\n";
}

export function writeReport(report: LoadBenchReport, directory = "bench-results"): { markdownFile: string; jsonFile: string } {
  fs.mkdirSync(directory, { recursive: true });
  const suffix = reportSuffix(report.database?.kind ?? "sqlite");
  const markdownFile = path.join(directory, `latest${suffix}.md`);
  const jsonFile = path.join(directory, `latest${suffix}.json`);
  fs.writeFileSync(markdownFile, markdown(report));
  fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + "\n");
  return { markdownFile, jsonFile };
}

/** The other database's latest report of the same data in `directory`, if there is one. */
export function otherReport(report: LoadBenchReport, directory = "bench-results"): LoadBenchReport | undefined {
  const other = report.database?.kind === "postgres" ? "sqlite" : "postgres";
  const file = path.join(directory, `latest${reportSuffix(other)}.json`);
  if (!fs.existsSync(file)) return undefined;
  const found = JSON.parse(fs.readFileSync(file, "utf8")) as LoadBenchReport;
  const same = (["proposals", "documents", "amendments"] as const).every((key) => found.data[key] === report.data[key]);
  return same && (found.database?.kind ?? "sqlite") === other ? found : undefined;
}

/** The two databases' reports of the same data side by side: req/s and p95 per page and connections, then the jobs. */
export function sideBySide(a: LoadBenchReport, b: LoadBenchReport): string {
  const [sqlite, postgres] = a.database?.kind === "postgres" ? [b, a] : [a, b];
  const name = (report: LoadBenchReport) => report.database?.name ?? "SQLite";
  const cells = (run: LoadResult | undefined) => (run ? `${rate(run.requestsPerSecond)} | ${ms(run.p95)}` : "– | –");
  const lines = [
    `Side by side: ${name(sqlite)} (${sqlite.date}) and ${name(postgres)} (${postgres.date}), ${sqlite.data.proposals.toLocaleString("en")} proposals, ${sqlite.secondsPerRun} s per run; req/s and p95 in ms`,
    "",
    `| page | address | conn. | ${name(sqlite)} req/s | p95 | ${name(postgres)} req/s | p95 |`,
    "|---|---|--:|--:|--:|--:|--:|",
  ];
  for (const page of sqlite.pages) {
    const twin = postgres.pages.find((other) => other.path === page.path);
    for (const run of page.runs) lines.push(`| ${page.name} | \`${page.path}\` | ${run.connections} | ${cells(run)} | ${cells(twin && runAt(twin.runs, run.connections))} |`);
  }
  for (const baseline of sqlite.baselines) {
    const twin = postgres.baselines.find((other) => other.key === baseline.key);
    for (const run of baseline.runs) lines.push(`| baseline: ${baseline.key === "json" ? "bare JSON" : "React SSR"} (1 process) | \`/\` | ${run.connections} | ${cells(run)} | ${cells(twin && runAt(twin.runs, run.connections))} |`);
  }
  const seconds = (value: number | undefined) => (value === undefined ? "–" : `${value.toFixed(1)} s`);
  lines.push("", `| job | ${name(sqlite)} | ${name(postgres)} |`, "|---|--:|--:|");
  lines.push(`| export \`/proposals/export.xlsx\`, one at a time (mean) | ${seconds(sqlite.export?.meanSeconds)} | ${seconds(postgres.export?.meanSeconds)} |`);
  for (const stall of sqlite.stalls) {
    const twin = postgres.stalls.find((other) => other.job === stall.job);
    lines.push(`| ${stall.job} | ${seconds(stall.seconds)} | ${seconds(twin?.seconds)} |`);
  }
  if (sqlite.importAlone) lines.push(`| \`npm run import\` of ${sqlite.importAlone.rows.toLocaleString("en")} rows alone | ${seconds(sqlite.importAlone.seconds)} | ${seconds(postgres.importAlone?.seconds)} |`);
  const worker = (report: LoadBenchReport) => `${mb(report.memory.workerPeakBytes[0] ?? report.memory.primaryPeakBytes)} MB`;
  lines.push(`| peak RSS of the largest worker | ${worker(sqlite)} | ${worker(postgres)} |`);
  lines.push(`| database size | ${sqlite.data.megabytes} MB | ${postgres.data.megabytes} MB |`);
  return lines.join("\n") + "\n";
}
