import type { Kysely } from "kysely";
import { canSeeImport, canSettleImport, type UploadOwnership } from "~/domain/import-access";
import { ConflictError, ForbiddenError, found, InvalidError, NotFoundError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import {
  discardStagedBefore,
  discardStagedBeyond,
  getImportFile,
  getImportRecord,
  getImportReportJson,
  importStorageBytes,
  insertImport,
  listFinishedImportIds,
  setImportReportJson,
  updateStagedImport,
} from "~/models/import.server";
import type { DB } from "../../../db/types";
import { databaseLocation, isServingDatabase } from "~/db.server";
import { jobResult, startJob } from "../jobs/job-process.server";
import { sha256, type ImportFile } from "./commit.server";
import { runImport } from "./import.server";
import { excerpt, storedReport, trimmedReport, type ImportReport } from "./report";

// The import page's flow: an upload is checked (a dry run) and kept, staged, until its uploader
// confirms or discards it. Confirming runs the import again against the data as it is then, so
// a change made meanwhile is seen; it commits only if every row is still valid. What the pages
// read of it: pages.server.ts.

/** A staged file not confirmed within a day is dropped, and a user keeps at most a few. */
const STAGED_HOURS = 24;
const STAGED_PER_USER = 5;
/**
 * What one user's imports may hold together, in bytes: the files awaiting confirmation and every
 * report. Finished imports' reports give up their lists to make room; what awaits confirmation
 * must fit, or the upload is refused.
 */
export const IMPORT_STORAGE_PER_USER = 60 * 1024 * 1024;

/** Checks an upload and keeps it for its uploader to confirm; an InvalidError when the user's storage has no room for it. */
export async function stageImport(db: Kysely<DB>, actor: Actor, file: ImportFile): Promise<number> {
  await dropExpiredUploads(db, actor);
  if ((await importStorageBytes(db, actor.id, "staged")) + file.bytes.byteLength > IMPORT_STORAGE_PER_USER) {
    throw new InvalidError({ file: `imports.errors.storage_full|max=${IMPORT_STORAGE_PER_USER / 1024 / 1024}` });
  }
  const report = await importElsewhere(db, actor, file, { commit: false });
  const usable = report.fileError === null;
  const id = await insertImport(db, {
    actor_id: actor.id,
    file_name: excerpt(file.name),
    file_sha256: sha256(file.bytes),
    file_size: file.bytes.byteLength,
    // a file that cannot be imported is not kept
    file: usable ? Buffer.from(file.bytes) : null,
    status: usable ? "staged" : "discarded",
    created_at: new Date().toISOString(),
    report: JSON.stringify(report),
  });
  await trimFinishedReports(db, actor);
  return id;
}

/** Commits a staged upload; its report says whether it did (committed) or why not. */
export async function confirmImport(db: Kysely<DB>, actor: Actor, id: number): Promise<ImportReport> {
  const staged = found(await getImportFile(db, id), "import", id);
  assertMaySettle(actor, staged, id);
  if (staged.status !== "staged" || !staged.file) throw new ConflictError("imports.errors.not_staged");
  const report = await importElsewhere(db, actor, { name: staged.file_name, bytes: new Uint8Array(staged.file) }, { commit: true, importId: id });
  if (!report.committed) await updateStagedImport(db, id, { report: JSON.stringify(report) });
  return report;
}

/**
 * runImport, in a job process of its own when `db` is a serving process's: a plan of 50,000 rows
 * holds a few hundred MB while it is checked, which a serving worker must not (README design
 * decision 66). Elsewhere (the command line, the services' tests) in this process.
 */
async function importElsewhere(db: Kysely<DB>, actor: Actor, file: ImportFile, options: { commit: boolean; importId?: number }): Promise<ImportReport> {
  const database = databaseLocation(db);
  if (!isServingDatabase(db) || database === undefined) return runImport(db, actor, file, options);
  const plain: Actor = { id: actor.id, role: actor.role, agency_id: actor.agency_id };
  return jobResult<ImportReport>(startJob({ kind: "import", database, actor: plain, file, options }));
}

export async function discardImport(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  const staged = found(await getImportRecord(db, id), "import", id);
  assertMaySettle(actor, staged, id);
  if (staged.status !== "staged") throw new ConflictError("imports.errors.not_staged");
  await updateStagedImport(db, id, { status: "discarded", file: null });
}

/** Only its uploader settles an upload; to whoever may not even read it, it is not there, as on its page. */
function assertMaySettle(actor: Actor, upload: UploadOwnership, id: number): void {
  if (!canSeeImport(actor, upload)) throw new NotFoundError("import", id);
  if (!canSettleImport(actor, upload)) throw new ForbiddenError();
}

async function dropExpiredUploads(db: Kysely<DB>, actor: Actor): Promise<void> {
  await discardStagedBefore(db, new Date(Date.now() - STAGED_HOURS * 60 * 60 * 1000).toISOString());
  // the upload about to be staged makes one more
  await discardStagedBeyond(db, actor.id, STAGED_PER_USER - 1);
}

/** The oldest finished imports' reports give up their lists (the counts stay) until the user's imports fit their share. */
async function trimFinishedReports(db: Kysely<DB>, actor: Actor): Promise<void> {
  let excess = (await importStorageBytes(db, actor.id, "all")) - IMPORT_STORAGE_PER_USER;
  if (excess <= 0) return;
  for (const id of await listFinishedImportIds(db, actor.id)) {
    if (excess <= 0) return;
    const report = await getImportReportJson(db, id);
    if (!report) continue;
    const trimmed = JSON.stringify(trimmedReport(storedReport(report)));
    await setImportReportJson(db, id, trimmed);
    excess -= Buffer.byteLength(report) - Buffer.byteLength(trimmed);
  }
}
