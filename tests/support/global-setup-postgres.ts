import type { TestProject } from "vitest/node";
import { dropDatabases, startTestPostgres } from "./postgres";

// `npm run test:pg`: one PostgreSQL server for the whole run (a throwaway one, or
// TEST_DATABASE_URL's), on which every test file gets databases of its own, copied from the run's
// templates (tests/support/database.ts). At the end the run's databases are dropped and a
// throwaway server is stopped and deleted.

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  const prefix = `tinhgon_t${process.pid}_`;
  project.provide("postgres", { url: server.url, prefix });
  return async () => {
    try {
      await dropDatabases(server.url, prefix);
    } finally {
      server.stop();
    }
  };
}
