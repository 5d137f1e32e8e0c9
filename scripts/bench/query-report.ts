import fs from "node:fs";
import path from "node:path";
import { reportSuffix, type BenchDatabaseKind } from "./database";

// `npm run bench`'s results (the model's queries, the pages one request at a time, the import):
// printed line by line as they are measured, then written to bench-results/ as JSON and markdown
// (latest-queries.* for SQLite, latest-queries-postgres.* for PostgreSQL). When both databases
// have a report of the same data, a table puts them side by side.

export interface Timing {
  /** The first run, not counted in p50 and p95 (for a page: what computing its caches costs). */
  first: number;
  p50: number;
  p95: number;
}

export interface ImportStep {
  name: string;
  seconds: number;
  counts: { new: number; updated: number; unchanged: number; invalid: number };
}

export interface ImportResult {
  rows: number;
  megabytes: number;
  decision: string;
  steps: ImportStep[];
  memory: { rssBytes: number; heapUsedBytes: number };
}

export interface QueryBenchReport {
  date: string;
  database: { kind: BenchDatabaseKind; name: string; description: string };
  data: { proposals: number; documents: number; amendments: number; megabytes: number };
  /** Timed runs of each query and page. */
  runs: number;
  queries: ({ name: string } & Timing)[];
  /** The bench process's memory after the queries. */
  memory: { rssBytes: number; heapUsedBytes: number };
  /** Empty when there was no build to serve. */
  pages: ({ name: string } & Timing)[];
  import?: ImportResult;
  wallSeconds: number;
}

const WIDTH = 42;
const cell = (value: number) => value.toFixed(1).padStart(8);

/** The header of the queries' lines, naming the database. */
export function queryHeader(database: string): string {
  return `${`query (${database})`.padEnd(WIDTH)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`;
}

export function queryLine(name: string, timing: Timing): string {
  return `${name.padEnd(WIDTH)} ${cell(timing.p50)} ${cell(timing.p95)}`;
}

export function pageHeader(database: string): string {
  return `${`page (${database}; first = computed)`.padEnd(WIDTH)} ${"first".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`;
}

export function pageLine(name: string, timing: Timing): string {
  return `${name.padEnd(WIDTH)} ${cell(timing.first)} ${cell(timing.p50)} ${cell(timing.p95)}`;
}

