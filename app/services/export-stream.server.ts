import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { inTransaction, type Executor } from "~/db.server";
import { ForbiddenError, LimitError } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { env } from "~/env.server";
import { claimExportSlot, refreshExportSlot, releaseExportSlot } from "~/models/export-slot.server";
import { checkExportList, EXPORT_NAMES, EXPORT_TYPES, type ExportFormat, type ExportList } from "./export.server";
import type { ExportThreadData, ExportThreadMessage } from "./export-thread";

// A list export as a download that streams: the file is made in a worker thread of its own
// (app/services/export-thread.ts) and its bytes are passed on as the client takes them, so an
// export of 100,000 rows neither holds the file in memory nor stalls the other requests of the
// process. Each user has at most EXPORT_LIMIT_PER_USER exports under way, counted in the
// database's export slots so the limit holds across every server process.

/** A streamed download: what app/http.server.ts download() sends. */
export interface ExportDownload {
  /** Its name without extension, in Vietnamese. */
  name: string;
  extension: ExportFormat;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * The thread's heap: a slice at a time needs little, and a tight heap is collected often rather
 * than left to grow with garbage (the rows' XML, the deflated chunks).
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

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
    releaseExportSlot(db, slot).catch((error: unknown) => console.error("Releasing an export slot failed (it frees itself when stale):", error));
  };
  const { body, stop } = threadBody({ databasePath: env().DATABASE_PATH, job, format }, release);
  signal.addEventListener("abort", stop, { once: true });
  if (signal.aborted) stop();
  return { name: EXPORT_NAMES[job.list], extension: format, contentType: EXPORT_TYPES[format], body };
}

/**
 * The thread's file as a byte stream: a chunk is asked for ("more") only when the stream wants
 * one, so at most one chunk waits here whatever the client's speed. `onEnd` runs once, when the
 * file ended, failed or was stopped; the thread is ended then.
 */
function threadBody(data: ExportThreadData, onEnd: () => void): { body: ReadableStream<Uint8Array>; stop: () => void } {
  let thread: Worker | undefined;
  let finished = false;
  let waiting: (() => void) | undefined;
  const wake = () => {
    waiting?.();
    waiting = undefined;
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    wake();
    void thread?.terminate();
    onEnd();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: Error) => {
          if (finished) return;
          controller.error(error);
          finish();
        };
        thread = startThread(data);
        thread.on("message", (message: ExportThreadMessage) => {
          if (finished) return;
          if (message.type === "chunk") controller.enqueue(message.bytes);
          else if (message.type === "end") {
            controller.close();
            finish();
          } else fail(new Error(`The export thread failed: ${message.message}`));
          wake();
        });
        thread.on("error", fail);
        thread.on("exit", (code) => fail(new Error(`The export thread exited (code ${code}) before the file ended`)));
      },
      pull() {
        if (finished) return;
        return new Promise<void>((resolve) => {
          waiting = resolve;
          thread?.postMessage("more");
        });
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 1 },
  );
  return { body, stop: finish };
}

/**
 * The export thread, from the file beside this module's: build/server/export-thread.js in the
 * built server (vite.config.ts makes it an entry of the server build), or the TypeScript source
 * through tsx where this module runs from source (Vite's dev server).
 */
function startThread(data: ExportThreadData): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return new Worker(sourceThread(path.dirname(here)), { workerData: data, resourceLimits: THREAD_LIMITS });
  // this module may sit in a chunk under build/server/assets/
  const candidates = [path.join(path.dirname(here), "export-thread.js"), path.join(path.dirname(here), "..", "export-thread.js")];
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`No export thread beside ${here}: build the server (npm run build)`);
  return new Worker(file, { workerData: data, resourceLimits: THREAD_LIMITS });
}

/** A module that registers tsx (with the project's path aliases) and runs the thread's source. */
function sourceThread(directory: string): URL {
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs");
  const tsconfig = path.resolve(directory, "../../tsconfig.json");
  const code = [
    `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)};`,
    `register({ tsconfig: ${JSON.stringify(tsconfig)} });`,
    `await import(${JSON.stringify(pathToFileURL(path.join(directory, "export-thread.ts")).href)});`,
  ].join("\n");
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
