import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocation } from "../../app/db.server";
import { startSoakServer } from "../soak/server";
import { BASELINES, measureBaseline, type BaselineResult } from "./baselines";
import { defaultDatabaseFile, ensureDatabase, FULL, QUICK, signIn } from "./data";
import { dataSizes, openBenchDatabases, type BenchDatabases, type BenchRunDatabase } from "./database";
import { fetchOk, load, type LoadResult } from "./load";
import { isNode, processDepths, sampleMemory } from "./memory";
import { GOALS, markdown, otherReport, sideBySide, writeReport, type ExportResult, type LoadBenchReport, type PageResult } from "./report";
import { exportStall, importStall, pageImportStall, runImportCommand, writePlan, type Probe, type StallResult } from "./stalls";

// `npm run bench -- --load [--quick] [--seconds N] [--database FILE] [--postgres]`: the
// production server as deployed (every worker) on generated data, driven on loopback by
// autocannon at 1 and 10 connections, beside two bare baselines; then what other requests suffer
// during an export and an import, and the memory of every process. On SQLite, or on PostgreSQL
// (DATABASE_URL or --postgres: scripts/bench/database.ts) with the same data and the same
// measurements. Figures only: nothing here is asserted by tests.

export interface LoadBenchOptions {
  quick: boolean;
  seconds?: number;
  /** The SQLite file of generated data (default: bench-results/'s for the volume). */
  database?: string;
  /** Whether to measure PostgreSQL (DATABASE_URL's, else a throwaway server). */
  postgres: boolean;
}

const CONNECTIONS = [1, 10];
const IMPORT_ROWS = { full: 50_000, quick: 5_000 };

/** Exports at once in the stalls, by the bench's one user. */
const EXPORTS_AT_ONCE = 4;

export async function runLoadBench(options: LoadBenchOptions): Promise<void> {
  const begun = performance.now();
  // what else ran on the machine: the figures are only as quiet as it was
  const loadBefore = os.loadavg()[0]!;
  const volume = options.quick ? QUICK : FULL;
  const source = path.resolve(options.database ?? defaultDatabaseFile(volume));
  const log = (line: string) => console.error(`[bench] ${line}`);
  await ensureDatabase(source, volume, log);
  const databases = await openBenchDatabases({ source, postgres: options.postgres, log });
  log(`database: ${databases.description}`);
  try {
    const run = await databases.runCopy();
    try {
      await measure(options, databases, run, { begun, loadBefore, log });
    } finally {
      await run.remove();
    }
  } finally {
    await databases.close();
  }
}

