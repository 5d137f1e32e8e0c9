import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openPostgresDatabase } from "~/db-postgres.server";
import { IMPORT_COLUMNS } from "~/services/import/layout";
import Papa from "papaparse";
import { mainContent, signedInClient, visibleText } from "../support/http";
import { createTestDatabase, type TestPostgres } from "../support/postgres";
import { sharedTestPostgres } from "../support/run-postgres";
import { freePort } from "../../scripts/soak/server";
import { buildDirectory, serverCommand } from "../support/server";

// The production server on PostgreSQL (DATABASE_URL): it migrates an empty database, loads the
// demo data through the services, and serves every kind of page, a write, an export from its
// job process and an import through its job process, all on PostgreSQL. The whole suite moves
// to PostgreSQL later (issue 13); this is the app, end to end, on it today.

let server: TestPostgres;
let database: { url: string; drop(): Promise<void> };
let child: ChildProcess;
let url: string;
let output = "";

const REVIEWER = { email: "reviewer@tinhgon.local", password: "tinhgon-demo-2025" };
const OFFICER = { email: "officer.byt@tinhgon.local", password: "tinhgon-demo-2025" };

beforeAll(async () => {
  server = await sharedTestPostgres();
  database = await createTestDatabase(server);
  const port = await freePort("127.0.0.1");
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, await serverCommand(), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      PORT: String(port),
      COOKIE_SECURE: "0",
      WEB_CONCURRENCY: "1",
      REMIX_BUILD_DIR: buildDirectory(),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const deadline = Date.now() + 90_000;
  while (!output.includes("Tinh Gọn listening on")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The server did not start on PostgreSQL:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await database?.drop();
  server?.stop();
});

describe("the server on PostgreSQL", () => {
  test("migrates, loads the demo data and says where it is without its password", async () => {
    expect(output).toContain("Migrations applied: 0001_0014_baseline");
    expect(output).toMatch(/Demo data loaded in .*300 proposals/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: "ok", pending: [], ready: true });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const db = openPostgresDatabase(database.url, { maxConnections: 1 });
    try {
      expect((await db.selectFrom("proposals").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n).toBe(300);
    } finally {
      await db.destroy();
    }
  });

  test("serves the pages a reviewer reads, searches included", async () => {
    const reviewer = await signedInClient(url, REVIEWER);
    for (const path of ["/dashboard", "/proposals", "/proposals?q=giay%20phep", "/proposals?agency=BYT&status=approved&sort=due", "/amendments", "/documents?q=15/2018", "/decisions", "/decisions/1", "/deadlines", "/search?q=thuc%20pham", "/snapshots"]) {
      const response = await reviewer.get(path);
      expect(response.status, path).toBe(200);
      expect(mainContent(await response.text()), path).not.toMatch(/Đã có lỗi|at .*\.js:\d+/);
    }
    // typed without diacritics, found with them, marked
    const found = visibleText(mainContent(await (await reviewer.get("/search?q=thuc%20pham")).text()));
    expect(found).toMatch(/an toàn thực phẩm/);
    expect(found).toMatch(/Phương án \(\d+ kết quả\)/);
  });

  test("a comment is stored and shown; exports stream from their job process", async () => {
    const reviewer = await signedInClient(url, REVIEWER);
    const list = await (await reviewer.get("/proposals?agency=BYT")).text();
    const code = /href="\/proposals\/(BYT-[0-9A-Z-]+)"/.exec(list)?.[1];
    expect(code).toBeTruthy();
    expect((await reviewer.post(`/proposals/${code}`, { intent: "comment", comment: "Bình luận trên PostgreSQL" })).status).toBe(302);
    expect(await (await reviewer.get(`/proposals/${code}`)).text()).toContain("Bình luận trên PostgreSQL");
    const csv = await reviewer.get("/proposals/export.csv");
    expect(csv.status).toBe(200);
    const rows = Papa.parse<string[]>((await csv.text()).replace(/^\uFEFF/, "")).data.filter((row) => row.length > 1);
    expect(rows.length).toBe(301);
    const xlsx = await reviewer.get("/proposals/export.xlsx");
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });

  test("an officer's plan is checked and committed in the import's job process", async () => {
    const officer = await signedInClient(url, OFFICER);
    const values: Record<string, string> = { agency: "BYT", regulation_type: "Thủ tục hành chính", title: "Quy định nhập trên PostgreSQL", action: "Bãi bỏ", proposed_change: "Bỏ" };
    const plan = Papa.unparse([IMPORT_COLUMNS.map((column) => column.header), IMPORT_COLUMNS.map((column) => values[column.key] ?? "")]);
    const uploaded = await officer.upload("/proposals/import", { name: "ke-hoach.csv", bytes: new TextEncoder().encode(plan) });
    expect(uploaded.status).toBe(302);
    const page = new URL(uploaded.headers.get("location")!, url).pathname;
    expect((await officer.post(page, { intent: "confirm" })).status).toBe(302);
    expect(mainContent(await (await officer.get(page)).text())).toContain("Đã ghi 1 phương án mới");
    const search = mainContent(await (await officer.get("/proposals?q=nhap%20tren%20postgresql")).text());
    expect(search).toContain("Quy định nhập trên PostgreSQL");
  });
});
