import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { locationEnv, type DatabaseLocation } from "../../app/db.server";

// The soak's server: scripts/server.ts started the way `npm run serve` starts it (production,
// one entry, so whatever processes that entry starts are under test), on loopback only, in a
// process group of its own so that a crash (SIGKILL) takes down every process it started.

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_LOG_CHARS = 20_000;
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export interface SoakServerOptions {
  /** Node's arguments that run scripts/server.ts: ["--import", "tsx", "scripts/server.ts"] as npm run serve, or a compiled copy. */
  command: string[];
  cwd: string;
  database: DatabaseLocation;
  buildDirectory: string;
  host?: string;
  /** The session secret; keep it across restarts so that signed-in clients stay signed in. */
  sessionSecret?: string;
  /** More environment for the server (the profile's WEB_CONCURRENCY and NODE_OPTIONS). */
  env?: Record<string, string>;
}

export interface SoakServer {
  url: string;
  /** The process the command started (the bench reads the memory of it and its children). */
  pid: number;
  logs(): string;
  /** SIGKILLs the server's process group, as a crash would, and waits for it to be gone. */
  kill(): Promise<void>;
  /** SIGTERM, as an operator stops it; SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** Starts the server again on the same database, port and secret (after kill or stop). */
  restart(): Promise<SoakServer>;
}

export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startSoakServer(options: SoakServerOptions, port?: number): Promise<SoakServer> {
  const host = options.host ?? "127.0.0.1";
  // load is only ever put on this machine's own server
  if (!LOOPBACK.has(host)) throw new Error(`The soak runs on loopback only, not on ${host}`);
  const sessionSecret = options.sessionSecret ?? randomBytes(32).toString("hex");
  const listenPort = port ?? (await freePort(host));
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${listenPort}`;
  const child = spawn(process.execPath, options.command, {
    cwd: options.cwd,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      HOST: host,
      PORT: String(listenPort),
      ...locationEnv(options.database),
      DEMO_DATA: "0",
      SESSION_SECRET: sessionSecret,
      COOKIE_SECURE: "0",
      REMIX_BUILD_DIR: options.buildDirectory,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-MAX_LOG_CHARS));
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  // a soak that dies must not leave a server behind
  const killOnExit = () => group("SIGKILL");
  process.once("exit", killOnExit);

  const kill = async () => {
    process.off("exit", killOnExit);
    group("SIGKILL");
    await exited;
  };
  const stop = async () => {
    process.off("exit", killOnExit);
    if (!running) return;
    group("SIGTERM");
    const timer = setTimeout(() => group("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const server: SoakServer = {
    url,
    pid: child.pid!,
    logs: () => output,
    kill,
    stop,
    restart: async () => {
      await stop();
      return startSoakServer({ ...options, host, sessionSecret }, listenPort);
    },
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (!running) throw new Error(`The server exited before it was ready:\n${output}`);
    if ((await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200) return server;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`The server did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
