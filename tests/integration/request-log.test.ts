import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";
import { client, signedInOnce, type SignedIn } from "../support/http";
import { buildDirectory, startServer, type TestServer } from "../support/server";

// The server's log (issue 13): one line per request when its answer is finished, naming its id
// (a proxy's X-Request-Id if it is a plain short token, else a new one, sent back either way), the
// signed-in user, the path without its query string, status, duration and worker; JSON lines with
// LOG_FORMAT=json (every line of output, startup included), a readable line with LOG_FORMAT=text.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Words of a search that must never reach the log. */
const SECRET_WORDS = "nguyenvanbimat";

let jsonServer: TestServer;
let textServer: TestServer;
let jsonAdmin: TestUser;
let textAdmin: TestUser;
let asJson: SignedIn;
let asText: SignedIn;

beforeAll(async () => {
  [jsonServer, textServer] = await Promise.all([
    startServer({
      env: { LOG_FORMAT: "json" },
      seed: async (db) => {
        await createAgencies(db);
        jsonAdmin = await createUserWith(db, { role: "admin" });
      },
    }),
    startServer({
      env: { LOG_FORMAT: "text" },
      seed: async (db) => {
        await createAgencies(db);
        textAdmin = await createUserWith(db, { role: "admin" });
      },
    }),
  ]);
  asJson = signedInOnce(jsonServer.url);
  asText = signedInOnce(textServer.url);
});

afterAll(async () => {
  await Promise.all([jsonServer?.stop(), textServer?.stop()]);
});

interface RequestLine {
  time: string;
  level: string;
  msg: string;
  requestId: string;
  userId: number | null;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  worker: number;
}

/** Every line the server wrote so far, parsed (the test fails on one that is no JSON). */
function jsonLines(server: TestServer): Record<string, unknown>[] {
  const output = server.logs();
  // logs() keeps the last 20,000 characters: below that, its first line is whole
  expect(output.length).toBeLessThan(20_000);
  return output
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`Not a JSON line: ${line}`);
      }
    });
}

