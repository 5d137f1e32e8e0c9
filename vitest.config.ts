import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    // Integration and browser test files each start the production server (tests/support/server.ts),
    // and browser files one Chromium, in beforeAll; the files run in separate forks.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
