import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, expect, test } from "vitest";
import { currentDay } from "~/clock.server";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import { runImport, type ImportActor, type ImportReport } from "~/services/import/import.server";
import { IMPORT_COLUMNS, type ImportColumnKey } from "~/services/import/layout";
import { confirmImport, stageImport } from "~/services/import/staged.server";
import { demoDecisions, createDemoDecisions } from "../../db/seed/decisions";
import { dialectOf } from "~/db.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { tableNames, tableRows } from "../support/table-rows";
import { COMPLETE_PROPOSAL, createAllAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";

// The import's stored result, whole: a few hundred rows mixing new proposals (with and without a
// code, of a merged ministry too), updates, approvals under a decision, documents many rows
// share, rows an officer may not import, invalid rows and a row only the workflow refuses, then
// the same plan changed and imported again, and an officer's staged upload. Every table (times
// and the test run's password hash aside) and every report are compared with the expectation
// recorded from the import as it was before it was batched (README design decision 60): same
// rows, same ids, same history, same search index, same reports.

let database: TestDatabase;
let db: Kysely<DB>;
let reviewer: TestUser;
let officer: TestUser;

const AGENCIES = ["BYT", "BCT", "BTC", "BGTVT"] as const;
type Row = Partial<Record<ImportColumnKey, string>>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAllAgencies(db);
  reviewer = await createUserWith(db, { role: "reviewer" });
  officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  await db.transaction().execute((trx) => createDemoDecisions(trx, reviewer, demoDecisions()));
  // stored before any import: BYT's draft linked to an open amendment, BCT's draft, BYT's open amendment of a shared decree
  const byt = await createProposalFor(db, reviewer, { ...COMPLETE_PROPOSAL, agency: "BYT" });
  await createProposalFor(db, reviewer, { agency: "BCT", title: "Quy định cũ của BCT", proposed_change: "Bãi bỏ yêu cầu cũ" });
  await createAmendment(db, reviewer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", provisions: "Điều 5", form: "amend", proposals: byt.code }));
  await createAmendment(db, reviewer, AmendmentSchema.parse({ document: "12/2019/NĐ-CP", agency: "BYT", provisions: "Điều 2", form: "amend", proposals: "" }));
});

afterAll(async () => {
  await database?.remove();
});

function csvFile(rows: Row[]): Uint8Array {
  const text = Papa.unparse({ fields: IMPORT_COLUMNS.map((column) => column.header), data: rows.map((row) => IMPORT_COLUMNS.map((column) => row[column.key] ?? "")) });
  return new TextEncoder().encode(text);
}

/** Row i of the plan: four agencies (one merged away), twelve shared decrees, a circular per agency on every third row, every fifth approved, every tenth without a code. */
function planRow(i: number, change = 0): Row {
  const agency = AGENCIES[i % AGENCIES.length]!;
  const decree = `${10 + (i % 12)}/2019/NĐ-CP`;
  const circular = `${200 + (i % 5)}/2020/TT-${agency === "BGTVT" ? "BXD" : agency}`;
  const two = i % 3 === 0 || (change > 0 && i % 7 === 1);
  return {
    code: i % 10 === 9 ? "" : `${agency}-${String(1000 + i).padStart(4, "0")}`,
    agency,
    regulation_type: ["Thủ tục hành chính", "Điều kiện kinh doanh", "Chế độ báo cáo"][i % 3],
    title: `Quy định số ${i} về giấy phép${change > 0 && i % 4 === 2 ? " (sửa)" : ""}`,
    source_document: i % 11 === 4 ? "" : decree,
    source_provision: `Điều ${1 + (i % 30)}`,
    action: ["Bãi bỏ", "Đơn giản hóa", "Sửa đổi"][i % 3],
    proposed_change: `Bỏ yêu cầu thứ ${i}${change > 1 && i % 3 === 0 ? ", nộp trực tuyến" : ""}`,
    rationale: i % 11 === 4 ? "" : "Giảm chi phí tuân thủ",
    documents_to_amend: two ? `${decree}; ${circular}` : decree,
    provisions_to_amend: two ? `Điều ${1 + (i % 30)}; Điều ${1 + (i % 7) + (change > 0 && i % 6 === 0 ? 1 : 0)}` : `Điều ${1 + (i % 30)}`,
    cost_before_vnd: i % 11 === 4 ? "" : String(1_000_000_000 + i * 1000),
    cost_after_vnd: i % 11 === 4 ? "" : String(600_000_000 + i * 500),
    decision: i % 11 !== 4 && (i % 5 === 0 || (change > 0 && i % 5 === 1)) ? (agency === "BYT" ? "1661/QĐ-TTg" : "1505/QĐ-TTg") : "",
    timeline: i % 2 === 0 ? `Quý ${["I", "II", "III", "IV"][i % 4]}/2027` : "",
  };
}

const plan = (change = 0) => Array.from({ length: 240 }, (_, i) => planRow(i, change));

