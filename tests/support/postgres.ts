import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../scripts/soak/server";

// A throwaway PostgreSQL server for the tests (issue 13): Debian's `postgresql` package (which
// .ci/run installs when it is missing), a cluster made with initdb in a temporary folder, on a
// free loopback port, trusted connections only from this machine, and nothing written to disk
// that a crash would need (fsync off): it is deleted after the run. PostgreSQL refuses to run as
// root, so as root the cluster belongs to the `postgres` user the package creates, and its tools
// run as that user. With TEST_DATABASE_URL set, that server is used instead and nothing is
// started.

export interface TestPostgres {
  /** postgres://…: the server's maintenance database, for creating and dropping the tests' own. */
  url: string;
  /** The throwaway server's folder (data, socket, log); none for TEST_DATABASE_URL's. */
  folder?: string;
  /** What the names of the run's databases on it start with (`npm run test:pg`'s shared server): dropped at the run's end. */
  prefix?: string;
  stop(): void;
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

/** The server TEST_DATABASE_URL names, or a new throwaway one. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => undefined };
  const binaries = postgresBinaries();
  if (!binaries) throw new Error("PostgreSQL is not installed: `apt-get install postgresql` (.ci/run does it), or set TEST_DATABASE_URL");

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
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${folder}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
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

/** Connects to `server`'s maintenance database as its administrator, runs `fn`, and disconnects. */
export async function asAdministrator<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `serverUrl` with its database replaced by `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops every database whose name starts with `prefix` (a run's, at its end). */
export async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  await asAdministrator(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  });
}

/** A database of its own on `server`, for one test file: its URL, and drop() to remove it. */
export async function createTestDatabase(server: TestPostgres, name = `${server.prefix ?? "tinhgon_test_"}${process.pid}_${Date.now()}`): Promise<{ url: string; drop(): Promise<void> }> {
  await asAdministrator(server.url, (client) => client.query(`create database "${name}"`));
  return {
    url: databaseUrl(server.url, name),
    drop: () => asAdministrator(server.url, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
