import http from "node:http";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import type { DB } from "../../db/types";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { client, mainContent, type Client, signedInClient, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Whatever a client sends, the server answers with a page of its own and keeps running: no 500,
// no stack trace, nothing stored from garbage.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts), but fresh where a test may sign out. */
let signedIn: SignedIn;
let admin: TestUser;
let officer: TestUser;
let ids: { proposal: string; document: number; decision: number; amendment: number };

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      admin = await createUserWith(db, { role: "admin" });
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      const proposal = await createProposalFor(db, officer);
      const document = await createDocumentFor(db, admin);
      const decision = await createDecisionFor(db, admin);
      const amendment = await createAmendment(
        db,
        officer,
        AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: proposal.code }),
      );
      ids = { proposal: proposal.code, document, decision, amendment };
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

/** A stack frame as Node prints it ("    at fn (file:1:2)"), or the markers of a raw error page. */
function expectNoTrace(body: string, context: string) {
  expect(body, context).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(body, context).not.toContain("    at ");
  expect(body, context).not.toContain("node_modules");
}

/** How many rows each record table holds: garbage must not add or remove any. */
async function recordCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["proposals", "legal_documents", "decisions", "amendments", "proposal_amendments", "users", "agencies"] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table] = row.n;
  }
  return counts;
}

/** Posts a raw body with a given Content-Type, with the session cookie and this site's Origin. */
function rawPost(browser: Client, path: string, body: string, contentType: string): Promise<Response> {
  const token = browser.cookie("tg_session");
  return fetch(new URL(path, server.url), {
    method: "POST",
    redirect: "manual",
    body,
    headers: { "Content-Type": contentType, Origin: server.url, ...(token ? { Cookie: `tg_session=${token}` } : {}) },
  });
}

// Every field any form of the app posts, so each garbage body reaches each action's parser.
const FIELDS = [
  "intent", "userId", "version", "number", "doc_type", "title", "issued_on", "effective_on", "status", "lead_agency",
  "signed_on", "kind", "title_vi", "title_en", "timeline", "agency", "regulation_type", "source_document",
  "source_provision", "action", "proposed_change", "rationale", "procedure_code", "cost_before_vnd", "cost_after_vnd",
  "document", "provisions", "form", "deadline", "note", "proposals", "stage", "amending_number", "amending_type",
  "promulgated_on", "reason", "comment", "proposal", "name_vi", "name_en", "email", "name", "role", "password",
];

/** Bodies no page of the app would post: missing or unknown intents, wrong types, huge and binary values. */
function garbageForms(): { label: string; body: URLSearchParams }[] {
  const every = (value: (field: string) => string) => new URLSearchParams(FIELDS.map((field) => [field, value(field)]));
  const twice = new URLSearchParams(FIELDS.flatMap((field) => [[field, "1"], [field, "[object Object]"]]));
  return [
    { label: "an empty form", body: new URLSearchParams() },
    { label: "an unknown intent", body: new URLSearchParams({ intent: "drop table users", userId: "1", version: "1" }) },
    { label: "no intent, row fields only", body: new URLSearchParams({ userId: String(2), password: "mat-khau-gia-mao-dai" }) },
    { label: "every field an object's string", body: every(() => "[object Object]") },
    { label: "every field twice", body: twice },
    {
      label: "numbers, dates and choices of the wrong kind",
      body: every((field) =>
        field === "intent" ? "stage" : field === "version" ? "NaN" : field === "userId" ? "-1" : /date|_on$|deadline/.test(field) ? "99/99/9999" : "1e999",
      ),
    },
    { label: "each intent with nonsense", body: new URLSearchParams({ intent: "reset", userId: "0x10", password: "\u0000".repeat(12) }) },
    { label: "a link of nothing", body: new URLSearchParams({ intent: "link", proposals: ",,, ;;;" }) },
    { label: "a create with every value too long", body: every((field) => (field === "intent" ? "create" : "Đ".repeat(4_001))) },
    { label: "control characters and lone surrogates", body: every(() => "\u0000\u0007\ud800\uffff𝕏'\"<script>") },
  ];
}

const NON_FORM_BODIES = [
  { label: "a JSON body", contentType: "application/json", body: JSON.stringify({ intent: "create", email: "json@tinhgon.test" }) },
  { label: "a plain text body", contentType: "text/plain", body: "intent=create&email=text@tinhgon.test" },
  { label: "a multipart body without its boundary", contentType: "multipart/form-data; boundary=ranh-gioi", body: "không phải multipart" },
  { label: "an XML body", contentType: "application/xml", body: "<intent>create</intent>" },
];

/** The actions of the app, each with the record it works on. */
function actionPaths(): string[] {
  return [
    "/login",
    "/proposals/new",
    `/proposals/${ids.proposal}/edit`,
    "/documents/new",
    `/documents/${ids.document}/edit`,
    "/decisions/new",
    `/decisions/${ids.decision}/edit`,
    "/amendments/new",
    `/amendments/${ids.amendment}`,
    "/agencies/BYT",
    "/admin/users",
  ];
}

