import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Executor } from "~/db.server";
import type { DB, Job } from "../../db/types";
import { skippingLocked } from "./sql.server";

// The job queue (db/migrations/0016_jobs.ts): long jobs any app server's runner may claim
// (app/services/jobs/queue.server.ts). A claim is one update statement, so two runners never
// take the same job: on PostgreSQL its select skips the rows another claim holds (skippingLocked),
// on SQLite the one writer at a time makes it atomic. Times are ISO-8601 UTC, compared as text.
// `result` and `error` are JSON; an error is `{ message, refusal? }` (refusal: a domain error's data).

/** How many times a job is begun before a runner that keeps dying with it makes it fail. */
export const MAX_JOB_ATTEMPTS = 3;

const ABANDONED = JSON.stringify({ message: `Abandoned: its runner stopped answering ${MAX_JOB_ATTEMPTS} times` });

export interface NewJob {
  kind: string;
  /** The job that runs once for it ("import-commit:42"), or null for a job of its own. */
  key: string | null;
  /** JSON. */
  payload: string;
  /** When it may run (ISO); `now` or later. */
  runAfter: string;
  now: string;
}

/**
 * The job's id: a new queued job, or, with a key, the job already under that key. `again`: an
 * ended job (done or failed) under the key is queued anew with this payload, its outcome cleared;
 * a waiting or running one is returned as it is either way.
 */
export async function enqueueJob(db: Executor, job: NewJob, options: { again?: boolean } = {}): Promise<number> {
  const values = { kind: job.kind, key: job.key, payload: job.payload, status: "queued" as const, attempts: 0, run_after: job.runAfter, created_at: job.now };
  if (job.key === null) return (await db.insertInto("jobs").values(values).returning("id").executeTakeFirstOrThrow()).id;
  for (;;) {
    const inserted = await db
      .insertInto("jobs")
      .values(values)
      .onConflict((conflict) =>
        options.again
          ? conflict
              .column("key")
              .doUpdateSet({ payload: job.payload, status: "queued", attempts: 0, run_after: job.runAfter, locked_by: null, heartbeat_at: null, result: null, error: null, finished_at: null })
              .where("jobs.status", "in", ["done", "failed"])
          : conflict.column("key").doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (inserted) return inserted.id;
    const existing = await db.selectFrom("jobs").select("id").where("key", "=", job.key).executeTakeFirst();
    // gone between the two statements (deleteEndedJobs): insert it again
    if (existing) return existing.id;
  }
}

/** A job a runner for `kinds` may take at `now`: queued and due, or running on a runner whose heartbeat is older than `staleBefore`. */
function claimable(kinds: readonly string[], now: string, staleBefore: string, attemptsBelow?: number) {
  return (eb: ExpressionBuilder<DB, "jobs">): Expression<SqlBool> => {
    const stale = [eb("status", "=", "running"), eb("heartbeat_at", "<", staleBefore)];
    if (attemptsBelow !== undefined) stale.push(eb("attempts", "<", attemptsBelow));
    return eb.and([eb("kind", "in", kinds), eb.or([eb.and([eb("status", "=", "queued"), eb("run_after", "<=", now)]), eb.and(stale)])]);
  };
}

/**
 * Takes one job for runner `owner`: the oldest queued one of `kinds` whose time has come, or one
 * running on a runner whose heartbeat is older than `staleBefore` (its server died) and begun
 * fewer than MAX_JOB_ATTEMPTS times; marks it running on `owner`, alive at `now`, one attempt
 * more. A stale job begun that many times fails instead. Undefined when there is none.
 */
export async function claimJob(db: Executor, owner: string, kinds: readonly string[], now: string, staleBefore: string): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  // a look first, which takes no lock: most polls find nothing, and on SQLite an update takes the
  // write lock even when it changes no row
  const any = await db.selectFrom("jobs").select("id").where(claimable(kinds, now, staleBefore)).limit(1).executeTakeFirst();
  if (!any) return undefined;
  await db
    .updateTable("jobs")
    .set({ status: "failed", error: ABANDONED, finished_at: now })
    .where("kind", "in", kinds)
    .where("status", "=", "running")
    .where("heartbeat_at", "<", staleBefore)
    .where("attempts", ">=", MAX_JOB_ATTEMPTS)
    .execute();
  const next = skippingLocked(
    db,
    db.selectFrom("jobs").select("id").where(claimable(kinds, now, staleBefore, MAX_JOB_ATTEMPTS)).orderBy("run_after").orderBy("id").limit(1),
  );
  return db
    .updateTable("jobs")
    .set((eb) => ({ status: "running", locked_by: owner, heartbeat_at: now, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", next)
    .returningAll()
    .executeTakeFirst();
}

/** Job `id` is still running on `owner`, alive at `now`; false when it is not (another runner took it over, or it ended). */
export async function heartbeatJob(db: Executor, id: number, owner: string, now: string): Promise<boolean> {
  const updated = await db.updateTable("jobs").set({ heartbeat_at: now }).where("id", "=", id).where("locked_by", "=", owner).where("status", "=", "running").executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export type JobOutcome = { status: "done"; result: string } | { status: "failed"; error: string };

/** Ends job `id` running on `owner` with its result or error (JSON); false when it is no longer `owner`'s. */
export async function finishJob(db: Executor, id: number, owner: string, now: string, outcome: JobOutcome): Promise<boolean> {
  const ended = outcome.status === "done" ? { status: "done" as const, result: outcome.result, error: null } : { status: "failed" as const, result: null, error: outcome.error };
  const updated = await db
    .updateTable("jobs")
    .set({ ...ended, finished_at: now, heartbeat_at: now })
    .where("id", "=", id)
    .where("locked_by", "=", owner)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Hands job `id` back to the queue (its runner is stopping), for any runner to take at once; its attempt stays counted. */
export async function releaseJob(db: Executor, id: number, owner: string): Promise<boolean> {
  const updated = await db
    .updateTable("jobs")
    .set({ status: "queued", locked_by: null, heartbeat_at: null })
    .where("id", "=", id)
    .where("locked_by", "=", owner)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export function getJob(db: Executor, id: number): Promise<Job | undefined> {
  return db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Deletes the jobs that ended before `before` (ISO); how many. */
export async function deleteEndedJobs(db: Executor, before: string): Promise<number> {
  const deleted = await db.deleteFrom("jobs").where("status", "in", ["done", "failed"]).where("finished_at", "<", before).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
