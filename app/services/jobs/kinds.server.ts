import type { JobHandler } from "./queue.server";

// The kinds of queued job a server's runner does (app/services/jobs/queue.server.ts), and what
// does each. A runner claims only the kinds it has a handler for.

/** A confirmed upload's commit (app/services/import/staged.server.ts), keyed by the upload. */
export const IMPORT_COMMIT_JOB = "import-commit";
/** A new day's effective dates (app/services/document-facts.server.ts), keyed by the day. */
export const EFFECTIVE_DATES_JOB = "effective-dates";

/**
 * The handlers of a primary process's runner; `effectiveDates` is its keeper
 * (effectiveDatesKeeper), whose ensureToday the day's job runs: a run is always today's, so a
 * job taken late never applies an older day.
 */
export function jobHandlers(effectiveDates: { ensureToday(): Promise<void> }): Record<string, JobHandler> {
  return {
    // the import's modules are loaded when the first commit comes: the primary process stays small
    [IMPORT_COMMIT_JOB]: async (payload, context) => (await import("../import/staged.server")).importCommitJob(payload, context),
    [EFFECTIVE_DATES_JOB]: async () => {
      await effectiveDates.ensureToday();
      return null;
    },
  };
}
