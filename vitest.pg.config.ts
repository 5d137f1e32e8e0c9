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
      // SQLite's online backup of its file: tests/pg/db-backup.test.ts is PostgreSQL's twin
      "tests/integration/db-backup.test.ts",
    ],
    globalSetup: [...[test.globalSetup ?? []].flat(), "tests/support/global-setup-postgres.ts"],
  },
});
