import type { Executor } from "~/db.server";
import { ForbiddenError, found, NotFoundError } from "~/domain/errors";
import { canSeeEveryImport, canSeeImport, importAllowed } from "~/domain/import-access";
import { agencyRestriction, can, type Actor } from "~/domain/permissions";
import { getImportRecord, listImports } from "~/models/import.server";
import { confirmable, reportPage, storedReport } from "./report";

// The import pages' reads: each returns what its page shows and what this actor may do there
// (`allowed`, from app/domain), and refuses an upload the actor may not see as not found.

/** How many recent imports the upload page lists. */
const RECENT_IMPORTS = 10;

function assertMayImport(actor: Actor): void {
  if (!can(actor, "proposal:create")) throw new ForbiddenError("proposal:create");
}

/** The upload page: the actor's latest imports (an admin's: everyone's) and, for an officer, the agency their rows must be of. */
export async function readImportsPage(db: Executor, actor: Actor & { agency_code?: string | null }) {
  assertMayImport(actor);
  const imports = await listImports(db, canSeeEveryImport(actor) ? null : actor.id, RECENT_IMPORTS);
  const ownAgencyOnly = agencyRestriction(actor, "proposal:create") !== null;
  return { imports, ownAgency: ownAgencyOnly ? (actor.agency_code ?? null) : null, allowed: { upload: true } };
}

async function visibleImport(db: Executor, actor: Actor, id: number) {
  const record = found(await getImportRecord(db, id), "import", id);
  // another user's upload is not shown to be there at all
  if (!canSeeImport(actor, record)) throw new NotFoundError("import", id);
  return record;
}

/**
 * An upload's report page: the upload, one page of its report's errors (1-based; past the last is
 * not found), whether the actor may confirm or discard it (`allowed`: theirs and staged), and
 * whether the page offers the confirmation (`offersConfirmation`: allowed, and a dry run with
 * something to write, confirmable).
 */
export async function readImportPage(db: Executor, actor: Actor, params: { id: number; page: number }) {
  assertMayImport(actor);
  const record = await visibleImport(db, actor, params.id);
  const report = record.report ? storedReport(record.report) : null;
  const allowed = importAllowed(actor, record);
  return {
    upload: { id: record.id, fileName: record.file_name, status: record.status, createdAt: record.created_at, committedAt: record.committed_at },
    view: report ? reportPage(report, params.page) : null,
    allowed,
    offersConfirmation: allowed.commit && report !== null && confirmable(report),
  };
}

/** Every error an upload's report keeps, for the errors CSV. */
export async function readImportErrors(db: Executor, actor: Actor, params: { id: number }) {
  assertMayImport(actor);
  const record = await visibleImport(db, actor, params.id);
  return { fileName: record.file_name, errors: record.report ? storedReport(record.report).errors : [] };
}
