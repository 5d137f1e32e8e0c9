import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type CompiledQuery } from "kysely";
import { todayIso } from "../../app/domain/dates";
import { proposalFilters } from "../../app/models/list-filters.server";
import { listProposals } from "../../app/models/proposal.server";
import { parseListQuery, ProposalListParams } from "../../app/schemas/list-params";
import type { DB } from "../../db/types";

// The SQL the list page runs for an address, taken from the model itself: the page's filters are
// built as its loader builds them, then listProposals runs once on a Kysely that records each
// statement. The baselines then run these statements on bare better-sqlite3, so the two sides
// cannot drift apart when the model's query changes.

export const BASELINE_LIST = "/proposals?agency=BYT&status=approved";

export interface ListStatement {
  sql: string;
  parameters: readonly unknown[];
}

/** The statements of listProposals for `address` (the count and sum, then the page's rows). */
export async function listStatements(file: string, address = BASELINE_LIST): Promise<ListStatement[]> {
  const recorded: CompiledQuery[] = [];
  let recording = false;
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: new Database(file, { readonly: true }) }),
    log: (event) => {
      if (recording) recorded.push(event.query);
    },
  });
  try {
    const url = new URL(address, "http://bench.local");
    const filters = await proposalFilters(db, parseListQuery(ProposalListParams, url).params, todayIso());
    recording = true;
    await listProposals(db, filters);
    return recorded.map((query) => ({ sql: query.sql, parameters: query.parameters }));
  } finally {
    await db.destroy();
  }
}
