// npm run bench — speed and memory at the scale DOMAIN.md plans for (100,000 proposals,
// 30,000 documents, 50,000 amendments), measured on the model queries the pages run.
// `npm run bench -- --load` measures the pages under load instead (scripts/bench/load-bench.ts).
// Figures go to stdout; nothing here is asserted (tests never time anything).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateToLatest, openDatabase, optimizeDatabase } from "../app/db.server";
import { todayIso } from "../app/domain/dates";
import { listAmendments } from "../app/models/amendment.server";
import { computeSteeringFigures, steeringFigures } from "../app/models/figures.server";
import { listDocuments } from "../app/models/legal-document.server";
import { listProposals } from "../app/models/proposal.server";
import { globalSearch } from "../app/models/search.server";
import { insertAgencies } from "../db/seed/agencies";
import { benchImport } from "./bench-import";
import { FULL, QUICK } from "./bench/data";
import { runLoadBench } from "./bench/load-bench";
import { generateData } from "./generate-data";

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
  },
});

if (values.load) {
  await runLoadBench({ quick: values.quick, seconds: values.seconds ? Number(values.seconds) : undefined, database: values.database });
  process.exit(0);
}

const volume = values.quick ? QUICK : FULL;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-bench-")), "bench.db");
let started = performance.now();
if (values.database) {
  // a database generated before (by this bench, the load bench or generate-data.ts), on a copy
  fs.copyFileSync(values.database, file);
  console.log(`copied ${values.database} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
}
const db = openDatabase(file);
await migrateToLatest(db);
if (!values.database) {
  await db.transaction().execute((trx) => insertAgencies(trx));
  const wanted = {
    proposals: Number(values.proposals ?? volume.proposals),
    documents: Number(values.documents ?? volume.documents),
    amendments: Number(values.amendments ?? volume.amendments),
  };
  await generateData(db, wanted);
  await optimizeDatabase(db);
  console.log(
    `generated ${wanted.proposals} proposals, ${wanted.documents} documents, ${wanted.amendments} amendments in ${((performance.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`,
  );
}

const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow();
const decisionId = (await db.selectFrom("decisions").select("id").executeTakeFirstOrThrow()).id;
const base = { sort: "code", dir: "asc", page: 1 } as const;
// a generated document's number, typed the three ways people type it ("10042/2015/TT-BYT")
const sample = await db.selectFrom("legal_documents").select("number").where("number", "like", "10042/%").executeTakeFirst();
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
  // the header's search box: both groups, ranked, with their totals
  ["search: words without diacritics", () => globalSearch(db, "giay phep thuc pham")],
  ["search: word prefixes", () => globalSearch(db, "cap chung chi hanh ng")],
  ["search: word in every proposal", () => globalSearch(db, "don gian hoa")],
  ["search: one-letter prefix", () => globalSearch(db, "t")],
  [`search: number ${typed.full}`, () => globalSearch(db, typed.full)],
  [`search: number ${typed.short}`, () => globalSearch(db, typed.short)],
  [`search: number ${typed.reversed}`, () => globalSearch(db, typed.reversed)],
  ["search: nothing matches", () => globalSearch(db, "khong co tu nay")],
  // computed afresh: what the first request after a change costs
  ["dashboard figures: everything", () => computeSteeringFigures(db, {}, todayIso())],
  ["dashboard figures: one agency", () => computeSteeringFigures(db, { agencies: [agency.id] }, todayIso())],
  ["dashboard figures: one decision + type", () => computeSteeringFigures(db, { decision: decisionId, type: "business_condition" }, todayIso())],
  // unchanged data since the last request: the cached figures
  ["dashboard figures: everything, unchanged", () => steeringFigures(db, {}, todayIso())],
  ["amendments: overdue", () => listAmendments(db, { overdue: true, today: todayIso(), sort: "deadline", page: 1 })],
];

const runs = Number(values.runs ?? (values.quick ? 10 : 30));
console.log(`\n${"query".padEnd(42)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
for (const [name, run] of cases) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${name.padEnd(42)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)}`);
}

const memory = process.memoryUsage();
console.log(`\nmemory: rss ${(memory.rss / 1e6).toFixed(0)} MB, heap used ${(memory.heapUsed / 1e6).toFixed(0)} MB`);
await db.destroy();

// The pages themselves, through the production server, when a build is there (npm run build).
const buildDirectory = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
if (fs.existsSync(path.join(buildDirectory, "server/index.js"))) {
  const { spawn } = await import("node:child_process");
  const { createServer } = await import("node:net");
  const { createUser } = await import("../app/services/user.server");
  const reopened = openDatabase(file);
  const password = "bench-password-1";
  await createUser(reopened, null, { email: "bench.reviewer@tinhgon.local", name: "Bench", role: "reviewer", agency: null, password });
  await reopened.destroy();
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    env: { ...process.env, NODE_ENV: "production", DEMO_DATA: "0", PORT: String(port), DATABASE_PATH: file, SESSION_SECRET: "bench-secret-0123456789", COOKIE_SECURE: "0" },
    stdio: "ignore",
  });
  try {
    for (let i = 0; i < 300; i++) {
      if ((await fetch(`${origin}/healthz`).catch(() => undefined))?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const login = await fetch(`${origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "bench.reviewer@tinhgon.local", password }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const pages: [string, string][] = [
      ["GET /dashboard", "/dashboard"],
      ["GET /dashboard?agency=BYT", "/dashboard?agency=BYT"],
      [`GET /decisions/${decisionId}`, `/decisions/${decisionId}`],
      ["GET /proposals?q=giay phep", "/proposals?q=giay%20phep"],
      ["GET /search?q=giay phep thuc pham", "/search?q=giay%20phep%20thuc%20pham"],
      ["GET /search?q=don gian hoa", "/search?q=don%20gian%20hoa"],
      [`GET /search?q=${typed.reversed}`, `/search?${new URLSearchParams({ q: typed.reversed })}`],
    ];
    console.log(`\n${"page (whole response, first = computed)".padEnd(42)} ${"first".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
    for (const [name, url] of pages) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        started = performance.now();
        const response = await fetch(`${origin}${url}`, { headers: { cookie } });
        await response.text();
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        times.push(performance.now() - started);
      }
      const first = times.shift()!;
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      console.log(`${name.padEnd(42)} ${first.toFixed(1).padStart(8)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)}`);
    }
  } finally {
    server.kill();
  }
}
fs.rmSync(path.dirname(file), { recursive: true, force: true });

await benchImport(values.quick ? 1_000 : 10_000);