function importAs(actor: ImportActor, rows: Row[], commit: boolean, name: string): Promise<ImportReport> {
  return runImport(db, actor, { name, bytes: csvFile(rows) }, { commit });
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** FTS5 shadow tables whose layout depends on how rows were indexed, not on what is indexed, the schema's own bookkeeping, the slots of exports under way and the queue of long jobs (empty here: the services commit without it). */
const LAYOUT_TABLES = /_fts(_data|_idx|_config)?$|^kysely_migration|^search_index_deferred$|^export_slots$|^data_version$|^jobs$/;

function byIdThenContent(a: Record<string, unknown>, b: Record<string, unknown>): number {
  if (typeof a.id === "number" && typeof b.id === "number") return a.id - b.id;
  const [left, right] = [JSON.stringify(a), JSON.stringify(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Every stored row, times and today's date written as such, blobs as their hash, and the test run's password hash left out. */
async function wholeDatabase(): Promise<Record<string, unknown[]>> {
  const today = currentDay();
  const sqlite = dialectOf(db) === "sqlite";
  const tables = sqlite
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows.map((row) => row.name)
    : await tableNames(db);
  const content: Record<string, unknown[]> = {};
  for (const name of tables) {
    if (LAYOUT_TABLES.test(name)) continue;
    const rows = sqlite ? (await sql<Record<string, unknown>>`select rowid as _rowid, * from ${sql.table(name)} order by rowid`.execute(db)).rows : await tableRows(db, name);
    const written = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          column === "password_hash"
            ? "<hash>"
            : value instanceof Uint8Array
              ? `<${createHash("sha256").update(value).digest("hex")}>`
              : typeof value === "string" && column === "report"
                ? JSON.parse(value)
                : typeof value === "string" && TIME.test(value)
                  ? "<time>"
                  : value === today
                    ? "<today>"
                    : value,
        ]),
      ),
    );
    // PostgreSQL's rows in the order of their ids, or of what they hold once times are masked:
    // tableRows' order starts with the creation time, which differs from run to run
    content[name] = sqlite ? written : written.sort(byIdThenContent);
  }
  // what SQLite's search index holds, read through it (PostgreSQL's is each row's generated column)
  if (!sqlite) return content;
  for (const index of ["proposals_fts", "legal_documents_fts"]) {
    content[`${index} (rowids)`] = (await sql<{ rowid: number }>`select rowid from ${sql.table(index)} order by rowid`.execute(db)).rows.map((row) => row.rowid);
    await sql`insert into ${sql.table(index)}(${sql.table(index)}, rank) values ('integrity-check', 1)`.execute(db);
  }
  content["search: giay phep so 12"] = (await sql<{ rowid: number }>`select rowid from proposals_fts where proposals_fts match '"giay" "phep" "so" "12"' order by rowid`.execute(db)).rows.map((row) => row.rowid);
  return content;
}

test("a mixed plan, refused plans, the plan changed and a staged upload store exactly what the row-by-row import stored", async () => {
  const reports: Record<string, ImportReport> = {};
  // the reviewer's plan, with an update of BYT's stored draft and an approval of BCT's
  const first = [...plan(), { ...planRow(3), code: "BYT-0001", agency: "BYT", title: "Tiêu đề mới" }, { ...planRow(5), code: "BCT-0001", agency: "BCT", decision: "1505/QĐ-TTg" }];
  reports.dryRun = await importAs(reviewer, first, false, "ke-hoach.csv");
  reports.first = await importAs(reviewer, first, true, "ke-hoach.csv");
  // BYT's officer: BCT's rows are not theirs, a decision is the secretariat's, two rows are invalid
  const mixed = [...plan(1).slice(0, 60), { ...planRow(300), agency: "XYZ" }, { ...planRow(301), cost_before_vnd: "nhiều" }];
  reports.officerRefused = await importAs(officer, mixed, true, "bo-y-te.csv");
  // a row only the workflow refuses (approval of an incomplete proposal): every row checked in isolation
  reports.workflowRefused = await importAs(reviewer, [...plan(1).slice(0, 30), { ...planRow(302), rationale: "", decision: "1661/QĐ-TTg", agency: "BYT", code: "BYT-3020" }], true, "thieu.csv");
  // the plan changed: titles, provisions, a second document, approvals of stored drafts
  reports.changed = await importAs(reviewer, plan(1), true, "ke-hoach-2.csv");
  reports.again = await importAs(reviewer, plan(1), true, "ke-hoach-2.csv");
  // BYT's officer's own rows, staged then confirmed
  const own = [...plan(2).filter((row) => row.agency === "BYT" && !row.decision).slice(0, 30), { ...planRow(400), agency: "BYT", code: "", decision: "" }];
  const staged = await stageImport(db, officer, { name: "bo-y-te-2.csv", bytes: csvFile(own) });
  reports.confirmed = await confirmImport(db, officer, staged);

  expect(reports.first.counts.invalid).toBe(0);
  expect(reports.first.committed).toBe(true);
  expect(reports.officerRefused.counts.invalid).toBeGreaterThan(10);
  expect(reports.workflowRefused.counts.invalid).toBe(1);
  expect(reports.changed.counts.updated).toBeGreaterThan(50);
  expect(reports.again.counts.unchanged).toBe(240);
  expect(reports.confirmed.committed).toBe(true);
  // PostgreSQL's expectation is its own: its id sequences are not rolled back with a dry run's
  // transaction, so the ids after one differ from SQLite's
  const expected = dialectOf(db) === "postgres" ? "__snapshots__/import-batch.postgres.json" : "__snapshots__/import-batch.json";
  await expect(JSON.stringify({ reports, database: await wholeDatabase() }, null, 1)).toMatchFileSnapshot(expected);
});