export function importLine(step: ImportStep, rows: number): string {
  const { counts } = step;
  const perSecond = Math.round(rows / step.seconds).toLocaleString("en");
  return `${step.name.padEnd(WIDTH)} ${step.seconds.toFixed(2).padStart(8)} s ${perSecond.padStart(8)} rows/s  new ${counts.new}, updated ${counts.updated}, unchanged ${counts.unchanged}, invalid ${counts.invalid}`;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(0);

/** The whole report in the form the README quotes it. */
export function queryMarkdown(report: QueryBenchReport): string {
  const { data } = report;
  const lines = [
    `Query bench of ${report.date} on ${report.database.name} (\`npm run bench${report.database.kind === "postgres" ? " -- --postgres" : ""}\`, ${report.wallSeconds.toFixed(0)} s in all)`,
    "",
    `- database: ${report.database.description}`,
    `- data: ${data.proposals.toLocaleString("en")} proposals, ${data.documents.toLocaleString("en")} documents, ${data.amendments.toLocaleString("en")} amendments (${data.megabytes} MB)`,
    `- each query and page run ${report.runs} times after one not counted; latencies in ms`,
    "",
    "```",
    queryHeader(report.database.name),
    ...report.queries.map((query) => queryLine(query.name, query)),
    "",
    `memory: rss ${megabytes(report.memory.rssBytes)} MB, heap used ${megabytes(report.memory.heapUsedBytes)} MB`,
  ];
  if (report.pages.length) lines.push("", pageHeader(report.database.name), ...report.pages.map((page) => pageLine(page.name, page)));
  const imported = report.import;
  if (imported) {
    lines.push("", importTitle(imported), ...imported.steps.map((step) => importLine(step, imported.rows)));
    lines.push(`memory after import: rss ${megabytes(imported.memory.rssBytes)} MB, heap used ${megabytes(imported.memory.heapUsedBytes)} MB`);
  }
  lines.push("```");
  return lines.join("\n") + "\n";
}

export function importTitle(imported: Pick<ImportResult, "rows" | "megabytes" | "decision">): string {
  return `import of a ${imported.rows.toLocaleString("en")}-row XLSX (${imported.megabytes.toFixed(1)} MB), a quarter approved under ${imported.decision}`;
}

export function writeQueryReport(report: QueryBenchReport, directory = "bench-results"): string {
  fs.mkdirSync(directory, { recursive: true });
  const stem = path.join(directory, `latest-queries${reportSuffix(report.database.kind)}`);
  fs.writeFileSync(`${stem}.md`, queryMarkdown(report));
  fs.writeFileSync(`${stem}.json`, JSON.stringify(report, null, 2) + "\n");
  return `${stem}.md and ${stem}.json`;
}

/** The other database's latest report of the same data in `directory`, if there is one. */
export function otherQueryReport(report: QueryBenchReport, directory = "bench-results"): QueryBenchReport | undefined {
  const other = report.database.kind === "postgres" ? "sqlite" : "postgres";
  const file = path.join(directory, `latest-queries${reportSuffix(other)}.json`);
  if (!fs.existsSync(file)) return undefined;
  const found = JSON.parse(fs.readFileSync(file, "utf8")) as QueryBenchReport;
  const same = (["proposals", "documents", "amendments"] as const).every((key) => found.data[key] === report.data[key]);
  return same && found.runs === report.runs ? found : undefined;
}

/** Both databases' figures of the same data in one markdown table: p50 and p95 of each, first run for pages. */
export function querySideBySide(a: QueryBenchReport, b: QueryBenchReport): string {
  const [sqlite, postgres] = a.database.kind === "postgres" ? [b, a] : [a, b];
  const [s, p] = [sqlite.database.name, postgres.database.name];
  const ms = (value: number | undefined) => (value === undefined ? "–" : value.toFixed(1));
  const lines = [
    `Side by side: ${s} (${sqlite.date}) and ${p} (${postgres.date}), ${sqlite.data.proposals.toLocaleString("en")} proposals; latencies in ms`,
    "",
    `| query | ${s} p50 | p95 | ${p} p50 | p95 |`,
    "|---|--:|--:|--:|--:|",
  ];
  for (const query of sqlite.queries) {
    const twin = postgres.queries.find((other) => other.name === query.name);
    lines.push(`| ${query.name} | ${ms(query.p50)} | ${ms(query.p95)} | ${ms(twin?.p50)} | ${ms(twin?.p95)} |`);
  }
  if (sqlite.pages.length || postgres.pages.length) {
    lines.push("", `| page (whole response) | ${s} first | p50 | p95 | ${p} first | p50 | p95 |`, "|---|--:|--:|--:|--:|--:|--:|");
    for (const page of sqlite.pages) {
      const twin = postgres.pages.find((other) => other.name === page.name);
      lines.push(`| ${page.name} | ${ms(page.first)} | ${ms(page.p50)} | ${ms(page.p95)} | ${ms(twin?.first)} | ${ms(twin?.p50)} | ${ms(twin?.p95)} |`);
    }
  }
  if (sqlite.import && postgres.import) {
    lines.push("", `| ${importTitle(sqlite.import)} | ${s} | ${p} |`, "|---|--:|--:|");
    for (const step of sqlite.import.steps) {
      const twin = postgres.import.steps.find((other) => other.name === step.name);
      lines.push(`| ${step.name} | ${step.seconds.toFixed(2)} s | ${twin ? `${twin.seconds.toFixed(2)} s` : "–"} |`);
    }
  }
  lines.push("", `| data | ${s} | ${p} |`, "|---|--:|--:|", `| database size | ${sqlite.data.megabytes} MB | ${postgres.data.megabytes} MB |`);
  return lines.join("\n") + "\n";
}