describe("malformed requests", () => {
  test.each(["/agencies/%E0%A4%A", "/proposals/%E0%A4%A", "/documents/%E0%A4%A/edit", "/%E0%A4%A", "/amendments/%"])(
    "the malformed URL %s is a 400 page, not a 500",
    async (path) => {
      const browser = await signedIn(admin);
      const response = await browser.get(path);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain("Yêu cầu không hợp lệ.");
      expectNoTrace(html, path);
      expect((await browser.post(path, { name_vi: "x" })).status).toBe(400);
    },
  );

  test.each(["/proposals", "/documents", "/amendments"])("a 5,000-character search on %s is answered with the list", async (list) => {
    const browser = await signedIn(officer);
    const response = await browser.get(`${list}?${new URLSearchParams({ q: "quy định ".repeat(556).slice(0, 5000), page: "99999999999999999999" })}`);
    expect(response.status).toBe(200);
    const main = mainContent(await response.text());
    expect(main).toMatch(/\d+ kết quả/);
    expectNoTrace(main, list);
  });

  test("a post declaring a body over 25 MB is refused with 413 before it is read; nothing stored", async () => {
    const browser = await signedIn(admin);
    const before = await recordCounts(server.db());
    const { status, body } = await postUnfinished(browser, "/documents/new", { "Content-Length": String(25 * 1024 * 1024 + 1) });
    expect(status).toBe(413);
    expect(body).toContain("Yêu cầu không hợp lệ.");
    expectNoTrace(body, "413");
    expect(await recordCounts(server.db())).toEqual(before);
  });

  test("a chunked post, which declares no length to check, is refused with 411 before it is read", async () => {
    const browser = await signedIn(admin);
    const before = await recordCounts(server.db());
    const { status, body } = await postUnfinished(browser, "/documents/new", { "Transfer-Encoding": "chunked" });
    expect(status).toBe(411);
    expect(body).toContain("Yêu cầu không hợp lệ.");
    expect(await recordCounts(server.db())).toEqual(before);
  });
});

/**
 * Starts a form post with the given framing headers, sends its first bytes only and returns what
 * the server answers: a limit must be enforced before the body has arrived.
 */
function postUnfinished(browser: Client, path: string, framing: Record<string, string>): Promise<{ status: number; body: string }> {
  const target = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          Origin: server.url,
          Cookie: `tg_session=${browser.cookie("tg_session")}`,
          "Content-Type": "application/x-www-form-urlencoded",
          ...framing,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          // the rest of the body is never sent: drop the connection
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body: text });
        });
      },
    );
    request.on("error", reject);
    request.write("number=15%2F2018%2FN%C4%90-CP&title=");
  });
}

describe("garbage posted to every action", () => {
  test("garbage forms from a signed-in admin get 4xx pages without stack traces, and store nothing", async () => {
    const browser = await signedIn(admin);
    const before = await recordCounts(server.db());
    // the login page sends a signed-in user on, so its garbage comes from a visitor
    const visitor = client(server.url);
    for (const path of actionPaths()) {
      const poster = path === "/login" ? visitor : browser;
      for (const { label, body } of garbageForms()) {
        const response = await poster.post(path, Object.fromEntries(body));
        // URLSearchParams → object loses repeated keys; post repeated ones as they are
        const repeated = body.toString() !== new URLSearchParams(Object.fromEntries(body)).toString();
        const responses = repeated ? [response, await rawPost(poster, path, body.toString(), "application/x-www-form-urlencoded")] : [response];
        for (const answer of responses) {
          const context = `${path} with ${label}: ${answer.status}`;
          expect(answer.status, context).toBeGreaterThanOrEqual(400);
          expect(answer.status, context).toBeLessThan(500);
          expectNoTrace(await answer.text(), context);
        }
      }
      // the admin is still signed in: garbage ends no session
      expect((await browser.get("/proposals")).status, path).toBe(200);
    }
    expect(await recordCounts(server.db())).toEqual(before);
  });

  test("bodies that are not forms at all are a 400 on every action", async () => {
    const browser = await signedInClient(server.url, admin); // its post to /logout may end this session
    const before = await recordCounts(server.db());
    for (const path of [...actionPaths(), "/set-language", "/logout"]) {
      for (const { label, contentType, body } of NON_FORM_BODIES) {
        const response = await rawPost(browser, path, body, contentType);
        const context = `${path} with ${label}: ${response.status}`;
        // logging out reads no body, so it may simply log out
        if (path === "/logout") expect([302, 400], context).toContain(response.status);
        else expect(response.status, context).toBe(400);
        expectNoTrace(await response.text(), context);
      }
    }
    expect(await recordCounts(server.db())).toEqual(before);
  });

  test("an officer's garbage is refused too, and an anonymous client's is sent to sign in", async () => {
    const browser = await signedIn(officer);
    const anonymous = client(server.url);
    for (const path of actionPaths().filter((path) => path !== "/login")) {
      for (const { label, body } of garbageForms().slice(0, 4)) {
        const response = await browser.post(path, Object.fromEntries(body));
        expect(response.status, `${path} with ${label}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${path} with ${label}`).toBeLessThan(500);
        expectNoTrace(await response.text(), path);

        const refused = await anonymous.post(path, Object.fromEntries(body));
        expect(refused.status, `anonymous ${path}`).toBe(302);
        expect(refused.headers.get("location"), `anonymous ${path}`).toMatch(/^\/login\?redirectTo=/);
      }
    }
  });

  test("the language switch and sign-out take any form and answer with a redirect", async () => {
    // sign-out reads no body: a megabytes-long one would only test the client's connection reuse
    for (const { label, body } of garbageForms().filter((garbage) => garbage.body.toString().length < 100_000)) {
      const browser = await signedInClient(server.url, officer);
      const language = await browser.post("/set-language", Object.fromEntries(body));
      expect(language.status, label).toBe(302);
      expect(language.headers.get("location"), label).toBe("/");
      const logout = await browser.post("/logout", Object.fromEntries(body));
      expect(logout.status, label).toBe(302);
      expect(logout.headers.get("location"), label).toBe("/login");
    }
  });

  test("after all of it the server is healthy and logged no unexpected error", async () => {
    const response = await client(server.url).get("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
    expectNoTrace(server.logs(), "server log");
    expect(server.logs()).not.toMatch(/TypeError|SqliteError|RangeError/);
  });
});
