import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openLocation } from "~/db.server";
import { BusyError, ConflictError, InvalidError } from "~/domain/errors";
import { claimJob, finishJob, getJob, heartbeatJob, MAX_JOB_ATTEMPTS } from "~/models/job.server";
import { queueEffectiveDates } from "~/services/document-facts.server";
import { jobHandlers } from "~/services/jobs/kinds.server";
import { awaitJob, jobRunner, queueJob, type JobHandler, type JobRunner, type QueuedJob } from "~/services/jobs/queue.server";
import type { DB } from "../../db/types";
import { createTestDatabase, testBackend, type TestDatabase } from "../support/database";

// The job queue (issue 13): two app servers, here two connections of their own to one database
// (SQLite's file under `npm test`, PostgreSQL's database under `npm run test:pg`), each with its
// runner, take jobs from one table at once. Every job runs once, none is lost, a job whose server
// died is taken over, a job with a key is one job however often it is asked for, and a refusal
// comes back to whoever waits as the same domain error.

let database: TestDatabase;
/** The first server's connection. */
let one: Kysely<DB>;
/** The second server's. */
let other: Kysely<DB>;
const runners: JobRunner[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // as a server's primary opens it
  one = openLocation(database.location, { role: "server" });
  other = openLocation(database.location, { role: "server" });
});

