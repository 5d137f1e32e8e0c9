import { createHash } from "node:crypto";
import type { Executor } from "~/db.server";
import { ConflictError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { insertImport, lastEventId, updateStagedImport } from "~/models/import.server";
import { excerpt, type ImportReport } from "./report";

// An import's own record of its commit: the counts, the report, and the range of history events
// the commit wrote, so that each event names its import. Inside the import's transaction, which
// holds the write lock, so no other commit's events fall inside the range.

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Records the commit of the events after `before`: a new import (the command line), or the staged
 * one confirmed (`importId`), which a second confirmation finds committed: a ConflictError.
 */
export async function recordCommit(
  trx: Executor,
  actor: Actor,
  file: ImportFile,
  report: ImportReport,
  importId: number | undefined,
  before: number,
): Promise<void> {
  const after = await lastEventId(trx);
  const now = new Date().toISOString();
  const values = {
    status: "committed" as const,
    committed_at: now,
    file: null,
    new_count: report.counts.new,
    updated_count: report.counts.updated,
    unchanged_count: report.counts.unchanged,
    first_event_id: after > before ? before + 1 : null,
    last_event_id: after > before ? after : null,
    report: JSON.stringify({ ...report, committed: true }),
  };
  if (importId === undefined) {
    await insertImport(trx, { actor_id: actor.id, file_name: excerpt(file.name), file_sha256: sha256(file.bytes), file_size: file.bytes.byteLength, created_at: now, ...values });
    return;
  }
  // a second confirmation of the same upload (another tab) finds it committed and changes nothing
  if (!(await updateStagedImport(trx, importId, values))) throw new ConflictError("imports.errors.not_staged");
}
