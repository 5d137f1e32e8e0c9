import Database from "better-sqlite3";
import { listStatements } from "./list-sql";

// What both baselines run per request: the list's statements, prepared once on a bare
// better-sqlite3 connection to DATABASE_PATH (read only; the file is in WAL mode already).

export interface BaselineRow {
  code: string;
  title: string;
  status: string;
  agency_code: string | null;
  decision_number: string | null;
  due_on: string | null;
  cost_before_vnd: number | null;
  cost_after_vnd: number | null;
}

export async function baselineQuery(): Promise<() => { total: number; saving: number; rows: BaselineRow[] }> {
  const file = process.env.DATABASE_PATH;
  if (!file) throw new Error("DATABASE_PATH is not set");
  const [totals, page] = await listStatements(file);
  if (!totals || !page) throw new Error("the list ran fewer than two statements: scripts/bench/list-sql.ts needs a look");
  const sqlite = new Database(file, { readonly: true });
  const totalsStatement = sqlite.prepare(totals.sql);
  const pageStatement = sqlite.prepare(page.sql);
  return () => {
    const sums = totalsStatement.get(...totals.parameters) as { total: number; saving: number | null };
    const rows = pageStatement.all(...page.parameters) as BaselineRow[];
    return { total: sums.total, saving: sums.saving ?? 0, rows };
  };
}
