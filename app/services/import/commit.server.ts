import { createHash } from "node:crypto";
import type { Executor } from "~/db.server";
import { ConflictError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { getImportRecord, insertImport, updateStagedImport } from "~/models/import.server";
import { excerpt, type ImportReport } from "./report";

// An import's own record of its commit: the counts and the report, and the history events the
// commit wrote each name it (events.import_id), whichever app server wrote them and whatever
// other writers numbered events meanwhile. Inside the import's transaction: a pass that is rolled
// back (a dry run, a refused file) leaves no record and no event behind.

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The record a pass's events name: the staged upload being confirmed (`importId`), or a new one
 * for the command line, staged until recordCommit. A confirmation whose upload is no longer
 * staged (committed from another tab, or discarded) is a ConflictError before anything is written.
 */
export async function openCommit(trx: Executor, actor: Actor, file: ImportFile, importId: number | undefined): Promise<number> {
  if (importId === undefined) {
    return insertImport(trx, {
      actor_id: actor.id,
      file_name: excerpt(file.name),
      file_sha256: sha256(file.bytes),
      file_size: file.bytes.byteLength,
      file: null,
      status: "staged",
      created_at: new Date().toISOString(),
      report: null,
    });
  }
  const record = await getImportRecord(trx, importId);
  if (record?.status !== "staged") throw new ConflictError("imports.errors.not_staged");
  return importId;
}

/** Records import `importId`'s commit; a second confirmation of the same upload finds it committed: a ConflictError. */
export async function recordCommit(trx: Executor, report: ImportReport, importId: number): Promise<void> {
  const values = {
    status: "committed" as const,
    committed_at: new Date().toISOString(),
    file: null,
    new_count: report.counts.new,
    updated_count: report.counts.updated,
    unchanged_count: report.counts.unchanged,
    report: JSON.stringify({ ...report, committed: true }),
  };
  if (!(await updateStagedImport(trx, importId, values))) throw new ConflictError("imports.errors.not_staged");
}
