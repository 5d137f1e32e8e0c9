import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAgencies, createDecisionFor, createUserWith, type TestUser } from "../support/factories";
import { client, mainContent, signedInOnce, visibleText, type SignedIn } from "../support/http";
import { cspNonce, expectSecurityHeaders } from "../support/security";
import { PROJECT_ROOT } from "../support/database";
import { startServer, type TestServer } from "../support/server";

// Every kind of answer the server gives carries the security headers: pages (found, missing,
// forbidden), redirects, downloads, JSON, loader data, static files, and the refusals the
// server makes before Remix sees the request. The authorization matrix
// (tests/integration/route-matrix.test.ts) checks them on every route for every actor too.

let server: TestServer;
let as: SignedIn;
let admin: TestUser;
let viewer: TestUser;
let decisionId: number;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      admin = await createUserWith(db, { role: "admin" });
      viewer = await createUserWith(db, { role: "viewer" });
      decisionId = await createDecisionFor(db, admin);
    },
  });
  as = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

describe("security headers", () => {
  test("pages, redirects, downloads, JSON, loader data and static files all carry them", async () => {
    const anonymous = client(server.url);
    const asAdmin = await as(admin);
    const asViewer = await as(viewer);
    const html = await anonymous.get("/login");
    const script = (await html.text()).match(/"(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const answers: [string, Response, string][] = [
      ["login page", html, "text/html"],
      ["page", await asAdmin.get("/proposals"), "text/html"],
      ["missing page", await asAdmin.get("/proposals/XX-0000-0000"), "text/html"],
      ["forbidden page", await asViewer.get("/admin/users"), "text/html"],
      ["redirect to sign in", await anonymous.get("/proposals"), ""],
      ["CSV", await asAdmin.get("/proposals/export.csv"), "text/csv"],
      ["XLSX", await asAdmin.get("/proposals/export.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["report XLSX", await asAdmin.get(`/decisions/${decisionId}/report.xlsx`), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["JSON", await anonymous.get("/healthz"), "application/json"],
      ["suggestions", await asAdmin.get("/documents/suggest?q=nghi"), "application/json"],
      ["loader data", await asAdmin.get("/proposals.data"), "text/x-script"],
      ["script", await anonymous.get(script!), "javascript"],
      ["favicon", await anonymous.get("/favicon.svg"), "image/svg+xml"],
      ["foreign post", await asAdmin.post("/proposals/new", {}, { origin: "http://evil.example" }), "text/html"],
      ["oversized post", await asAdmin.post("/proposals/new", {}, { headers: { "Content-Length": String(26 * 1024 * 1024) } }).catch(() => null), "text/html"],
    ].filter((answer): answer is [string, Response, string] => answer[1] !== null);
    for (const [what, response, type] of answers) {
      expectSecurityHeaders(response, `${what} (${response.status})`);
      if (type) expect(response.headers.get("content-type") ?? "", what).toContain(type);
      if (!response.bodyUsed) await response.arrayBuffer();
    }
    expect(answers.map(([what, response]) => `${what} ${response.status}`)).toEqual(
      expect.arrayContaining(["missing page 404", "forbidden page 403", "redirect to sign in 302", "foreign post 403"]),
    );
  });

  test("a page's scripts carry its nonce, and every page answer has a new one", async () => {
    const nonces = new Set<string>();
    for (let index = 0; index < 3; index++) {
      const response = await client(server.url).get("/login");
      const nonce = cspNonce(response);
      expect(nonce).toBeDefined();
      const body = await response.text();
      const scripts = [...body.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(3);
  });
});

describe("a defect answers without showing how the server is built", () => {
  test("a loader that fails is a 500 page in the user's language with no stack, SQL or path; its data endpoint too", async () => {
    const asAdmin = await as(admin);
    // a defect on demand: the table the decisions list reads is gone for a moment
    await sql`ALTER TABLE decisions RENAME TO decisions_hidden`.execute(server.db());
    try {
      const answers = [await asAdmin.get("/decisions"), await asAdmin.get("/decisions.data"), await asAdmin.get(`/decisions/${decisionId}/report.xlsx`)];
      for (const response of answers) {
        const context = `${response.url} (${response.status})`;
        expect(response.status, context).toBe(500);
        expectSecurityHeaders(response, context);
        const body = await response.text();
        for (const leak of ["    at ", "no such table", "select ", "SqliteError", "node_modules", PROJECT_ROOT, ".ts:"]) {
          expect(body, `${context} shows ${JSON.stringify(leak)}`).not.toContain(leak);
        }
      }
      const html = await (await asAdmin.get("/decisions")).text();
      expect(visibleText(mainContent(html))).toContain("Đã xảy ra lỗi");
    } finally {
      await sql`ALTER TABLE decisions_hidden RENAME TO decisions`.execute(server.db());
    }
    expect((await asAdmin.get("/decisions")).status).toBe(200);
  });
});