/** Everything measured, on `run` (the server's database) and copies of the same data. */
async function measure(
  options: LoadBenchOptions,
  databases: BenchDatabases,
  run: BenchRunDatabase,
  { begun, loadBefore, log }: { begun: number; loadBefore: number; log: (line: string) => void },
): Promise<void> {
  const seconds = options.seconds ?? (options.quick ? 3 : 10);
  const data = await dataSizes(run.location);

  // the records the pages show: a proposal with amendments, the decision most proposals cite
  const db = openLocation(run.location);
  const proposal = await db
    .selectFrom("proposal_amendments")
    .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
    .select("proposals.code")
    .orderBy("proposal_amendments.proposal_id")
    .executeTakeFirstOrThrow();
  const decision = await db
    .selectFrom("proposals")
    .innerJoin("decisions", "decisions.id", "proposals.decision_id")
    .select(["decisions.id", "decisions.number"])
    .groupBy("decisions.id")
    .orderBy((eb) => eb.fn.countAll(), "desc")
    .executeTakeFirstOrThrow();
  await db.destroy();
  const deepPage = Math.min(500, Math.floor(data.proposals / 25 / 2));

  const pages: Omit<PageResult, "runs">[] = [
    { name: "list, first page", path: "/proposals", goalOfSsr: GOALS.listOfSsr },
    { name: "list, agency + status", path: "/proposals?agency=BYT&status=approved", goalOfSsr: GOALS.listOfSsr },
    { name: `list, page ${deepPage}`, path: `/proposals?page=${deepPage}`, goalOfSsr: GOALS.listOfSsr },
    { name: "list, searched", path: "/proposals?q=giay%20phep", goalOfSsr: GOALS.listOfSsr },
    { name: "proposal", path: `/proposals/${proposal.code}`, goalOfSsr: GOALS.pageOfSsr },
    { name: "dashboard", path: "/dashboard", goalOfSsr: GOALS.pageOfSsr },
    { name: "decision", path: `/decisions/${decision.id}` },
    { name: "search page", path: "/search?q=giay%20phep%20thuc%20pham", goalOfSsr: GOALS.pageOfSsr },
  ];
  const probes: Probe[] = [
    { name: "health check", path: "/healthz" },
    { name: "proposal", path: `/proposals/${proposal.code}` },
  ];

  const rows = options.quick ? IMPORT_ROWS.quick : IMPORT_ROWS.full;
  const plan = await writePlan(rows, decision.number);
  // the import alone first, nothing else running, on a copy of the generated database
  const alone = await databases.runCopy();
  let importAlone: LoadBenchReport["importAlone"];
  try {
    const result = await runImportCommand(alone.location, plan);
    importAlone = { rows, ...result };
    log(`import alone: ${result.seconds.toFixed(1)} s`);
  } finally {
    await alone.remove();
  }

  const command = "tsx scripts/server.ts";
  const server = await startSoakServer({
    command: ["--import", "tsx", "scripts/server.ts"],
    cwd: process.cwd(),
    database: run.location,
    buildDirectory: path.resolve(process.env.REMIX_BUILD_DIR ?? "build"),
    // the stalls run EXPORTS_AT_ONCE exports of the one bench user at once
    env: { EXPORT_LIMIT_PER_USER: String(EXPORTS_AT_ONCE) },
  });
  // per phase (reset by each) and over the whole run
  const memory = sampleMemory(server.pid);
  const wholeRun = sampleMemory(server.pid);

  try {
    const cookie = await signIn(server.url);
    const measured: PageResult[] = [];
    for (const page of pages) {
      // the first answer computes and caches what it may (figures, statements): not measured
      for (let i = 0; i < 3; i++) await fetchOk(`${server.url}${page.path}`, cookie);
      const runs: LoadResult[] = [];
      for (const connections of CONNECTIONS) {
        runs.push(await load({ url: `${server.url}${page.path}`, connections, seconds, cookie }));
        const last = runs.at(-1)!;
        log(`${page.path} @${connections}: ${last.requestsPerSecond.toFixed(1)} req/s, p95 ${last.p95.toFixed(1)} ms`);
      }
      measured.push({ ...page, runs });
    }
    const workers = processDepths(server.pid).filter((entry) => entry.depth === 1 && isNode(entry.pid)).length;

    // the export: a few whole files one after another, with the memory they take
    memory.reset();
    const rssBeforeExport = memory.peaks().totalBytes;
    const exportRequests = options.quick ? 2 : 3;
    const durations: number[] = [];
    let bytes = 0;
    for (let i = 0; i < exportRequests; i++) {
      const answer = await fetchOk(`${server.url}/proposals/export.xlsx`, cookie);
      durations.push(answer.ms / 1000);
      bytes = answer.bytes;
    }
    const exportPeaks = memory.peaks();
    const exported: ExportResult = {
      path: "/proposals/export.xlsx",
      requests: exportRequests,
      meanSeconds: durations.reduce((a, b) => a + b, 0) / durations.length,
      maxSeconds: Math.max(...durations),
      megabytes: bytes / 1e6,
      totalRssBeforeBytes: rssBeforeExport,
      peakTotalRssBytes: exportPeaks.totalBytes,
      peakWorkerRssBytes: Math.max(exportPeaks.rootBytes, ...exportPeaks.childBytes.values()),
      peakJobRssBytes: Math.max(0, ...exportPeaks.jobBytes.values()),
    };
    log(`export: ${exported.meanSeconds.toFixed(2)} s, ${exported.megabytes.toFixed(1)} MB`);

    const baselines: BaselineResult[] = [];
    for (const baseline of BASELINES) {
      baselines.push(await measureBaseline(baseline, run.location, CONNECTIONS, seconds));
      log(`baseline ${baseline.key}: ${baselines.at(-1)!.runs.map((r) => `${r.requestsPerSecond.toFixed(0)} req/s @${r.connections}`).join(", ")}`);
    }

    // the stalls; the import last, since it adds its rows to the database
    const stalls: StallResult[] = [];
    for (const format of ["xlsx", "csv"] as const) {
      for (const count of [1, EXPORTS_AT_ONCE]) {
        stalls.push(await exportStall(server.url, cookie, probes, format, count, memory));
        const stall = stalls.at(-1)!;
        log(`export stall ${format} × ${count}: ${stall.seconds.toFixed(1)} s, +${((stall.serverRssAboveIdleBytes ?? 0) / 2 ** 20).toFixed(0)} MB, /healthz max ${stall.probes[0]?.result.max.toFixed(0)} ms`);
      }
    }
    stalls.push(await pageImportStall(server.url, cookie, probes, plan, rows, memory));
    log(`page import stall: ${stalls.at(-1)!.seconds.toFixed(1)} s`);
    stalls.push(await importStall(server.url, cookie, probes, run.location, plan, rows));
    log(`import stall: ${stalls.at(-1)!.seconds.toFixed(1)} s`);

    memory.stop();
    const peaks = wholeRun.stop();
    const report: LoadBenchReport = {
      date: new Date().toISOString(),
      database: { kind: databases.kind, name: databases.name, description: databases.description },
      machine: {
        cores: os.availableParallelism(),
        cpu: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        note: `Load average ${loadBefore.toFixed(1)} when the run began and ${os.loadavg()[0]!.toFixed(1)} at its end (the bench's own processes included; higher means other work shared the cores).`,
      },
      data,
      server: { command, workers },
      secondsPerRun: seconds,
      connections: CONNECTIONS,
      pages: measured,
      export: exported,
      baselines,
      stalls,
      importAlone,
      memory: {
        primaryPeakBytes: peaks.rootBytes,
        workerPeakBytes: [...peaks.childBytes.values()].sort((a, b) => b - a),
        jobPeakBytes: [...peaks.jobBytes.values()].sort((a, b) => b - a),
        helperPeakBytes: [...peaks.helperBytes.values()].reduce((a, b) => a + b, 0),
        totalPeakBytes: peaks.totalBytes,
      },
      wallSeconds: (performance.now() - begun) / 1000,
    };
    const written = writeReport(report);
    console.log(markdown(report));
    log(`written to ${written.markdownFile} and ${written.jsonFile}`);
    const other = otherReport(report);
    if (other) console.log(sideBySide(report, other));
  } catch (error) {
    console.error(server.logs());
    throw error;
  } finally {
    memory.stop();
    wholeRun.stop();
    await server.stop();
    fs.rmSync(path.dirname(plan), { recursive: true, force: true });
  }
}
