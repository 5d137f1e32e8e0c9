import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Kysely } from "kysely";
import type { DB, Job } from "../../../db/types";
import type { Executor } from "~/db.server";
import { BusyError, DomainError, domainErrorData, domainErrorFromData, type DomainErrorData } from "~/domain/errors";
import { claimJob, deleteEndedJobs, enqueueJob, finishJob, getJob, heartbeatJob, releaseJob, type JobOutcome } from "~/models/job.server";

// Long jobs that any app server may run, and none twice (issue 13): a job is a row of `jobs`
// (app/models/job.server.ts); each server's primary process runs a runner that claims one job at
// a time, says it is alive while the job runs, and records how it ended. A job whose runner
// stopped saying so (its server died) is taken over by another. A request that needs a job's
// outcome (a plan's confirmation) queues it and reads its row until it ends, whichever server
// ran it; a refusal comes back as the same domain error.
//
// Exports are not queued: a download is the requesting server's answer, streamed from that
// server's job process as the client reads it (app/services/jobs/job-process.server.ts), and
// its per-user limit already lives in the database (export_slots), counted across servers.

/** What a handler is given besides its payload. */
export interface JobContext {
  db: Kysely<DB>;
  id: number;
  /** 1 the first time; more when a runner that died with it had begun it before. */
  attempt: number;
  /** Aborted when the runner stops or another runner took the job over: end the work (a job process: kill it). */
  signal: AbortSignal;
}

/** Does a kind of job; what it returns (JSON-able) is the job's result. A domain error it throws is stored and thrown again to whoever waits. */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown>;

/** How often an idle runner looks for a job; a runner looks again at once after a job. */
const POLL_MS = 500;
/** How often a running job's runner says it is alive. */
const HEARTBEAT_MS = 5_000;
/**
 * A running job whose heartbeat is older than this is taken over: long enough for SQLite, where
 * the heartbeat needs the write lock and a big import holds it for up to ~20 s.
 */
const STALE_MS = 60_000;
/** Ended jobs are kept this long (a confirmation sent again finds its job), then deleted, at most once an hour. */
const KEEP_ENDED_MS = 7 * 24 * 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/** The `error` column: a defect's message, or the refusal a waiting request throws again. */
interface StoredError {
  message: string;
  refusal?: DomainErrorData;
}

const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface QueuedJob {
  kind: string;
  /** The job that runs once for it: queueing it again finds the same job. */
  key?: string;
  payload: unknown;
  /** Not before this time (now by default). */
  runAfter?: Date;
  /** With a key: a job that ended under it runs again (see enqueueJob). */
  again?: boolean;
}

/** Queues a job (or finds the one under its key); its id. */
export function queueJob(db: Executor, job: QueuedJob): Promise<number> {
  const now = new Date().toISOString();
  return enqueueJob(
    db,
    { kind: job.kind, key: job.key ?? null, payload: JSON.stringify(job.payload ?? null), runAfter: job.runAfter?.toISOString() ?? now, now },
    { again: job.again },
  );
}

export interface JobWait {
  /** How long to wait (below the server's 120-s request timeout). */
  timeoutMs: number;
  /** The busy refusal's message key when the wait runs out: the job goes on meanwhile. */
  busyReason: string;
  /** What the busy refusal tells the client to wait before trying again. */
  retryAfterSeconds?: number;
  /** How often the job's row is read. */
  pollMs?: number;
}

/**
 * Job `id`'s result once it has ended, reading its row every `pollMs`: its result, or its
 * refusal thrown as the same domain error (any other failure as an Error); a BusyError with
 * `busyReason` when it has not ended within `timeoutMs`.
 */
export async function awaitJob<T>(db: Executor, id: number, wait: JobWait): Promise<T> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const job = await getJob(db, id);
    if (!job) throw new Error(`No job ${id}`);
    if (job.status === "done") return JSON.parse(job.result ?? "null") as T;
    if (job.status === "failed") throw storedError(job.error);
    if (Date.now() >= deadline) throw new BusyError(wait.busyReason, wait.retryAfterSeconds ?? 30);
    await sleep(wait.pollMs ?? 100);
  }
}

/** Queues a job (or finds the one under its key) and waits for its end: awaitJob. */
export async function runQueued<T>(db: Executor, job: QueuedJob, wait: JobWait): Promise<T> {
  return awaitJob<T>(db, await queueJob(db, job), wait);
}

