// npm run bench — speed and memory at the scale DOMAIN.md plans for (100,000 proposals,
// 30,000 documents, 50,000 amendments), measured on the model queries the pages run, the pages
// through the production server, and an import. On SQLite, or on PostgreSQL with the same data
// (DATABASE_URL, or --postgres for a throwaway server: scripts/bench/database.ts).
// `npm run bench -- --load` measures the pages under load instead (scripts/bench/load-bench.ts).
// Figures go to stdout and bench-results/; nothing here is asserted (tests never time anything).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openLocation, type Database, type DatabaseLocation } from "../app/db.server";
import { todayIso } from "../app/domain/dates";
import { listAmendments } from "../app/models/amendment.server";
import { computeSteeringFigures, steeringFigures } from "../app/models/figures.server";
import { listDocuments } from "../app/models/legal-document.server";
import { listProposals } from "../app/models/proposal.server";
import { computeSearch, globalSearch } from "../app/models/search.server";
import { benchImport } from "./bench-import";
import { defaultDatabaseFile, ensureDatabase, FULL, QUICK, signIn } from "./bench/data";
import { dataSizes, openBenchDatabases, wantsPostgres } from "./bench/database";
import { runLoadBench } from "./bench/load-bench";
import {
  otherQueryReport,
  pageHeader,
  pageLine,
  queryHeader,
  queryLine,
  querySideBySide,
  writeQueryReport,
  type QueryBenchReport,
  type Timing,
} from "./bench/query-report";
import { startSoakServer } from "./soak/server";

const { values } = parseArgs({
  options: {
    proposals: { type: "string" },
    documents: { type: "string" },
    amendments: { type: "string" },
    runs: { type: "string" },
    // the load mode and the options both modes share
    load: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    seconds: { type: "string" },
    database: { type: "string" },
    // PostgreSQL: DATABASE_URL's database, else a throwaway server started for the run
    postgres: { type: "boolean", default: false },
  },
});
const postgres = wantsPostgres(values.postgres);

if (values.load) {
  await runLoadBench({ quick: values.quick, seconds: values.seconds ? Number(values.seconds) : undefined, database: values.database, postgres });
  process.exit(0);
}

const volume = values.quick ? QUICK : FULL;
const wanted = {
  proposals: Number(values.proposals ?? volume.proposals),
  documents: Number(values.documents ?? volume.documents),
  amendments: Number(values.amendments ?? volume.amendments),
};
const runs = Number(values.runs ?? (values.quick ? 10 : 30));
const begun = performance.now();
// generated once per volume into bench-results/ (or --database's file), each run on a copy
const source = path.resolve(values.database ?? defaultDatabaseFile(wanted));
await ensureDatabase(source, wanted, (line) => console.log(line));
const databases = await openBenchDatabases({ source, postgres, log: (line) => console.log(line) });

/** p50 and p95 of `runs` timings of `measured` (after one not counted), and the first. */
async function timed(measured: () => Promise<unknown>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    await measured();
    times.push(performance.now() - started);
  }
  const first = times.shift()!;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { first, p50: at(0.5), p95: at(0.95) };
}

