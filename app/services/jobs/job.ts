// A job process (started by app/services/jobs/job-process.server.ts; built as build/server/job.js):
// it receives one job by IPC, does it on a connection of its own to the database, and ends.
// An export writes its file to standard output, read by the serving process as its client takes
// the bytes; an import answers with its report, or the domain error it refused with.
import os from "node:os";
import { PassThrough } from "node:stream";
import { finished } from "node:stream/promises";
import { DomainError, domainErrorData, type DomainErrorData } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import type { DatabaseLocation } from "~/db.server";
import type { ExportFormat, ExportList } from "../export.server";
import type { ImportFile } from "../import/commit.server";

export type JobRequest =
  | { kind: "export"; database: DatabaseLocation; job: ExportList; format: ExportFormat }
  | { kind: "import"; database: DatabaseLocation; actor: Actor; file: ImportFile; options: { commit: boolean; importId?: number } };

export type JobMessage = { type: "result"; value: unknown } | { type: "refused"; error: DomainErrorData } | { type: "failed"; message: string };

/** An export's priority: below the serving processes', so pages are answered first. */
const EXPORT_NICE = 10;

async function exportFile({ database, job, format }: Extract<JobRequest, { kind: "export" }>): Promise<void> {
  try {
    os.setPriority(EXPORT_NICE);
  } catch {
    // not allowed here: the export runs at the server's priority
  }
  // each kind of job loads only its own modules: a process's memory starts with its code
  const [{ openSnapshot }, { exportSource, writeCsv, writeXlsx }] = await Promise.all([import("~/db.server"), import("../export.server")]);
  const snapshot = await openSnapshot(database);
  try {
    const source = await exportSource(snapshot.db, job);
    // standard output never finishes (it is not ended): a stream of the file's own is, once its
    // last byte has been handed to standard output, at standard output's pace. Written to
    // standard output itself, the XLSX writer waited for its "finish" for ever, the snapshot
    // was never closed, and the process ended only when nothing else kept it alive (with
    // PostgreSQL's idle connection, 10 s later).
    const file = new PassThrough();
    file.pipe(process.stdout, { end: false });
    await (format === "csv" ? writeCsv(source, file) : writeXlsx(source, file));
    file.end();
    await finished(file);
  } finally {
    await snapshot.close();
  }
}

async function importFile({ database, actor, file, options }: Extract<JobRequest, { kind: "import" }>): Promise<unknown> {
  const [{ openLocation }, { runImport }] = await Promise.all([import("~/db.server"), import("../import/import.server")]);
  // as a serving process opens it: a write lock held elsewhere is waited for, then refused (busy)
  const db = openLocation(database, { role: "server" });
  try {
    return await runImport(db, actor, file, options);
  } finally {
    await db.destroy();
  }
}

function answer(message: JobMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, undefined, (error) => (error ? reject(error) : resolve())));
}

if (process.send) {
  process.once("message", (request: JobRequest) => {
    const done =
      request.kind === "export"
        ? exportFile(request).then(() => answer({ type: "result", value: null }))
        : importFile(request).then((value) => answer({ type: "result", value }));
    done
      .catch((error: unknown) =>
        answer(
          error instanceof DomainError
            ? { type: "refused", error: domainErrorData(error) }
            : { type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
        ).then(() => {
          process.exitCode = 1;
        }),
      )
      .catch(() => {
        process.exitCode = 1;
      })
      .finally(() => process.disconnect());
  });
}
