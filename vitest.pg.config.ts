import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// `npm run test:pg`: the tests on PostgreSQL (issue 13), each file on a throwaway server of its
// own (tests/support/postgres.ts) unless TEST_DATABASE_URL names one. For now the server harness;
// the whole suite moves here as the models gain their PostgreSQL dialect.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/pg/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
