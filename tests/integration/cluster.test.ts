import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS } from "~/services/auth.server";
import { createAgencies, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { fieldValue, mainContent, parseSetCookie } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Two workers on one port and one WAL database, as deployed on a two-core machine: each request
// is sent to a chosen worker (a kept-alive connection stays with the worker that accepted it), and
// whatever one worker did (a sign-in, failed guesses, a write, a save) holds on the other. The
// server makes its own session secret (demo mode, no SESSION_SECRET): the workers must share it.

let server: TestServer;
let officerA: TestUser;
let officerB: TestUser;
let officerC: TestUser;
let admin: TestUser;

beforeAll(async () => {
  server = await startServer({
    // DEMO_DATA=1 with the agencies below: no demo data is loaded, the secret is the demo's own
    env: { WEB_CONCURRENCY: "2", SESSION_SECRET: undefined, DEMO_DATA: "1" },
    seed: async (db) => {
      await createAgencies(db);
      officerA = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "a.byt@tinhgon.test" });
      officerB = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "b.byt@tinhgon.test" });
      officerC = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "c.byt@tinhgon.test" });
      admin = await createUserWith(db, { role: "admin" });
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Whether it went on a connection opened before (so to the worker that one reached). */
  reused: boolean;
}

/** One request on `agent` (undefined: a connection of its own, closed after). */
function send(agent: http.Agent | false, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, server.url), { method, agent, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8"), reused: request.reusedSocket }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

const workerOf = (answer: Answer) => (JSON.parse(answer.text) as { worker: number }).worker;

/**
 * A browser talking to one worker only: its one kept-alive connection is accepted by a worker
 * (the primary hands new connections out in turn) and every request on it reaches that worker.
 * Should the connection close, a new one is opened until that worker accepts it again.
 */
class WorkerClient {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private cookies = new Map<string, string>();
  constructor(readonly worker: number) {}

  static async connect(worker: number): Promise<WorkerClient> {
    const browser = new WorkerClient(worker);
    await browser.pin();
    return browser;
  }

  private async pin(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await send(this.agent, "GET", "/healthz");
      if (workerOf(answer) === this.worker) return;
      this.agent.destroy();
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    }
    throw new Error(`worker ${this.worker} accepted none of 20 connections`);
  }

  private async request(method: string, path: string, fields?: Record<string, string>): Promise<Answer> {
    // the kept-alive connection is idle between requests; if the server closed it, find the worker again
    if (!Object.values(this.agent.freeSockets).flat().length) await this.pin();
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const body = fields && new URLSearchParams(fields).toString();
    if (body !== undefined) Object.assign(headers, { origin: server.url, "content-type": "application/x-www-form-urlencoded" });
    const answer = await send(this.agent, method, path, headers, body);
    // on the connection the worker was found on, or the test would not know who answered
    expect(answer.reused, `${method} ${path} on worker ${this.worker}'s connection`).toBe(true);
    for (const header of answer.headers["set-cookie"] ?? []) {
      const { name, value, expired } = parseSetCookie(header);
      if (expired || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return answer;
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, fields: Record<string, string>) => this.request("POST", path, fields);
  login = (user: { email: string; password: string }) => this.post("/login", { email: user.email, password: user.password, redirectTo: "" });
  cookie = (name: string) => this.cookies.get(name);
  setCookie = (name: string, value: string) => void this.cookies.set(name, value);
  /** The same worker on a new connection: the check of /healthz that opens it is what pinning needs. */
  close = () => this.agent.destroy();
}

const clients: WorkerClient[] = [];
async function on(worker: number): Promise<WorkerClient> {
  const browser = await WorkerClient.connect(worker);
  clients.push(browser);
  return browser;
}
afterAll(() => clients.forEach((browser) => browser.close()));

describe("two workers", () => {
  test("both answer: new connections go to one and the other", async () => {
    const workers = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const answer = await send(false, "GET", "/healthz", { connection: "close" });
      expect(answer.status).toBe(200);
      workers.add(workerOf(answer));
    }
    expect([...workers].sort()).toEqual([1, 2]);
  });

  test("each worker's heap is capped (WORKER_HEAP_MB, 256 MB unless told)", () => {
    const children = fs
      .readdirSync(`/proc/${server.pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${server.pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean));
    // no job runs now: the primary's children are its workers
    const workers = children.map((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"));
    expect(workers).toHaveLength(2);
    for (const args of workers) expect(args).toContain("--max-old-space-size=256");
  });

  test("a session made at sign-in on one worker is valid on the other, with the secret the demo made", async () => {
    expect(server.logs()).toContain("SESSION_SECRET is not set");
    const first = await on(1);
    expect((await first.login(officerA)).status).toBe(302);
    const token = first.cookie("tg_session");
    expect(token).toBeTruthy();
    const second = await on(2);
    second.setCookie("tg_session", token!);
    const page = await second.get("/proposals");
    expect(page.status).toBe(200);
    expect(mainContent(page.text)).toContain("kết quả");
    // and back: signed out on the other worker, the session is gone on the first too
    expect((await second.post("/logout", {})).status).toBe(302);
    const after = await first.get("/proposals");
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  // officer B is locked out afterwards (for 15 minutes): the tests below sign in others
  test("the sign-in throttle counts guesses sent to both workers", async () => {
    const workers = [await on(1), await on(2)];
    for (let guess = 0; guess < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; guess++) {
      const answer = await workers[guess % 2]!.login({ email: officerB.email, password: `doan-sai-mat-khau-${guess}` });
      expect(answer.status, `guess ${guess + 1}`).toBe(401);
      expect(mainContent(answer.text)).not.toContain("quá nhiều lần");
    }
    // three guesses reached one worker, two the other: only both together reach the limit,
    // and then even the right password waits, on either worker
    for (const browser of workers) {
      const answer = await browser.login(officerB);
      expect(answer.status).toBe(429);
      expect(mainContent(answer.text)).toContain("Đăng nhập sai quá nhiều lần");
    }
  });

  test("a write through one worker is in the other's dashboard figures at once", async () => {
    const [writer, reader] = [await on(1), await on(2)];
    expect((await writer.login(officerA)).status).toBe(302);
    expect((await reader.login(admin)).status).toBe(302);
    const drafts = async () => {
      const page = await reader.get("/dashboard");
      expect(page.status).toBe(200);
      const figure = /data-figure="status\.draft"[^>]*>([^<]*)</.exec(mainContent(page.text));
      expect(figure, "the dashboard shows the drafts").not.toBeNull();
      return Number(figure![1]!.replace(/\D/g, ""));
    };
    // twice: the second answer is the worker's cached figures
    const before = await drafts();
    expect(await drafts()).toBe(before);
    const created = await writer.post("/proposals/new", proposalFields("BYT", { title: "Đề xuất ghi qua tiến trình thứ nhất" }));
    expect(created.status).toBe(302);
    expect(await drafts()).toBe(before + 1);
  });

  test("a write through one worker is in the other's search results at once", async () => {
    const [writer, reader] = [await on(1), await on(2)];
    expect((await writer.login(officerA)).status).toBe(302);
    expect((await reader.login(admin)).status).toBe(302);
    const found = async () => {
      const page = await reader.get("/search?q=tinhtuyen");
      expect(page.status).toBe(200);
      return [...mainContent(page.text).matchAll(/href="\/proposals\/([^"?]+)"/g)].map((match) => match[1]);
    };
    // twice: the second answer is the worker's cached results
    expect(await found()).toEqual([]);
    expect(await found()).toEqual([]);
    const created = await writer.post("/proposals/new", proposalFields("BYT", { title: "Thủ tục tinhtuyen ghi qua tiến trình thứ nhất" }));
    expect(created.status).toBe(302);
    const code = decodeURIComponent(created.headers.location!.split("/").pop()!);
    expect(await found()).toEqual([code]);
  });

  test("a stale save is refused 409 when the other save went through the other worker", async () => {
    const { code } = await createProposalFor(server.db(), officerA, { title: "Hồ sơ hai người cùng sửa" });
    const [a, b] = [await on(1), await on(2)];
    expect((await a.login(officerA)).status).toBe(302);
    expect((await b.login(officerC)).status).toBe(302);
    const path = `/proposals/${code}/edit`;
    const openForm = async (browser: WorkerClient) => {
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      const html = mainContent(page.text);
      return { ...proposalFields("BYT", { title: fieldValue(html, "title") }), version: fieldValue(html, "version") ?? "", _base: fieldValue(html, "_base") ?? "" };
    };
    const [formA, formB] = [await openForm(a), await openForm(b)];
    expect(formA.version).toMatch(/^\d+$/);
    expect((await a.post(path, { ...formA, title: "Hồ sơ hai người cùng sửa (bản của A)" })).status).toBe(302);
    const stale = await b.post(path, { ...formB, title: "Hồ sơ hai người cùng sửa (bản của B)" });
    expect(stale.status).toBe(409);
    const stored = await server.db().selectFrom("proposals").select("title").where("code", "=", code).executeTakeFirstOrThrow();
    expect(stored.title).toBe("Hồ sơ hai người cùng sửa (bản của A)");
  });
});
