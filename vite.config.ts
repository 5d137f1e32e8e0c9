import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The job process (app/services/jobs/job.ts) as a second entry of the server build,
 * build/server/job.js beside index.js, sharing its chunks: list exports and a page's imports run
 * in a process started from that file (app/services/jobs/job-process.server.ts).
 */
function jobEntry(): Plugin {
  let ssrBuild = false;
  return {
    name: "tinhgon-job",
    apply: "build",
    config(_config, env) {
      ssrBuild = Boolean(env.isSsrBuild);
    },
    options(options) {
      if (!ssrBuild || typeof options.input !== "string") return null;
      return { ...options, input: { index: options.input, job: "app/services/jobs/job.ts" } };
    },
    outputOptions(output) {
      if (!ssrBuild) return null;
      const main = output.entryFileNames;
      return { ...output, entryFileNames: (chunk) => (chunk.name === "job" ? "job.js" : typeof main === "function" ? main(chunk) : (main ?? "[name].js")) };
    },
  };
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    remix({
      // a separate build directory lets several builds of the tree coexist (parallel work, tests)
      buildDirectory: process.env.REMIX_BUILD_DIR ?? "build",
      ignoredRouteFiles: ["**/*.test.{ts,tsx}"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    jobEntry(),
  ],
  // better-sqlite3 is a native addon: keep it out of the SSR bundle
  ssr: { external: ["better-sqlite3"] },
  build: { target: "es2022" },
});
