import { inject } from "vitest";
import { startTestPostgres, type TestPostgres } from "./postgres";

// What a test file knows of the run's PostgreSQL server (tests/support/global-setup-postgres.ts):
// apart from tests/support/postgres.ts, which the global setup imports and which therefore must
// not import vitest.

declare module "vitest" {
  export interface ProvidedContext {
    /**
     * `npm run test:pg`'s server (tests/support/global-setup-postgres.ts), started once per run,
     * and the prefix of every database this run creates on it.
     */
    postgres?: { url: string; prefix: string };
  }
}

/** The run's PostgreSQL server under `npm run test:pg`, or undefined under `npm test`. */
export function runPostgres(): { url: string; prefix: string } | undefined {
  return inject("postgres");
}

/** The run's server when there is one (stop() leaves it to the run), else a throwaway one of the file's own. */
export async function sharedTestPostgres(): Promise<TestPostgres> {
  const run = runPostgres();
  return run ? { ...run, stop: () => undefined } : startTestPostgres();
}

