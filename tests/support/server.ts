import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Kysely } from "kysely";
import { locationEnv, type DatabaseLocation } from "~/db.server";
import type { DB } from "../../db/types";
import { freePort } from "../../scripts/soak/server";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase, type TestDatabaseOptions } from "./database";
import { template, templateDirectory } from "./templates";

// The app under test is the production build served by scripts/server.ts, as in deployment,
// on a fresh database per test file (SQLite's file, or PostgreSQL's database under `npm run
// test:pg`). Nothing inside the app is replaced.
//
// scripts/server.ts is compiled once per run into one file (esbuild, the compiler tsx runs, with
// the packages left to node as tsx leaves them): started through tsx, a server spent over a
// second of its start in tsx's loader, resolving and loading its hundred-odd modules one by one.

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_LOG_CHARS = 20_000;

export interface TestServer {
  /** "http://127.0.0.1:<port>", without a trailing slash. */
  url: string;
  /** The server's database. */
  database: DatabaseLocation;
  /** The server's SQLite file, for tests about the file itself (TestDatabase.path). */
  dbPath: string;
  /** The server's process (the cluster's primary). */
  pid: number;
  /** A Kysely instance on the server's database, for arranging and asserting; closed by stop(). */
  db(): Kysely<DB>;
  /** What the server wrote to stdout and stderr so far (the last 20,000 characters). */
  logs(): string;
  /** Stops the server and deletes the database file. */
  stop(): Promise<void>;
  /**
   * Stops this server and starts another on the same database with `env` added to the first
   * one's (e.g. { TINHGON_TODAY: "2027-02-01" } to let the calendar move on); use the new one.
   */
  restart(env: Record<string, string>): Promise<TestServer>;
  /**
   * Starts a second app server on this one's database, with its session secret and environment
   * (plus `env`), on a port of its own, as a deployment runs several behind a load balancer. It
   * stops with this one; its own stop() leaves the database.
   */
  alongside(env?: Record<string, string>): Promise<TestServer>;
}

export interface ServerOptions extends TestDatabaseOptions {
  /** Runs on the migrated database (after the demo data, if `demo`) before the server starts; the instance is destroyed afterwards. */
  seed?: (db: Kysely<DB>) => Promise<void>;
  /**
   * Extra environment for the server, e.g. { COOKIE_SECURE: "0" } or { WEB_CONCURRENCY: "2" } (one
   * worker otherwise); undefined leaves a variable unset (SESSION_SECRET, for the demo's own).
   */
  env?: Record<string, string | undefined>;
}

/** The directory of the production build under test: REMIX_BUILD_DIR, as vite.config.ts reads it. */
export function buildDirectory(): string {
  return path.resolve(PROJECT_ROOT, process.env.REMIX_BUILD_DIR ?? "build");
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const build = buildDirectory();
  if (!fs.existsSync(path.join(build, "server", "index.js"))) {
    throw new Error(`No production build in ${build}: run \`REMIX_BUILD_DIR=${path.relative(PROJECT_ROOT, build)} npx remix vite:build\` first.`);
  }
  const database = await createTestDatabase(options);
  if (options.seed) {
    const db = database.open();
    try {
      await options.seed(db);
    } finally {
      await db.destroy();
    }
  }
  return serve(build, database, { SESSION_SECRET: randomBytes(32).toString("hex"), ...options.env });
}

interface EsbuildPlugin {
  name: string;
  setup(build: {
    onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string; external: boolean }): void;
    onLoad(options: { filter: RegExp }, callback: (args: { path: string }) => { contents: string; loader: "ts" } | undefined): void;
  }): void;
}
interface Esbuild {
  build(options: Record<string, unknown> & { plugins: EsbuildPlugin[] }): Promise<unknown>;
}

/** Compiles scripts/server.ts with the app modules it imports into one ES module at `file`. */
async function compileServer(file: string): Promise<void> {
  // esbuild as Vite (a dependency of the project's own) carries it
  const esbuild = createRequire(createRequire(import.meta.url).resolve("vite/package.json"))("esbuild") as Esbuild;
  await esbuild.build({
    entryPoints: [path.join(PROJECT_ROOT, "scripts/server.ts")],
    outfile: file,
    absWorkingDir: PROJECT_ROOT,
    tsconfig: path.join(PROJECT_ROOT, "tsconfig.json"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    plugins: [
      {
        name: "as-tsx-runs-it",
        setup(build) {
          // packages (and node's modules) are loaded by node from node_modules, as under tsx
          build.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
          // a module that finds files next to itself (db/seed/csv.ts) keeps finding them there
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            const source = fs.readFileSync(args.path, "utf8");
            if (!source.includes("import.meta.url")) return undefined;
            return { contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
          });
        },
      },
    ],
  });
}

/** The command that starts scripts/server.ts: the run's compiled copy, or (without the global setup) tsx on the source. */
export async function serverCommand(): Promise<string[]> {
  const directory = templateDirectory();
  if (!directory) return ["--import", "tsx", "scripts/server.ts"];
  return [await template(directory, "server.mjs", compileServer)];
}

/** Starts scripts/server.ts on a database and waits until it answers; `owner`: its stop() also removes the database. */
async function serve(build: string, database: TestDatabase, extraEnv: Record<string, string | undefined>, owner = true): Promise<TestServer> {
  const port = await freePort("127.0.0.1");
  const url = `http://127.0.0.1:${port}`;
  const environment: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    ...locationEnv(database.location),
    DEMO_DATA: "0",
    REMIX_BUILD_DIR: build,
    // one worker unless a test asks for more: every test file starts a server, and the tests of
    // several workers (cluster.test.ts) say so
    WEB_CONCURRENCY: "1",
    ...extraEnv,
  };
  // a variable set to undefined is left out, not passed as the text "undefined"
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(environment).filter((entry) => entry[1] !== undefined)), NODE_ENV: "production" };
  const child = spawn(process.execPath, await serverCommand(), {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-MAX_LOG_CHARS);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));
  // a test process that dies must not leave servers behind
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const halt = async () => {
    process.off("exit", killOnExit);
    if (running) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };
  const others: TestServer[] = [];
  const stop = async () => {
    await Promise.all(others.splice(0).map((other) => other.stop()));
    await halt();
    if (owner) await database.remove();
  };
  const restart = async (env: Record<string, string>) => {
    await halt();
    return serve(build, database, { ...extraEnv, ...env }, owner);
  };

  try {
    await waitForHealth(url, () => running, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    database: database.location,
    get dbPath() {
      return database.path;
    },
    pid: child.pid!,
    db: database.open,
    logs: () => output,
    stop,
    restart,
    async alongside(env: Record<string, string> = {}) {
      const other = await serve(build, database, { ...extraEnv, ...env }, false);
      others.push(other);
      return other;
    },
  };
}

/**
 * Ready means every worker listens (the primary says so once the last one does; until then the
 * primary hands every connection to the ones that do) and the app answers.
 */
async function waitForHealth(url: string, running: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`The server exited before it was ready:\n${output()}`);
    if (!output().includes("Tinh Gọn listening on")) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      continue;
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`The server did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}