/** The lines of one request, once it has one (it is written as the answer finishes, which the client may see first). */
async function linesOf(requestId: string): Promise<RequestLine[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = jsonLines(jsonServer).filter((line) => line.requestId === requestId && line.msg === "request") as unknown as RequestLine[];
    if (lines.length || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A request written by hand, for headers no HTTP client would send; the raw answer. */
function rawRequest(server: TestServer, head: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    // written, not ended: a client that half-closes first may find the connection closed before
    // a slower answer (a /healthz that asks PostgreSQL) is written; the server closes it after
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(`${head}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("LOG_FORMAT=json", () => {
  test("a signed-in request yields exactly one JSON line with every field, the user's id, and no query string", async () => {
    const browser = await asJson(jsonAdmin);
    const started = Date.now();
    const response = await browser.get(`/search?q=${SECRET_WORDS}&type=proposals`, { "X-Request-Id": "lb-7f3a.42_x" });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(response.headers.get("x-request-id")).toBe("lb-7f3a.42_x");
    const lines = await linesOf("lb-7f3a.42_x");
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(Object.keys(line).sort()).toEqual(["durationMs", "level", "method", "msg", "requestId", "route", "status", "time", "userId", "worker"]);
    expect(line).toMatchObject({ level: "info", msg: "request", requestId: "lb-7f3a.42_x", userId: jsonAdmin.id, method: "GET", route: "/search", status: 200, worker: 1 });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(line.time)).toBeGreaterThanOrEqual(started);
    expect(line.durationMs).toBeGreaterThan(0);
    expect(Math.round(line.durationMs * 10) / 10).toBe(line.durationMs);
    // neither the search's words nor the session's cookie is written anywhere
    expect(jsonServer.logs()).not.toContain(SECRET_WORDS);
    expect(jsonServer.logs()).not.toContain(browser.cookie("tg_session"));
  });

  test("an anonymous request names no user and gets a new id, sent back", async () => {
    const response = await client(jsonServer.url).get("/login?redirectTo=%2Fproposals");
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const id = response.headers.get("x-request-id") ?? "";
    expect(id).toMatch(UUID);
    expect(await linesOf(id)).toEqual([expect.objectContaining({ userId: null, method: "GET", route: "/login", status: 200 })]);
  });

  test("a hostile X-Request-Id is replaced by a new one, in the answer and the log", async () => {
    const hostile = ["x".repeat(200), "a b", 'a"b', "<script>alert(1)</script>", "a/b", "ab;c"];
    for (const value of hostile) {
      const response = await client(jsonServer.url).get("/healthz", { "X-Request-Id": value });
      expect(response.status, value).toBe(200);
      await response.arrayBuffer();
      const id = response.headers.get("x-request-id") ?? "";
      expect(id, value).toMatch(UUID);
      expect(await linesOf(id), value).toEqual([expect.objectContaining({ route: "/healthz", status: 200 })]);
    }
    // a line break in the header (which no HTTP client sends) forges no line; two ids are none
    const forged = `{"level":"error","msg":"forged","requestId":"evil"}`;
    const broken = await rawRequest(jsonServer, `GET /healthz HTTP/1.1\r\nX-Request-Id: evil\n${forged}`);
    expect(broken).toMatch(/^HTTP\/1\.1 400/);
    const twice = await rawRequest(jsonServer, "GET /healthz HTTP/1.1\r\nX-Request-Id: one\r\nX-Request-Id: two");
    expect(twice).toMatch(/^HTTP\/1\.1 200/);
    const twiceId = /^x-request-id: (.*)$/im.exec(twice)?.[1]?.trim() ?? "";
    expect(twiceId).toMatch(UUID);
    expect(await linesOf(twiceId)).toHaveLength(1);
    const lines = jsonLines(jsonServer);
    expect(lines.filter((line) => line.msg === "forged" || line.requestId === "evil" || line.requestId === "one")).toEqual([]);
    for (const value of hostile) expect(jsonServer.logs(), value).not.toContain(value.length > 64 ? value.slice(0, 65) : JSON.stringify(value).slice(1, -1));
  });

  test("refusals before the app, static files and missing pages are logged too, with their whole path", async () => {
    const refused = await client(jsonServer.url).post("/logout", {}, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(await linesOf(refused.headers.get("x-request-id") ?? "")).toEqual([expect.objectContaining({ method: "POST", route: "/logout", status: 403 })]);

    const asset = fs.readdirSync(path.join(buildDirectory(), "client", "assets")).find((name) => name.endsWith(".css"))!;
    const file = await client(jsonServer.url).get(`/assets/${asset}?v=1`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    expect(await linesOf(file.headers.get("x-request-id") ?? "")).toEqual([expect.objectContaining({ route: `/assets/${asset}`, status: 200 })]);

    const missing = await (await asJson(jsonAdmin)).get("/proposals/NOPE-0000");
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    expect(await linesOf(missing.headers.get("x-request-id") ?? "")).toEqual([expect.objectContaining({ route: "/proposals/NOPE-0000", status: 404, userId: jsonAdmin.id })]);
  });

  test("every line of the server's output is JSON with a time, a level and a message, the start's included", () => {
    const lines = jsonLines(jsonServer);
    for (const line of lines) {
      expect(typeof line.time, JSON.stringify(line)).toBe("string");
      expect(["info", "warn", "error"], JSON.stringify(line)).toContain(line.level);
      expect(typeof line.msg, JSON.stringify(line)).toBe("string");
    }
    const started = lines.find((line) => typeof line.msg === "string" && line.msg.startsWith("Tinh Gọn listening on "));
    expect(started).toMatchObject({ level: "info", msg: `Tinh Gọn listening on ${jsonServer.url} (1 worker)` });
    expect(started).not.toHaveProperty("worker");
  });
});

describe("LOG_FORMAT=text", () => {
  test("a request reads as one line: time, method, path, status, duration, user, id, worker", async () => {
    const browser = await asText(textAdmin);
    const response = await browser.get(`/search?q=${SECRET_WORDS}`, { "X-Request-Id": "text-1" });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const pattern = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z GET /search 200 \\d+\\.\\d ms user=${textAdmin.id} req=text-1 worker=1$`, "m");
    const deadline = Date.now() + 5_000;
    while (!pattern.test(textServer.logs()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(textServer.logs()).toMatch(pattern);
    expect(textServer.logs().match(/ req=text-1 /g)).toHaveLength(1);
    expect(textServer.logs()).toMatch(/^\S+Z Tinh Gọn listening on http:\/\/127\.0\.0\.1:\d+ \(1 worker\)$/m);
    expect(textServer.logs()).toMatch(/ POST \/login 302 [\d.]+ ms user=- req=\S+ worker=1$/m);
    expect(textServer.logs()).not.toContain(SECRET_WORDS);
    expect(textServer.logs()).not.toMatch(/^\{/m);
  });
});