/** The model's queries, each timed on `db`. */
async function measureQueries(db: Database): Promise<{ cases: QueryBenchReport["queries"]; decisionId: number; typedReversed: string }> {
  const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow();
  const decisionId = (await db.selectFrom("decisions").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  const base = { sort: "code", dir: "asc", page: 1 } as const;
  // a generated document's number, typed the three ways people type it ("10042/2015/TT-BYT")
  const sample = await db.selectFrom("legal_documents").select("number").where("number", "like", "10042/%").orderBy("id").executeTakeFirst();
  const [number = "10042", year = "2015", tail = "TT-BYT"] = (sample?.number ?? "10042/2015/TT-BYT").split("/");
  const typed = {
    full: `${number}/${year}/${tail}`.toLowerCase(),
    short: `${number}/${year}`,
    reversed: `${tail.toLowerCase()} ${number}/${year}`,
  };
  const cases: [string, () => Promise<unknown>][] = [
    ["proposals: first page, no filter", () => listProposals(db, base)],
    ["proposals: agency + status", () => listProposals(db, { ...base, agencies: [agency.id], status: "approved" })],
    ["proposals: implementation overdue", () => listProposals(db, { ...base, implementation: "overdue" })],
    ["proposals: text without diacritics", () => listProposals(db, { ...base, q: "giay phep thuc pham" })],
    ["proposals: sorted by saving, page 200", () => listProposals(db, { ...base, sort: "saving", dir: "desc", page: 200 })],
    ["documents: number typed loosely", () => listDocuments(db, { q: "10042/2015/tt", page: 1 })],
    ["documents: title words", () => listDocuments(db, { q: "chung chi hanh nghe", page: 1 })],
    ["proposals: word in every proposal", () => listProposals(db, { ...base, q: "don gian" })],
    // the header's search box: every group, ranked, with its total, computed afresh (what the
    // first search for these words after a change costs)
    ["search: words without diacritics", () => computeSearch(db, "giay phep thuc pham")],
    ["search: word prefixes", () => computeSearch(db, "cap chung chi hanh ng")],
    ["search: word in every proposal", () => computeSearch(db, "don gian hoa")],
    ["search: one-letter prefix", () => computeSearch(db, "t")],
    [`search: number ${typed.full}`, () => computeSearch(db, typed.full)],
    [`search: number ${typed.short}`, () => computeSearch(db, typed.short)],
    [`search: number ${typed.reversed}`, () => computeSearch(db, typed.reversed)],
    ["search: nothing matches", () => computeSearch(db, "khong co tu nay")],
    // the same words again, the data unchanged: the cached results
    ["search: word in every proposal, unchanged", () => globalSearch(db, "don gian hoa")],
    // computed afresh: what the first request after a change costs
    ["dashboard figures: everything", () => computeSteeringFigures(db, {}, todayIso())],
    ["dashboard figures: one agency", () => computeSteeringFigures(db, { agencies: [agency.id] }, todayIso())],
    ["dashboard figures: one decision + type", () => computeSteeringFigures(db, { decision: decisionId, type: "business_condition" }, todayIso())],
    // unchanged data since the last request: the cached figures
    ["dashboard figures: everything, unchanged", () => steeringFigures(db, {}, todayIso())],
    ["amendments: overdue", () => listAmendments(db, { overdue: true, today: todayIso(), sort: "deadline", page: 1 })],
  ];
  const measured: QueryBenchReport["queries"] = [];
  console.log(`\n${queryHeader(databases.name)}`);
  for (const [name, query] of cases) {
    measured.push({ name, ...(await timed(query)) });
    console.log(queryLine(name, measured.at(-1)!));
  }
  return { cases: measured, decisionId, typedReversed: typed.reversed };
}

/** The pages themselves, through the production server as deployed, when a build is there (npm run build). */
async function measurePages(location: DatabaseLocation, decisionId: number, typedReversed: string): Promise<QueryBenchReport["pages"]> {
  const buildDirectory = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
  if (!fs.existsSync(path.join(buildDirectory, "server/index.js"))) {
    console.log(`\nno build in ${buildDirectory}: the pages are not measured (npm run build)`);
    return [];
  }
  const server = await startSoakServer({ command: ["--import", "tsx", "scripts/server.ts"], cwd: process.cwd(), database: location, buildDirectory });
  try {
    const cookie = await signIn(server.url);
    const pages: [string, string][] = [
      ["GET /dashboard", "/dashboard"],
      ["GET /dashboard?agency=BYT", "/dashboard?agency=BYT"],
      [`GET /decisions/${decisionId}`, `/decisions/${decisionId}`],
      ["GET /proposals?q=giay phep", "/proposals?q=giay%20phep"],
      ["GET /search?q=giay phep thuc pham", "/search?q=giay%20phep%20thuc%20pham"],
      ["GET /search?q=don gian hoa", "/search?q=don%20gian%20hoa"],
      [`GET /search?q=${typedReversed}`, `/search?${new URLSearchParams({ q: typedReversed })}`],
    ];
    const measured: QueryBenchReport["pages"] = [];
    console.log(`\n${pageHeader(databases.name)}`);
    for (const [name, url] of pages) {
      const timing = await timed(async () => {
        const response = await fetch(`${server.url}${url}`, { headers: { cookie } });
        await response.text();
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      });
      measured.push({ name, ...timing });
      console.log(pageLine(name, timing));
    }
    return measured;
  } catch (error) {
    console.error(server.logs());
    throw error;
  } finally {
    await server.stop();
  }
}

let report: QueryBenchReport;
try {
  const run = await databases.runCopy();
  try {
    const data = await dataSizes(run.location);
    console.log(`database: ${databases.description}`);
    console.log(`data: ${data.proposals} proposals, ${data.documents} documents, ${data.amendments} amendments (${data.megabytes} MB)`);
    const db = openLocation(run.location);
    let queries;
    try {
      queries = await measureQueries(db);
    } finally {
      await db.destroy();
    }
    const memory = process.memoryUsage();
    console.log(`\nmemory: rss ${(memory.rss / 1e6).toFixed(0)} MB, heap used ${(memory.heapUsed / 1e6).toFixed(0)} MB`);
    const pages = await measurePages(run.location, queries.decisionId, queries.typedReversed);
    report = {
      date: new Date().toISOString(),
      database: { kind: databases.kind, name: databases.name, description: databases.description },
      data,
      runs,
      queries: queries.cases,
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      pages,
      wallSeconds: 0,
    };
  } finally {
    await run.remove();
  }
  report.import = await benchImport(values.quick ? 1_000 : 10_000, databases);
} finally {
  await databases.close();
}
report.wallSeconds = (performance.now() - begun) / 1000;
console.log(`\nwritten to ${writeQueryReport(report)} (${report.wallSeconds.toFixed(0)} s in all)`);
const other = otherQueryReport(report);
if (other) console.log(`\n${querySideBySide(report, other)}`);
