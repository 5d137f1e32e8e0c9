import { databaseLocation, inTransaction, type Executor } from "~/db.server";
import { ForbiddenError, LimitError } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { env } from "~/env.server";
import { logger } from "~/log.server";
import { claimExportSlot, refreshExportSlot, releaseExportSlot } from "~/models/export-slot.server";
import { checkExportList, EXPORT_NAMES, EXPORT_TYPES, type ExportFormat, type ExportList } from "./export.server";
import { jobOutput, startJob } from "./jobs/job-process.server";

// A list export as a download that streams: the file is made in a job process of its own
// (app/services/jobs/) and its bytes are passed on as the client takes them, so an export of
// 100,000 rows neither holds the file in the serving process's memory nor stalls its requests.
// Each user has at most EXPORT_LIMIT_PER_USER exports under way, counted in the database's
// export slots so the limit holds across every server process.

/** A streamed download: what app/http.server.ts download() sends. */
export interface ExportDownload {
  /** Its name without extension, in Vietnamese. */
  name: string;
  extension: ExportFormat;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/** How often a streaming export says it is alive, and after how long without that its slot is free. */
const HEARTBEAT_MS = 5_000;
const STALE_AFTER_MS = 30_000;
/** What a refused export is told: exports of a few thousand rows end in seconds. */
const LIMIT_RETRY_SECONDS = 10;

/**
 * The list `job` as a file streamed in `format`, for `actor`: a LimitError when the actor already
 * has EXPORT_LIMIT_PER_USER exports under way. The slot is freed when the file ends, fails, or
 * `signal` (the request's) aborts or the body is cancelled: a client that goes away stops the work.
 */
export async function exportList(db: Executor, actor: Actor, job: ExportList, format: ExportFormat, signal: AbortSignal): Promise<ExportDownload> {
  if (!can(actor, "report:export")) throw new ForbiddenError("report:export");
  const database = databaseLocation(db);
  if (database === undefined) throw new Error("A list export reads its database in a job process: give it the database openDatabase opened");
  await checkExportList(db, job);
  const limit = env().EXPORT_LIMIT_PER_USER;
  const started = Date.now();
  const slot = await inTransaction(db, (trx) =>
    claimExportSlot(trx, actor.id, limit, new Date(started).toISOString(), new Date(started - STALE_AFTER_MS).toISOString()),
  );
  if (slot === null) throw new LimitError("pages.exportLimit", limit, LIMIT_RETRY_SECONDS);

  const heartbeat = setInterval(() => {
    // a heartbeat missed (the write lock held elsewhere) is made up by the next one
    refreshExportSlot(db, slot, new Date().toISOString()).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const release = () => {
    clearInterval(heartbeat);
    signal.removeEventListener("abort", stop);
    releaseExportSlot(db, slot).catch((error: unknown) => logger().error("Releasing an export slot failed (it frees itself when stale)", { error }));
  };
  const { body, stop } = jobOutput(startJob({ kind: "export", database, job, format }), release);
  signal.addEventListener("abort", stop, { once: true });
  if (signal.aborted) stop();
  return { name: EXPORT_NAMES[job.list], extension: format, contentType: EXPORT_TYPES[format], body };
}
