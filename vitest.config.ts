import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // PostgreSQL's own tests run with npm run test:pg (vitest.pg.config.ts)
    exclude: ["tests/pg/**", "**/node_modules/**"],
    environment: "node",
    // templates built once per run rather than per file: the migrated database, the demo data,
    // the compiled server entry (tests/support/templates.ts)
    globalSetup: ["tests/support/global-setup.ts"],
    // Integration and browser test files each start the production server (tests/support/server.ts),
    // and browser files one Chromium, in beforeAll; the files run in separate forks. A file spends
    // much of its time waiting for its server (a sign-in hashes for ~0.4 s), so one fork per core,
    // at least two, keeps both cores busy: 6.4 min instead of 10.5 on the 2-core machine.
    maxWorkers: Math.max(2, availableParallelism()),
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
