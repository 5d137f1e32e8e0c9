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
import { IMPORT_COMMIT_JOB } from "../jobs/kinds.server";
import { runQueued, type JobContext } from "../jobs/queue.server";
import { sha256, type ImportFile } from "./commit.server";
import { runImport } from "./import.server";
import { excerpt, nothingToImport, storedReport, trimmedReport, type ImportReport } from "./report";

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

/**
 * How long a confirmation waits for its commit to end, on whichever server's runner took it:
 * below the server's 120-s request timeout. The commit goes on after it.
 */
const COMMIT_WAIT_MS = 100_000;

interface ImportCommitPayload {
  importId: number;
  actor: Actor;
}

/**
 * Checks an upload and keeps it for its uploader to confirm; an InvalidError when the user's
 * storage has no room for it. The check (a dry run) runs in the request's own job process, not
 * through the job queue: it writes nothing another server could write again, and its uploader
 * waits for its report.
 */
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

/**
 * Commits a staged upload; its report says whether it did (committed) or why not, and an upload
 * that would change nothing is a ConflictError (nothing to import). On a serving
 * process's database, the commit is a queued job (import-commit) that any server's runner may
 * take, keyed by the upload: a confirmation sent twice at once (two tabs, two servers) finds the
 * same job and waits for the same end, so an upload is never committed twice. A commit that
 * outlasts the wait is a BusyError saying so; it goes on, and the upload's page shows its end.
 * Elsewhere (the command line, the services' tests) it runs here.
 */
export async function confirmImport(db: Kysely<DB>, actor: Actor, id: number): Promise<ImportReport> {
  if (!servedElsewhere(db)) return commitStaged(db, actor, id);
  const upload = found(await getImportRecord(db, id), "import", id);
  assertMaySettle(actor, upload, id);
  if (upload.status !== "staged") throw new ConflictError("imports.errors.not_staged");
  const payload: ImportCommitPayload = { importId: id, actor: plainActor(actor) };
  // `again`: a commit job that ended without committing (refused while the database was busy,
  // rows invalid meanwhile) runs anew, as a confirmation always ran the import again
  return runQueued<ImportReport>(
    db,
    { kind: IMPORT_COMMIT_JOB, key: `${IMPORT_COMMIT_JOB}:${id}`, payload, again: true },
    { timeoutMs: COMMIT_WAIT_MS, busyReason: "imports.errors.still_writing", retryAfterSeconds: 30 },
  );
}

/**
 * The import-commit job, on the runner that took it (a server's primary process): the commit,
 * in a job process of its own, killed if the runner stops. A later attempt (the first one's
 * server died) finds an upload that attempt committed, and answers its report.
 */
export async function importCommitJob(payload: unknown, { db, attempt, signal }: JobContext): Promise<ImportReport> {
  const { importId, actor } = payload as ImportCommitPayload;
  if (attempt > 1) {
    const record = await getImportRecord(db, importId);
    if (record?.status === "committed" && record.report) return storedReport(record.report);
  }
  return commitStaged(db, actor, importId, signal);
}

async function commitStaged(db: Kysely<DB>, actor: Actor, id: number, signal?: AbortSignal): Promise<ImportReport> {
  const staged = found(await getImportFile(db, id), "import", id);
  assertMaySettle(actor, staged, id);
  if (staged.status !== "staged" || !staged.file) throw new ConflictError("imports.errors.not_staged");
  const report = await importElsewhere(db, actor, { name: staged.file_name, bytes: new Uint8Array(staged.file) }, { commit: true, importId: id }, signal);
  if (!report.committed) await updateStagedImport(db, id, { report: JSON.stringify(report) });
  // its page offers no confirmation then; a post that confirms anyway is refused, nothing recorded
  if (nothingToImport(report)) throw new ConflictError("imports.errors.nothing_to_import");
  return report;
}

/** Whether `db` is a serving process's, whose heavy work runs elsewhere: a job process, a queued job. */
function servedElsewhere(db: Kysely<DB>): boolean {
  return isServingDatabase(db) && databaseLocation(db) !== undefined;
}

/** The actor as plain data, to cross a process boundary or sit in a job's payload. */
function plainActor(actor: Actor): Actor {
  return { id: actor.id, role: actor.role, agency_id: actor.agency_id };
}

/**
 * runImport, in a job process of its own when `db` is a serving process's: a plan of 50,000 rows
 * holds a few hundred MB while it is checked, which a serving worker must not (README design
 * decision 66). Elsewhere (the command line, the services' tests) in this process. `signal`
 * kills the job process (its transaction is rolled back).
 */
async function importElsewhere(
  db: Kysely<DB>,
  actor: Actor,
  file: ImportFile,
  options: { commit: boolean; importId?: number },
  signal?: AbortSignal,
): Promise<ImportReport> {
  const database = databaseLocation(db);
  if (!servedElsewhere(db) || database === undefined) return runImport(db, actor, file, options);
  const child = startJob({ kind: "import", database, actor: plainActor(actor), file, options });
  const kill = () => child.kill("SIGKILL");
  signal?.addEventListener("abort", kill, { once: true });
  if (signal?.aborted) kill();
  try {
    return await jobResult<ImportReport>(child);
  } finally {
    signal?.removeEventListener("abort", kill);
  }
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
