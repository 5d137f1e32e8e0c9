// npm run profile -- URL [--seconds N] [--connections N] [--database FILE] [--quick] [--reuse-build]
// What dominates the CPU time of serving one address under load: the production server with one
// worker and V8's profiler on (--cpu-prof), on the bench's generated data, signed in as the
// bench's reviewer, loaded by autocannon; then self time by package or kind of code and the top
// functions (scripts/profile/summary.ts). The .cpuprofile is kept for Chrome DevTools.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { defaultDatabaseFile, ensureDatabase, FULL, QUICK, runDatabase, signIn } from "./bench/data";
import { fetchOk, load } from "./bench/load";
import { startSoakServer } from "./soak/server";
import { summarize, summaryText, type CpuProfile, type SourceLookup } from "./profile/summary";

const BUILD = "build-profile";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    database: { type: "string" },
    quick: { type: "boolean", default: false },
    "reuse-build": { type: "boolean", default: false },
  },
});
const address = positionals[0];
if (!address?.startsWith("/")) {
  console.error("usage: npm run profile -- /proposals?agency=BYT [--seconds 10] [--connections 10] [--database FILE] [--quick] [--reuse-build]");
  process.exit(1);
}
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const log = (line: string) => console.error(`[profile] ${line}`);

// the server bundle with its source map, so that app code is told apart by folder
const buildDirectory = path.resolve(BUILD);
const mapFile = path.join(buildDirectory, "server/index.js.map");
if (!values["reuse-build"] || !fs.existsSync(mapFile)) {
  log(`building ${BUILD}/ with source maps`);
  const built = spawnSync("npx", ["remix", "vite:build", "--sourcemapServer"], { env: { ...process.env, REMIX_BUILD_DIR: BUILD }, stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) throw new Error("the build failed");
}

const volume = values.quick ? QUICK : FULL;
const source = path.resolve(values.database ?? defaultDatabaseFile(volume));
await ensureDatabase(source, volume, log);
const run = await runDatabase(source);
const profiles = fs.mkdtempSync(path.join(path.dirname(run.file), "profiles-"));

const server = await startSoakServer({
  // Node 20 refuses --cpu-prof in NODE_OPTIONS; as node's own arguments they reach a cluster
  // worker too, which cluster.fork starts with the primary's execArgv
  command: ["--cpu-prof", `--cpu-prof-dir=${profiles}`, "--import", "tsx", "scripts/server.ts"],
  cwd: process.cwd(),
  database: { path: run.file },
  buildDirectory,
  // one worker, so one profile holds all the serving
  env: { WEB_CONCURRENCY: "1" },
});
let result;
let window: { from: number; to: number };
try {
  const cookie = await signIn(server.url);
  // the first answers compile code and fill caches: before the window
  for (let i = 0; i < 20; i++) await fetchOk(`${server.url}${address}`, cookie);
  // V8 stamps samples with the monotonic clock in microseconds, as hrtime reads it here
  const from = Number(process.hrtime.bigint() / 1000n);
  result = await load({ url: `${server.url}${address}`, connections, seconds, cookie });
  window = { from, to: Number(process.hrtime.bigint() / 1000n) };
} finally {
  // SIGTERM: the server closes and exits, and each process writes its profile as it exits
  await server.stop();
}

const written = fs.readdirSync(profiles).filter((name) => name.endsWith(".cpuprofile"));
if (!written.length) throw new Error(`no .cpuprofile was written to ${profiles}:\n${server.logs()}`);
const lookup = sourceLookup(path.join(buildDirectory, "server"));
// the process that served: the one with the most busy time in the window (the worker, if any)
const candidates = written.map((name) => {
  const profile = JSON.parse(fs.readFileSync(path.join(profiles, name), "utf8")) as CpuProfile;
  return { name, profile, summary: summarize(profile, { resolve: lookup, window }) };
});
candidates.sort((a, b) => b.summary.busyMs - a.summary.busyMs);
const chosen = candidates[0]!;

fs.mkdirSync("bench-results", { recursive: true });
const slug = address.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "root";
const kept = path.resolve("bench-results", `profile-${slug}.cpuprofile`);
fs.copyFileSync(path.join(profiles, chosen.name), kept);
const text = summaryText(
  chosen.summary,
  `CPU profile of GET ${address}: ${seconds} s at ${connections} connection(s), ${result.requestsPerSecond.toFixed(1)} req/s (profiler on), p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms; ${written.length} profile(s) written, summarized: the one busiest during the load`,
);
fs.writeFileSync(path.resolve("bench-results", "profile-latest.txt"), text);
console.log(text);
log(`profile kept at ${kept} (open it in Chrome DevTools, Performance tab); text at bench-results/profile-latest.txt`);
run.remove();

/** Positions in the server bundle (its entries and shared chunks) mapped to the app's own files, relative to the repository. */
function sourceLookup(serverDirectory: string): SourceLookup {
  const maps = new Map<string, TraceMap | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) maps.set(file, fs.existsSync(`${file}.map`) ? new TraceMap(fs.readFileSync(`${file}.map`, "utf8")) : null);
    return maps.get(file) ?? null;
  };
  return (url, lineNumber, columnNumber) => {
    const file = url.startsWith("file://") ? url.slice("file://".length) : url;
    if (!file.startsWith(`${serverDirectory}${path.sep}`)) return undefined;
    const traced = mapOf(file);
    if (!traced) return undefined;
    const original = originalPositionFor(traced, { line: lineNumber + 1, column: columnNumber });
    if (!original.source) return undefined;
    return { source: path.relative(process.cwd(), path.resolve(path.dirname(file), original.source)), line: original.line ?? 0 };
  };
}
