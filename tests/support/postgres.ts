import pg from "pg";
import { databaseUrl, postgresBinaries, startPostgresServer } from "../../scripts/postgres-server";

// A throwaway PostgreSQL server for the tests (issue 13): scripts/postgres-server.ts's, with
// nothing written to disk that a crash would need (fsync off), since it is deleted after the run.
// With TEST_DATABASE_URL set, that server is used instead and nothing is started.

export { databaseUrl, postgresBinaries };

export interface TestPostgres {
  /** postgres://…: the server's maintenance database, for creating and dropping the tests' own. */
  url: string;
  /** The throwaway server's folder (data, socket, log); none for TEST_DATABASE_URL's. */
  folder?: string;
  /** What the names of the run's databases on it start with (`npm run test:pg`'s shared server): dropped at the run's end. */
  prefix?: string;
  stop(): void;
}

/** The server TEST_DATABASE_URL names, or a new throwaway one. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => undefined };
  if (!postgresBinaries()) throw new Error("PostgreSQL is not installed: `apt-get install postgresql` (.ci/run does it), or set TEST_DATABASE_URL");
  return startPostgresServer({ crashSafe: false });
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
