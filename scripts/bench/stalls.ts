import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { locationEnv, type DatabaseLocation } from "../../app/db.server";
import { planWorkbook } from "../bench-import";
import { REVIEWER } from "./data";
import { startLoad, type LoadResult } from "./load";
import { sampleMemory, type MemorySampler } from "./memory";

// What other requests suffer while one heavy job runs: light requests at one connection each
// (the health check and a light page) for exactly as long as the job, then their latencies.
// The jobs: the export of every proposal, XLSX and CSV, one and four at once (with the bytes and
// the server's memory above what it held just before), and `npm run import` of a 50,000-row plan
// into the live database beside the server.

export interface Probe {
  name: string;
  path: string;
}

export interface StallResult {
  job: string;
  /** Seconds the job took, as its client saw it. */
  seconds: number;
  detail: string;
  /** Peak memory of the job's own process tree, when it is a process of its own (the import). */
  jobPeakRssBytes?: number;
  /** The server's peak RSS (all its processes) during the job above what it was just before (the exports). */
  serverRssAboveIdleBytes?: number;
  probes: { name: string; path: string; result: LoadResult }[];
}

async function duringJob(
  origin: string,
  cookie: string,
  probes: readonly Probe[],
  job: () => Promise<{ detail: string; jobPeakRssBytes?: number }>,
  name: string,
  serverMemory?: MemorySampler,
): Promise<StallResult> {
  // long enough for any job; stopped as soon as the job ends
  const running = probes.map((probe) => ({
    probe,
    load: startLoad({ url: `${origin}${probe.path}`, connections: 1, seconds: 3600, cookie, tolerateFailures: true, timeoutSeconds: 120 }),
  }));
  serverMemory?.reset();
  const idle = serverMemory?.peaks().totalBytes;
  const started = performance.now();
  try {
    const outcome = await job();
    const seconds = (performance.now() - started) / 1000;
    const peak = serverMemory?.peaks().totalBytes;
    for (const { load } of running) load.stop();
    const probed = await Promise.all(running.map(async ({ probe, load }) => ({ name: probe.name, path: probe.path, result: await load.result })));
    const serverRssAboveIdleBytes = idle !== undefined && peak !== undefined ? Math.max(0, peak - idle) : undefined;
    return { job: name, seconds, detail: outcome.detail, jobPeakRssBytes: outcome.jobPeakRssBytes, serverRssAboveIdleBytes, probes: probed };
  } catch (error) {
    for (const { load } of running) load.stop();
    await Promise.allSettled(running.map(({ load }) => load.result));
    throw error;
  }
}

/** Other requests during `GET /proposals/export.{xlsx,csv}` of every proposal, `count` at once. */
export function exportStall(origin: string, cookie: string, probes: readonly Probe[], format: "xlsx" | "csv", count: number, serverMemory?: MemorySampler): Promise<StallResult> {
  const path = `/proposals/export.${format}`;
  return duringJob(
    origin,
    cookie,
    probes,
    async () => {
      const files = await Promise.all(
        Array.from({ length: count }, async () => {
          const started = performance.now();
          const response = await fetch(`${origin}${path}`, { headers: { cookie } });
          const bytes = (await response.arrayBuffer()).byteLength;
          if (response.status !== 200) throw new Error(`the export answered ${response.status}`);
          return { bytes, seconds: (performance.now() - started) / 1000 };
        }),
      );
      const each = files.map((file) => `${file.seconds.toFixed(1)} s`).join(", ");
      return { detail: `${(files[0]!.bytes / 1e6).toFixed(1)} MB each${count > 1 ? `, done in ${each}` : ""}` };
    },
    `GET ${path} (all proposals)${count > 1 ? ` × ${count} at once` : ""}`,
    serverMemory,
  );
}

/** A plan of `rows` rows as an XLSX file in a temporary folder (scripts/bench-import.ts's plan). */
export async function writePlan(rows: number, decisionNumber: string): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-plan-")), `plan-${rows}.xlsx`);
  fs.writeFileSync(file, await planWorkbook(rows, decisionNumber));
  return file;
}

/** `npm run import` of `planFile` into `database` (file or PostgreSQL), as a deployment runs it: its duration and its process's peak RSS. */
export async function runImportCommand(database: DatabaseLocation, planFile: string): Promise<{ seconds: number; peakRssBytes: number }> {
  const started = performance.now();
  // what `npm run import` runs, without npm's own process in between
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", "--file", planFile, "--as", REVIEWER.email], {
    // as a deployment runs it (the secret is only checked for presence here)
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DEMO_DATA: "0", SESSION_SECRET: "bench-import-secret-0123456789", ...locationEnv(database) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const memory = sampleMemory(child.pid!);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4000)));
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4000)));
  const status = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const peakRssBytes = memory.stop().totalBytes;
  if (status !== 0) throw new Error(`npm run import exited with ${status}:\n${output}`);
  return { seconds: (performance.now() - started) / 1000, peakRssBytes };
}

/** Other requests during `npm run import` of `planFile` into the server's live database. */
export function importStall(origin: string, cookie: string, probes: readonly Probe[], database: DatabaseLocation, planFile: string, rows: number): Promise<StallResult> {
  return duringJob(
    origin,
    cookie,
    probes,
    async () => {
      const { seconds, peakRssBytes } = await runImportCommand(database, planFile);
      const perSecond = Math.round(rows / seconds).toLocaleString("en");
      return { detail: `${rows.toLocaleString("en")} rows, ${perSecond} rows/s, ${(fs.statSync(planFile).size / 1e6).toFixed(1)} MB XLSX, committed`, jobPeakRssBytes: peakRssBytes };
    },
    `npm run import of ${rows.toLocaleString("en")} rows`,
  );
}

/**
 * Other requests during the upload of `planFile` on the import page (`POST /proposals/import`):
 * the server checks the whole plan (a dry run) in a job process before it answers.
 */
export function pageImportStall(origin: string, cookie: string, probes: readonly Probe[], planFile: string, rows: number, serverMemory?: MemorySampler): Promise<StallResult> {
  return duringJob(
    origin,
    cookie,
    probes,
    async () => {
      const form = new FormData();
      form.set("file", new Blob([fs.readFileSync(planFile)]), path.basename(planFile));
      const response = await fetch(`${origin}/proposals/import`, { method: "POST", body: form, headers: { cookie, origin }, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 302) throw new Error(`the upload answered ${response.status}`);
      return { detail: `${rows.toLocaleString("en")} rows checked (a dry run, nothing written)` };
    },
    `POST /proposals/import of ${rows.toLocaleString("en")} rows`,
    serverMemory,
  );
}
