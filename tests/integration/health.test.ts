import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { knownMigrations } from "~/db.server";
import { startServer, type TestServer } from "../support/server";

// The health checks an operator's monitoring and a load balancer read: ready when the database
// answers and has every migration the code needs; 503, saying what is missing, when it does not.

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

test("a migrated database is ready: /healthz says so with its figures, /readyz in one word", async () => {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(health.headers.get("cache-control")).toBe("no-store");
  const body = (await health.json()) as { status: string; database: string; migrations: number; pending: string[]; ready: boolean };
  expect(body).toMatchObject({ status: "ok", database: "ok", pending: [], ready: true });
  // every migration the code has for this database (SQLite's one by one; PostgreSQL's from a baseline)
  expect(body.migrations).toBe(knownMigrations(server.db()).length);
  const ready = await fetch(`${server.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.text()).toBe("ready\n");
});

test("a database behind the code (a migration not applied) is not ready: 503 on both, naming the migration", async () => {
  const db = server.db();
  // the migrator's own table is not among the app's typed tables
  const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
  const last = rows[0]!;
  await sql`delete from kysely_migration where name = ${last.name}`.execute(db);
  try {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "not_ready", database: "ok", pending: [last.name], ready: false });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toBe("not ready\n");
  } finally {
    await sql`insert into kysely_migration (name, timestamp) values (${last.name}, ${last.timestamp})`.execute(db);
  }
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
});
