import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Kysely } from "kysely";
import type { DB } from "../../db/types";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase, type TestDatabaseOptions } from "./database";

// The app under test is the production build served by scripts/server.ts, as in deployment,
// on a fresh SQLite file per test file. Nothing inside the app is replaced.

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_LOG_CHARS = 20_000;

export interface TestServer {
  /** "http://127.0.0.1:<port>", without a trailing slash. */
  url: string;
  dbPath: string;
  /** A Kysely instance on the server's database file, for arranging and asserting; closed by stop(). */
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
}

export interface ServerOptions extends TestDatabaseOptions {
  /** Runs on the migrated database (after the demo data, if `demo`) before the server starts; the instance is destroyed afterwards. */
  seed?: (db: Kysely<DB>) => Promise<void>;
  /** Extra environment for the server, e.g. { COOKIE_SECURE: "0" }. */
  env?: Record<string, string>;
}

/** The directory of the production build under test: REMIX_BUILD_DIR, as vite.config.ts reads it. */
export function buildDirectory(): string {
  return path.resolve(PROJECT_ROOT, process.env.REMIX_BUILD_DIR ?? "build");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
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
  return serve(build, database, options.env ?? {});
}

/** Starts scripts/server.ts on a database and waits until it answers. */
async function serve(build: string, database: TestDatabase, extraEnv: Record<string, string>): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: database.path,
      DEMO_DATA: "0",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      REMIX_BUILD_DIR: build,
      ...extraEnv,
    },
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
  const stop = async () => {
    await halt();
    await database.remove();
  };
  const restart = async (env: Record<string, string>) => {
    await halt();
    return serve(build, database, { ...extraEnv, ...env });
  };

  try {
    await waitForHealth(url, () => running, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dbPath: database.path, db: database.open, logs: () => output, stop, restart };
}

async function waitForHealth(url: string, running: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`The server exited before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}
