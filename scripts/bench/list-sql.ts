import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery, type Dialect } from "kysely";
import pg from "pg";
import { postgresTypes } from "../../app/db-postgres.server";
import type { DatabaseLocation } from "../../app/db.server";
import { todayIso } from "../../app/domain/dates";
import { proposalFilters } from "../../app/models/list-filters.server";
import { listProposals } from "../../app/models/proposal.server";
import { parseListQuery, ProposalListParams } from "../../app/schemas/list-params";
import type { DB } from "../../db/types";

// The SQL the list page runs for an address, taken from the model itself: the page's filters are
// built as its loader builds them, then listProposals runs once on a Kysely that records each
// statement, compiled for the database at `location`. The baselines then run these statements on
// a bare driver (better-sqlite3, or pg), so the two sides cannot drift apart when the model's
// query changes.

export const BASELINE_LIST = "/proposals?agency=BYT&status=approved";

export interface ListStatement {
  sql: string;
  parameters: readonly unknown[];
}

function recordingDialect(location: DatabaseLocation): Dialect {
  if ("path" in location) return new SqliteDialect({ database: new Database(location.path, { readonly: true }) });
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url, max: 1, types: postgresTypes }) });
}

/** The statements of listProposals for `address` (the count and sum, then the page's rows). */
export async function listStatements(location: DatabaseLocation, address = BASELINE_LIST): Promise<ListStatement[]> {
  const recorded: CompiledQuery[] = [];
  let recording = false;
  const db = new Kysely<DB>({
    dialect: recordingDialect(location),
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
