import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateData } from "../../scripts/generate-data";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";
import { client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// At most EXPORT_LIMIT_PER_USER (2 here, the default) list exports of one user stream at once,
// across both workers of the server: the next one answers 429 with Retry-After and a message in
// the user's language. A slot is held while its file streams (a client that does not read holds
// it: the server sends only as fast as the client takes), and freed when the file ends or the
// client goes away. The proposals' CSV of this data is about 15 MB, more than the connection buffers hold.

let server: TestServer;
let first: TestUser;
let second: TestUser;
const sessions = new Map<number, string>();

beforeAll(async () => {
  server = await startServer({
    env: { WEB_CONCURRENCY: "2" },
    seed: async (db) => {
      await createAgencies(db);
      await generateData(db, { proposals: 30_000, documents: 500, amendments: 500 });
      first = await createUserWith(db, { role: "viewer", email: "limits.first@tinhgon.test" });
      second = await createUserWith(db, { role: "viewer", email: "limits.second@tinhgon.test" });
    },
  });
  for (const user of [first, second]) {
    const browser = client(server.url);
    expect((await browser.login(user.email, user.password)).status).toBe(302);
    sessions.set(user.id, browser.cookie("tg_session")!);
  }
}, 180_000);

afterAll(async () => {
  for (const download of open) download.abort();
  await server?.stop();
});

interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Reads the rest of the file; its size in bytes. */
  finish(): Promise<number>;
  /** Reads the rest of the answer. */
  body(): Promise<Buffer>;
  /** Closes the connection mid-file. */
  abort(): void;
}

const open = new Set<Download>();

/** An export asked for on a connection of its own (to `worker` when given), its body left unread until finish(). */
async function startDownload(user: TestUser, path: string, options: { lang?: "en"; worker?: number } = {}): Promise<Download> {
  const agent = options.worker === undefined ? undefined : await agentOn(options.worker);
  const cookie = `tg_session=${sessions.get(user.id)}${options.lang ? `; tg_lang=${options.lang}` : ""}`;
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, server.url), { agent: agent ?? false, headers: { cookie } }, (response) => {
      response.pause();
      const body = () =>
        new Promise<Buffer>((done, fail) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            open.delete(download);
            agent?.destroy();
            done(Buffer.concat(chunks));
          });
          response.on("error", fail);
          response.resume();
        });
      const download: Download = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        body,
        finish: async () => (await body()).length,
        abort: () => {
          open.delete(download);
          request.destroy();
          agent?.destroy();
        },
      };
      open.add(download);
      resolve(download);
    });
    request.on("error", reject);
  });
}

/** A kept-alive connection that worker `worker` accepted (the primary hands connections out in turn). */
async function agentOn(worker: number): Promise<http.Agent> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await new Promise<string>((resolve, reject) => {
      http
        .get(new URL("/healthz", server.url), { agent }, (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
          response.on("end", () => resolve(text));
        })
        .on("error", reject);
    });
    if ((JSON.parse(answer) as { worker: number }).worker === worker) return agent;
    agent.destroy();
  }
  throw new Error(`worker ${worker} accepted none of 20 connections`);
}

async function liveSlots(user: TestUser): Promise<number> {
  const rows = await server.db().selectFrom("export_slots").select("id").where("user_id", "=", user.id).execute();
  return rows.length;
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within 10 s: ${what}`);
}

const CSV = "/proposals/export.csv";
const XLSX = "/amendments/export.xlsx";

describe("exports at once per user", () => {
  test("two stream; the third answers 429 with Retry-After in Vietnamese, or in English; another user is not affected", async () => {
    const a = await startDownload(first, CSV);
    const b = await startDownload(first, CSV);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await liveSlots(first)).toBe(2);

    const refused = await startDownload(first, XLSX);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused.headers["content-type"]).toContain("text/html");
    const vietnamese = await textOf(refused);
    expect(vietnamese).toContain('lang="vi"');
    expect(vietnamese).toContain("Bạn đang tải 2 tệp xuất cùng lúc");

    const english = await startDownload(first, "/deadlines/export.csv?all=1", { lang: "en" });
    expect(english.status).toBe(429);
    expect(await textOf(english)).toContain("You are already downloading 2 exports at once");

    const other = await startDownload(second, CSV);
    expect(other.status).toBe(200);
    expect(await other.finish()).toBeGreaterThan(1_000_000);

    a.abort();
    b.abort();
    await eventually(async () => (await liveSlots(first)) === 0, "both slots freed");
  });

  test("a client that does not read holds its slot: the file is sent only as fast as it is taken", async () => {
    const held = await startDownload(first, CSV);
    expect(held.status).toBe(200);
    // the whole file takes a second or two to make; unread, it is still under way well after that
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await liveSlots(first)).toBe(1);
    expect(await held.finish()).toBeGreaterThan(1_000_000);
    await eventually(async () => (await liveSlots(first)) === 0, "the slot freed at the end of the file");
  });

  test("a slot frees when its file ends, and when its client goes away mid-file", async () => {
    const a = await startDownload(first, CSV);
    const b = await startDownload(first, CSV);
    expect((await startDownload(first, CSV)).status).toBe(429);
    await a.finish();
    await eventually(async () => (await liveSlots(first)) === 1, "the finished export's slot freed");
    const c = await startDownload(first, CSV);
    expect(c.status).toBe(200);
    expect((await startDownload(first, CSV)).status).toBe(429);

    b.abort();
    await eventually(async () => (await liveSlots(first)) === 1, "the aborted export's slot freed");
    const d = await startDownload(first, CSV);
    expect(d.status).toBe(200);
    c.abort();
    d.abort();
    await eventually(async () => (await liveSlots(first)) === 0, "every slot freed");
  });

  test("the limit holds across the two workers", async () => {
    const onOne = await startDownload(first, CSV, { worker: 1 });
    const onTwo = await startDownload(first, CSV, { worker: 2 });
    expect([onOne.status, onTwo.status]).toEqual([200, 200]);
    for (const worker of [1, 2]) expect((await startDownload(first, XLSX, { worker })).status, `on worker ${worker}`).toBe(429);
    onOne.abort();
    await eventually(async () => (await liveSlots(first)) === 1, "the slot freed on worker 1");
    const again = await startDownload(first, CSV, { worker: 2 });
    expect(again.status).toBe(200);
    onTwo.abort();
    again.abort();
    await eventually(async () => (await liveSlots(first)) === 0, "every slot freed");
  });
});

async function textOf(download: Download): Promise<string> {
  return (await download.body()).toString("utf8");
}
