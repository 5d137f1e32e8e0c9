import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./soak/server";

// A throwaway PostgreSQL server (issue 13), for the tests (tests/support/postgres.ts) and for
// `npm run bench -- --postgres`: Debian's `postgresql` package (which .ci/run installs when it is
// missing), a cluster made with initdb in a temporary folder, on a free loopback port, trusted
// connections only from this machine, deleted when stopped. PostgreSQL refuses to run as root,
// so as root the cluster belongs to the `postgres` user the package creates, and its tools run
// as that user.

export interface PostgresServer {
  /** postgres://…: the server's maintenance database, for creating and dropping others. */
  url: string;
  /** The server's folder (data, socket, log). */
  folder: string;
  stop(): void;
}

export interface PostgresServerOptions {
  /**
   * false (the tests): nothing written that only a crash would need (fsync, full-page writes
   * off): fast, and lost with the machine. true (the bench): PostgreSQL's own durability, with a
   * commit not flushed at once (synchronous_commit off), as SQLite in WAL mode with
   * synchronous=NORMAL: a crash of the machine may lose the last moments' commits, never the database.
   */
  crashSafe: boolean;
}

/** The newest installed server's binaries (/usr/lib/postgresql/<version>/bin), or undefined. */
export function postgresBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], "bin");
}

/** Runs one of PostgreSQL's tools, as the `postgres` user when this process is root. */
function tool(binaries: string, name: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(binaries, name), ...args]] : [path.join(binaries, name), args];
  try {
    return execFileSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${name} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

/** A new throwaway server, stopped and deleted by stop() or when this process exits. */
export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const binaries = postgresBinaries();
  if (!binaries) throw new Error("PostgreSQL is not installed: `apt-get install postgresql` (.ci/run does it)");

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-pg-"));
  if (process.getuid?.() === 0) {
    const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    if (ids.status !== 0) throw new Error("Running as root, PostgreSQL needs the `postgres` user that Debian's package creates");
    const uid = Number(ids.stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    fs.chownSync(folder, uid, gid);
  }
  const data = path.join(folder, "data");
  const port = await freePort("127.0.0.1");
  tool(binaries, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const durability = options.crashSafe ? ["-c synchronous_commit=off"] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"];
  // room for two test files at once, each with app servers of several processes, each process a
  // pool of up to 10 (200 ran out once in `npm run test:pg`: "sorry, too many clients already")
  const settings = [`-p ${port}`, "-c listen_addresses=127.0.0.1", `-c unix_socket_directories=${folder}`, ...durability, "-c max_connections=500"].join(" ");
  tool(binaries, "pg_ctl", ["-D", data, "-o", settings, "-l", path.join(folder, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    try {
      tool(binaries, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  };
  process.once("exit", stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, folder, stop };
}

/** `serverUrl` with its database replaced by `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
