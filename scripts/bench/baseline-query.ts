import Database from "better-sqlite3";
import pg from "pg";
import { postgresTypes } from "../../app/db-postgres.server";
import { listStatements } from "./list-sql";

// What both baselines run per request: the list's statements, compiled for the database the
// bench measures and run on a bare driver. SQLite (DATABASE_PATH): prepared once on one
// better-sqlite3 connection (read only; the file is in WAL mode already). PostgreSQL
// (DATABASE_URL): a pg pool of 10 connections, as the app's, each statement prepared once per
// connection by name, numbers parsed as the app parses them.

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

export interface BaselineList {
  total: number;
  saving: number;
  rows: BaselineRow[];
}

interface Totals {
  total: number;
  saving: number | null;
}

export async function baselineQuery(): Promise<() => Promise<BaselineList>> {
  const url = process.env.DATABASE_URL;
  const file = process.env.DATABASE_PATH;
  if (!url && !file) throw new Error("neither DATABASE_URL nor DATABASE_PATH is set");
  const [totals, page] = await listStatements(url ? { url } : { path: file! });
  if (!totals || !page) throw new Error("the list ran fewer than two statements: scripts/bench/list-sql.ts needs a look");

  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10, types: postgresTypes });
    return async () => {
      const sums = await pool.query<Totals>({ name: "totals", text: totals.sql, values: [...totals.parameters] });
      const rows = await pool.query<BaselineRow>({ name: "page", text: page.sql, values: [...page.parameters] });
      return { total: sums.rows[0]!.total, saving: sums.rows[0]!.saving ?? 0, rows: rows.rows };
    };
  }
  const sqlite = new Database(file!, { readonly: true });
  const totalsStatement = sqlite.prepare(totals.sql);
  const pageStatement = sqlite.prepare(page.sql);
  return async () => {
    const sums = totalsStatement.get(...totals.parameters) as Totals;
    const rows = pageStatement.all(...page.parameters) as BaselineRow[];
    return { total: sums.total, saving: sums.saving ?? 0, rows };
  };
}
