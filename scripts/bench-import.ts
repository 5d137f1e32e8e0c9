// The import's share of `npm run bench`: a ministry plan of 10,000 rows as XLSX, read, checked
// (a dry run) and committed on a fresh database with the demo data (SQLite, or PostgreSQL under
// --postgres), then imported again (unchanged). Figures go to stdout; nothing is asserted. Run
// alone, on SQLite: npx tsx scripts/bench-import.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { migrateToLatest, openLocation } from "../app/db.server";
import { runImport, type ImportActor } from "../app/services/import/import.server";
import { IMPORT_COLUMNS, type ImportColumnKey } from "../app/services/import/layout";
import { seedDemoData } from "../db/seed";
import type { BenchDatabases, BenchRunDatabase } from "./bench/database";
import { importLine, importTitle, type ImportResult } from "./bench/query-report";

const TYPES = ["Thủ tục hành chính", "Điều kiện kinh doanh", "Chế độ báo cáo", "Kiểm tra chuyên ngành"];
const ACTIONS = ["Bãi bỏ", "Đơn giản hóa", "Sửa đổi", "Phân cấp"];
const AGENCIES = ["BYT", "BTC", "BCT", "BXD", "BTP", "BNV", "BKHCN", "BNNMT"];

/** A plan of `rows` rows for several agencies, each citing one or two of 400 decrees, a quarter approved. */
export async function planWorkbook(rows: number, decision: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Kế hoạch");
  sheet.addRow(IMPORT_COLUMNS.map((column) => column.header));
  for (let i = 0; i < rows; i++) {
    const agency = AGENCIES[i % AGENCIES.length]!;
    const first = `${100 + (i % 400)}/20${10 + (i % 14)}/NĐ-CP`;
    const second = `${500 + (i % 97)}/2021/TT-${agency}`;
    const values: Record<ImportColumnKey, string | number> = {
      code: `${agency}-${String(5000 + Math.floor(i / AGENCIES.length)).padStart(5, "0")}`,
      agency,
      regulation_type: TYPES[i % TYPES.length]!,
      title: `Quy định số ${i} về điều kiện cấp giấy phép hoạt động trong lĩnh vực ${i % 50}`,
      source_document: first,
      source_provision: `Điều ${1 + (i % 60)}`,
      action: ACTIONS[i % ACTIONS.length]!,
      proposed_change: `Bỏ yêu cầu nộp bản sao giấy tờ thứ ${i}; tra cứu trên cơ sở dữ liệu quốc gia`,
      rationale: "Giảm chi phí tuân thủ cho doanh nghiệp",
      documents_to_amend: i % 3 === 0 ? `${first}; ${second}` : first,
      provisions_to_amend: i % 3 === 0 ? `Điều ${1 + (i % 60)}; Điều ${1 + (i % 9)}` : `Điều ${1 + (i % 60)}`,
      cost_before_vnd: 1_000_000_000 + i * 1000,
      cost_after_vnd: 600_000_000 + i * 500,
      decision: i % 4 === 0 ? decision : "",
      timeline: `Quý ${["I", "II", "III", "IV"][i % 4]}/2027`,
      procedure_code: "",
    };
    sheet.addRow(IMPORT_COLUMNS.map((column) => values[column.key]));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The import's share of `npm run bench`, on a new empty database of `databases` (default: a SQLite file). */
export async function benchImport(rows = 10_000, databases?: BenchDatabases): Promise<ImportResult> {
  const target = databases ? await databases.empty() : await emptySqlite();
  const db = openLocation(target.location);
  try {
    await migrateToLatest(db);
    await seedDemoData(db, { password: "bench-password-not-used" });
    const actor: ImportActor = await db.selectFrom("users").select(["id", "role", "agency_id"]).where("role", "=", "reviewer").orderBy("id").executeTakeFirstOrThrow();
    const decision = (await db.selectFrom("decisions").select("number").orderBy("id").executeTakeFirstOrThrow()).number;
    const bytes = await planWorkbook(rows, decision);
    const result: ImportResult = { rows, megabytes: bytes.byteLength / 1e6, decision, steps: [], memory: { rssBytes: 0, heapUsedBytes: 0 } };
    console.log(`\n${importTitle(result)}`);
    const step = async (name: string, commit: boolean) => {
      const started = performance.now();
      const report = await runImport(db, actor, { name: "plan.xlsx", bytes }, { commit });
      result.steps.push({ name, seconds: (performance.now() - started) / 1000, counts: report.counts });
      console.log(importLine(result.steps.at(-1)!, rows));
      if (report.fileError || report.counts.invalid) throw new Error(`bench plan refused: ${report.fileError ?? JSON.stringify(report.errors.slice(0, 3))}`);
    };
    await step("read + check (dry run)", false);
    await step("read + check + commit", true);
    await step("the same file again (no change)", true);
    const memory = process.memoryUsage();
    result.memory = { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed };
    console.log(`memory after import: rss ${(memory.rss / 1e6).toFixed(0)} MB, heap used ${(memory.heapUsed / 1e6).toFixed(0)} MB`);
    return result;
  } finally {
    await db.destroy();
    await target.remove();
  }
}

async function emptySqlite(): Promise<BenchRunDatabase> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-bench-import-"));
  return { location: { path: path.join(directory, "bench.db") }, remove: async () => fs.rmSync(directory, { recursive: true, force: true }) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchImport(Number(process.argv[2] ?? 10_000));