function storedError(json: string | null): Error {
  const stored = JSON.parse(json ?? "{}") as Partial<StoredError>;
  if (stored.refusal) return domainErrorFromData(stored.refusal);
  return new Error(`The job failed: ${stored.message ?? "no reason recorded"}`);
}

function failure(error: unknown): StoredError {
  if (error instanceof DomainError) return { message: error.message, refusal: domainErrorData(error) };
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

export interface RunnerOptions {
  /** This runner's name in `locked_by`; the host, process and a random part by default. */
  owner?: string;
  pollMs?: number;
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this is another runner's to take over. */
  staleMs?: number;
  /** A job that failed for no refusal, or a runner's own trouble (not a busy database: it tries again). */
  onError?: (error: unknown, job?: Job) => void;
}

export interface JobRunner {
  owner: string;
  start(): void;
  /** Stops claiming; a job under way is told to stop (its signal) and handed back to the queue unless it ended. */
  stop(): Promise<void>;
}

/**
 * The runner of a server's primary process: claims one job of the kinds it has handlers for at a
 * time, every `pollMs` and right after a job ends, says it is alive every `heartbeatMs` while
 * the handler runs, and records the outcome.
 */
export function jobRunner(db: Kysely<DB>, handlers: Record<string, JobHandler>, options: RunnerOptions = {}): JobRunner {
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const { pollMs = POLL_MS, heartbeatMs = HEARTBEAT_MS, staleMs = STALE_MS } = options;
  const onError = options.onError ?? (() => undefined);
  const kinds = Object.keys(handlers);
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  /** The turn under way: a look for a job, and the job if it found one. */
  let turn: Promise<unknown> | undefined;
  let current: AbortController | undefined;
  let cleanedAt = 0;

  /** A write that must not be lost to a busy database (SQLite's write lock held by an import): tried again until a job would be stale. */
  async function persistently<T>(write: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + staleMs;
    for (;;) {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof BusyError) || Date.now() >= deadline) throw error;
      }
      await sleep(pollMs);
    }
  }

  async function run(job: Job): Promise<void> {
    if (!running) {
      await persistently(() => releaseJob(db, job.id, owner));
      return;
    }
    const abort = new AbortController();
    current = abort;
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      heartbeatJob(db, job.id, owner, new Date().toISOString())
        // taken over by another runner (this one seemed dead): it does the job now
        .then((ours) => (ours ? undefined : abort.abort()))
        // a busy database: the next beat tries again
        .catch((error: unknown) => (error instanceof BusyError ? undefined : onError(error, job)))
        .finally(() => (beating = false));
    }, heartbeatMs);
    let outcome: JobOutcome;
    try {
      const result = await handlers[job.kind]!(JSON.parse(job.payload), { db, id: job.id, attempt: job.attempts, signal: abort.signal });
      outcome = { status: "done", result: JSON.stringify(result ?? null) };
    } catch (error) {
      if (abort.signal.aborted) {
        // stopped, or taken over: not an end of the job's own
        if (!running) await persistently(() => releaseJob(db, job.id, owner));
        return;
      }
      if (!(error instanceof DomainError)) onError(error, job);
      outcome = { status: "failed", error: JSON.stringify(failure(error)) };
    } finally {
      clearInterval(heartbeat);
      current = undefined;
    }
    await persistently(() => finishJob(db, job.id, owner, new Date().toISOString(), outcome));
  }

  async function look(): Promise<boolean> {
    const now = Date.now();
    if (now - cleanedAt >= CLEANUP_EVERY_MS) {
      cleanedAt = now;
      await deleteEndedJobs(db, iso(now - KEEP_ENDED_MS));
    }
    const job = await claimJob(db, owner, kinds, iso(now), iso(now - staleMs));
    if (!job) return false;
    await run(job);
    return true;
  }

  function schedule(delay: number): void {
    if (!running) return;
    timer = setTimeout(() => {
      timer = undefined;
      turn = look()
        .catch((error: unknown) => {
          if (!(error instanceof BusyError)) onError(error);
          return false;
        })
        .then((claimed) => schedule(claimed ? 0 : pollMs));
    }, delay);
    timer.unref();
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      current?.abort();
      await turn;
    },
  };
}