afterAll(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await one?.destroy();
  await other?.destroy();
  await database?.remove();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const iso = (ms: number) => new Date(ms).toISOString();
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A started runner, stopped after the file (each test stops its own too). */
function runner(db: Kysely<DB>, handlers: Record<string, JobHandler>, options: Parameters<typeof jobRunner>[2]): JobRunner {
  const started = jobRunner(db, handlers, { pollMs: 10, ...options });
  runners.push(started);
  started.start();
  return started;
}

const waitFor = <T>(db: Kysely<DB>, id: number) => awaitJob<T>(db, id, { timeoutMs: 20_000, busyReason: "pages.busy", pollMs: 20 });

const rowsOfKind = (kind: string) => one.selectFrom("jobs").selectAll().where("kind", "=", kind).orderBy("id").execute();

describe(`on ${testBackend()}`, () => {
  test("runners of two servers take 40 jobs from one table at once: each is handled exactly once, none is lost", async () => {
    const kind = "test-double";
    const calls = new Map<number, number>();
    const handler: JobHandler = async (payload, { id }) => {
      calls.set(id, (calls.get(id) ?? 0) + 1);
      await sleep(Math.random() * 15);
      return { doubled: (payload as { n: number }).n * 2 };
    };
    const ids = await Promise.all(range(40).map((n) => queueJob(n % 2 ? one : other, { kind, payload: { n } })));
    expect(new Set(ids).size).toBe(40);
    // two runners per server, on the server's one connection, as if its primary ran two
    const started = [
      runner(one, { [kind]: handler }, { owner: "one/a" }),
      runner(one, { [kind]: handler }, { owner: "one/b" }),
      runner(other, { [kind]: handler }, { owner: "other/a" }),
      runner(other, { [kind]: handler }, { owner: "other/b" }),
    ];
    const results = await Promise.all(ids.map((id, n) => waitFor<{ doubled: number }>(n % 2 ? other : one, id)));
    await Promise.all(started.map((each) => each.stop()));

    expect(results).toEqual(range(40).map((n) => ({ doubled: n * 2 })));
    expect([...calls.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    const rows = await rowsOfKind(kind);
    expect(rows).toHaveLength(40);
    expect(rows.every((row) => row.status === "done" && row.attempts === 1 && row.finished_at !== null)).toBe(true);
    // both servers took their share
    const owners = new Set(rows.map((row) => row.locked_by?.split("/")[0]));
    expect([...owners].sort()).toEqual(["one", "other"]);
  });

  test("claims made at the same moment from both servers never return the same job", async () => {
    const kind = "test-claim";
    const ids = await Promise.all(range(10).map((n) => queueJob(one, { kind, payload: { n } })));
    const now = Date.now();
    const claimed: number[] = [];
    // rounds of twelve claims at once, six per server, until the queue is empty
    for (let round = 0; round < 20 && claimed.length < ids.length; round++) {
      const jobs = await Promise.all(range(12).map((i) => claimJob(i % 2 ? one : other, `claimer-${i}`, [kind], iso(now), iso(now - 60_000))));
      claimed.push(...jobs.filter((job) => job !== undefined).map((job) => job.id));
    }
    expect(claimed.length).toBe(ids.length);
    expect([...claimed].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect((await rowsOfKind(kind)).every((row) => row.status === "running" && row.attempts === 1)).toBe(true);
  });

  test("a job whose runner stopped saying it is alive is taken over once it is stale, its attempts counted; the first runner can no longer end it", async () => {
    const kind = "test-takeover";
    let firstBegun = () => undefined as void;
    const begun = new Promise<void>((resolve) => (firstBegun = resolve));
    const attempts: number[] = [];
    const handler: JobHandler = async (_payload, { attempt, signal }) => {
      attempts.push(attempt);
      if (attempt === 1) {
        firstBegun();
        // a server that hangs: it never ends the job nor says it is alive
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        throw new Error("stopped");
      }
      return { attempt };
    };
    const id = await queueJob(one, { kind, payload: {} });
    const hung = runner(one, { [kind]: handler }, { owner: "hung", heartbeatMs: 60_000 });
    await begun;
    const claimedAt = (await getJob(one, id))!.heartbeat_at!;
    // its heartbeat is not yet stale for a runner that waits a minute
    const patient = runner(other, { [kind]: handler }, { owner: "patient", staleMs: 60_000 });
    await sleep(300);
    expect((await getJob(one, id))!.locked_by).toBe("hung");
    await patient.stop();

    runner(other, { [kind]: handler }, { owner: "rescuer", staleMs: 300 });
    expect(await waitFor(other, id)).toEqual({ attempt: 2 });
    const row = (await getJob(one, id))!;
    expect(row).toMatchObject({ status: "done", attempts: 2, locked_by: "rescuer" });
    expect(row.heartbeat_at! > claimedAt).toBe(true);
    expect(attempts).toEqual([1, 2]);
    // the hung runner wakes: its job is no longer its own, to keep alive or to end
    expect(await heartbeatJob(one, id, "hung", new Date().toISOString())).toBe(false);
    expect(await finishJob(one, id, "hung", new Date().toISOString(), { status: "failed", error: "{}" })).toBe(false);
    await hung.stop();
    expect(await getJob(one, id)).toMatchObject({ status: "done", result: JSON.stringify({ attempt: 2 }) });
  });

  test(`a job begun ${MAX_JOB_ATTEMPTS} times by runners that died fails rather than being taken over again`, async () => {
    const kind = "test-abandoned";
    const id = await queueJob(one, { kind, payload: {} });
    const start = Date.now();
    for (let attempt = 1; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
      // each claim a minute after the last: the one before is stale
      const now = start + attempt * 60_000;
      const job = await claimJob(attempt % 2 ? one : other, `dying-${attempt}`, [kind], iso(now), iso(now - 30_000));
      expect(job).toMatchObject({ id, attempts: attempt, locked_by: `dying-${attempt}` });
    }
    const later = start + (MAX_JOB_ATTEMPTS + 1) * 60_000;
    expect(await claimJob(one, "another", [kind], iso(later), iso(later - 30_000))).toBeUndefined();
    expect(await getJob(one, id)).toMatchObject({ status: "failed", attempts: MAX_JOB_ATTEMPTS });
    await expect(waitFor(one, id)).rejects.toThrow(/Abandoned/);
  });

  test("a stopping runner hands its job back to the queue, and another server's runner does it", async () => {
    const kind = "test-handback";
    const attempts: number[] = [];
    let firstBegun = () => undefined as void;
    const begun = new Promise<void>((resolve) => (firstBegun = resolve));
    const handler: JobHandler = async (_payload, { attempt, signal }) => {
      attempts.push(attempt);
      if (attempt === 1) {
        firstBegun();
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        throw new Error("stopped");
      }
      return "done elsewhere";
    };
    const id = await queueJob(one, { kind, payload: {} });
    const stopping = runner(one, { [kind]: handler }, { owner: "stopping" });
    await begun;
    await stopping.stop();
    expect(await getJob(one, id)).toMatchObject({ status: "queued", locked_by: null, attempts: 1 });
    runner(other, { [kind]: handler }, { owner: "next" });
    expect(await waitFor(other, id)).toBe("done elsewhere");
    expect(attempts).toEqual([1, 2]);
  });

  test("a job with a key is one job however often and from wherever it is asked for; `again` runs an ended one anew", async () => {
    const kind = "test-keyed";
    const job = (n: number, again = false): QueuedJob => ({ kind, key: "test-keyed:1", payload: { n }, again });
    const first = await queueJob(one, job(1));
    expect(await queueJob(other, job(2))).toBe(first);
    const atOnce = await Promise.all(range(10).map((n) => queueJob(n % 2 ? one : other, job(n))));
    expect(new Set(atOnce)).toEqual(new Set([first]));
    // a waiting job is not queued anew, `again` or not
    expect(await queueJob(one, job(3, true))).toBe(first);
    const rows = await rowsOfKind(kind);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first, status: "queued", payload: JSON.stringify({ n: 1 }) });

    const calls: number[] = [];
    const handler: JobHandler = async (payload) => {
      calls.push((payload as { n: number }).n);
      return calls.length;
    };
    const running = runner(one, { [kind]: handler }, { owner: "keyed" });
    expect(await waitFor(one, first)).toBe(1);
    // ended: asked for again, it is the same job with the same result
    expect(await queueJob(other, job(4))).toBe(first);
    expect(await waitFor(other, first)).toBe(1);
    // unless it is to run again: the same job, queued anew with the new payload
    expect(await queueJob(other, job(5, true))).toBe(first);
    expect(await waitFor(other, first)).toBe(2);
    await running.stop();
    expect(calls).toEqual([1, 5]);
    expect(await rowsOfKind(kind)).toHaveLength(1);
  });

  test("a handler's refusal comes back to the waiting request as the same domain error; a defect as an error, reported", async () => {
    const kind = "test-refusal";
    const defects: unknown[] = [];
    const handler: JobHandler = async (payload) => {
      const { refuse } = payload as { refuse: string };
      if (refuse === "conflict") throw new ConflictError("imports.errors.not_staged");
      if (refuse === "invalid") throw new InvalidError({ file: "imports.errors.file_required" }, { file: "x.csv" });
      throw new Error("a defect");
    };
    runner(other, { [kind]: handler }, { owner: "refusing", onError: (error) => defects.push(error) });
    const [conflict, invalid, defect] = await Promise.all(["conflict", "invalid", "defect"].map((refuse) => queueJob(one, { kind, payload: { refuse } })));

    const conflictError = await waitFor(one, conflict!).catch((error: unknown) => error);
    expect(conflictError).toBeInstanceOf(ConflictError);
    expect((conflictError as ConflictError).reason).toBe("imports.errors.not_staged");
    const invalidError = await waitFor(one, invalid!).catch((error: unknown) => error);
    expect(invalidError).toBeInstanceOf(InvalidError);
    expect(invalidError).toMatchObject({ errors: { file: "imports.errors.file_required" }, values: { file: "x.csv" } });
    const defectError = await waitFor(one, defect!).catch((error: unknown) => error);
    expect(defectError).not.toBeInstanceOf(ConflictError);
    expect(String(defectError)).toMatch(/The job failed: Error: a defect/);
    // refusals are answers, not faults: only the defect is reported
    expect(defects).toHaveLength(1);
    expect(await getJob(one, conflict!)).toMatchObject({ status: "failed", attempts: 1 });
  });

  test("a wait that runs out is busy, with the reason it was given; the job goes on", async () => {
    const id = await queueJob(one, { kind: "test-nobody-runs", payload: {} });
    const error = await awaitJob(one, id, { timeoutMs: 200, busyReason: "imports.errors.still_writing", retryAfterSeconds: 30, pollMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BusyError);
    expect(error).toMatchObject({ reason: "imports.errors.still_writing", retryAfterSeconds: 30 });
    expect(await getJob(one, id)).toMatchObject({ status: "queued" });
  });

  test("every server queues the day's effective dates at midnight; one job, run once, by one server's runner", async () => {
    const runs: string[] = [];
    const keeper = (server: string) => ({
      ensureToday: async () => {
        runs.push(server);
      },
    });
    const day = "2031-01-01";
    const [fromOne, fromOther] = await Promise.all([queueEffectiveDates(one, day), queueEffectiveDates(other, day)]);
    expect(fromOther).toBe(fromOne);
    runner(one, jobHandlers(keeper("one")), { owner: "effective-one" });
    runner(other, jobHandlers(keeper("other")), { owner: "effective-other" });
    expect(await waitFor(one, fromOne)).toBeNull();
    // the other runner had its chances meanwhile
    await sleep(100);
    expect(runs).toHaveLength(1);
    expect(await getJob(one, fromOne)).toMatchObject({ kind: "effective-dates", key: `effective-dates:${day}`, attempts: 1 });
  });
});
