import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// `npm run test:pg`: the whole suite on PostgreSQL (issue 13). One server for the run (a throwaway
// one, tests/support/global-setup-postgres.ts, or TEST_DATABASE_URL's); every file's databases and
// servers are on it (tests/support/database.ts), and tests/pg/ adds what only PostgreSQL has.
const test = base.test!;
export default defineConfig({
  ...base,
  test: {
    ...test,
    include: [...(test.include ?? []), "tests/pg/**/*.test.ts"],
    exclude: [
      "**/node_modules/**",
      // about SQLite's file itself, with PostgreSQL's counterparts or none needed: its online
      // backup (tests/pg/db-backup.test.ts is PostgreSQL's), and the soak and crash tests, which
      // kill processes writing to the file and then check it with better-sqlite3 and SQLite's
      // integrity check (scripts/soak/check.ts); on PostgreSQL a killed writer's transaction is
      // rolled back by the server's own log, and those tests are not yet written for it
      "tests/integration/db-backup.test.ts",
      "tests/integration/crash-import.test.ts",
      "tests/integration/crash-server.test.ts",
      "tests/integration/soak.test.ts",
    ],
    globalSetup: [...[test.globalSetup ?? []].flat(), "tests/support/global-setup-postgres.ts"],
  },
});
