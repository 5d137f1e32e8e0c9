import type { Kysely } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { holdWriteLock } from "../support/database";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { client, mainContent, signedInClient, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { IMPORT_COLUMNS } from "~/services/import/layout";
import type { DB } from "../../db/types";

// Another process (the import command, here a connection of the test's own) holds the write
// lock: the server's one process (WEB_CONCURRENCY=1, so that "the same process" is certain)
// waits for it without freezing, keeps answering reads meanwhile, writes once the lock is free,
// and answers a write still locked out after the busy wait 503 with Retry-After in the user's
// language, never 500.

let server: TestServer;
let officer: TestUser;
let proposal: { id: number; code: string };
/** The test's own reads, on a connection opened before any lock is held (opening refreshes statistics, a write). */
let database: Kysely<DB>;

beforeAll(async () => {
  server = await startServer({
    env: { WEB_CONCURRENCY: "1" },
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      proposal = await createProposalFor(db, officer);
    },
  });
  database = server.db();
});

afterAll(async () => {
  await server?.stop();
});

/** The write lock held by another process until release() (rolled back, as an import that failed). */
const lockOut = () => holdWriteLock(server.database);

const comment = (browser: Client, text: string, path = `/proposals/${proposal.code}`) => browser.post(path, { intent: "comment", comment: text });

async function storedComments(text: string): Promise<number> {
  const rows = await database.selectFrom("events").select("id").where("action", "=", "comment").where("comment", "=", text).execute();
  return rows.length;
}

describe("while another process holds the write lock", () => {
  test("a write is answered 503 with Retry-After and the message in the user's language, the page's data request too, and nothing is stored", async () => {
    const vietnamese = await signedInClient(server.url, officer);
    const english = await signedInClient(server.url, officer);
    english.setCookie("tg_lang", "en");
    const lock = await lockOut();
    let answers: Response[];
    try {
      // all at once: each waits the busy wait out
      answers = await Promise.all([
        comment(vietnamese, "Bình luận khi cơ sở dữ liệu đang khóa"),
        comment(english, "A comment while the database is locked"),
        // what the page's form posts when its scripts run (single fetch)
        comment(vietnamese, "Bình luận qua yêu cầu dữ liệu", `/proposals/${proposal.code}.data`),
      ]);
    } finally {
      await lock.release();
    }
    const [inVietnamese, inEnglish, data] = answers;
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("5");
    }
    const vietnameseText = mainContent(await inVietnamese!.text());
    expect(vietnameseText).toContain("Hệ thống đang bận");
    expect(vietnameseText).not.toMatch(/at .*\.js:\d+/);
    expect(mainContent(await inEnglish!.text())).toContain("The system is busy");
    await data!.arrayBuffer();
    expect(await storedComments("Bình luận khi cơ sở dữ liệu đang khóa")).toBe(0);
    expect(await storedComments("A comment while the database is locked")).toBe(0);
    expect(await storedComments("Bình luận qua yêu cầu dữ liệu")).toBe(0);
  });

  test("reads on the same server process are answered while a write waits, and the write is stored once when the lock is released", async () => {
    const writer = await signedInClient(server.url, officer);
    const reader = await signedInClient(server.url, officer);
    const text = "Bình luận chờ khóa ghi";
    const order: string[] = [];
    const lock = await lockOut();
    let write: Promise<Response> | undefined;
    try {
      write = comment(writer, text).then((answer) => {
        order.push("write");
        return answer;
      });
      // the server has the write in hand once its body is sent; these come after it
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const path of [`/proposals/${proposal.code}`, "/proposals", "/healthz"]) {
        const read = await reader.get(path);
        expect(read.status, path).toBe(200);
        await read.arrayBuffer();
        order.push(path);
      }
      // every read was answered while the write still waited for the lock
      expect(order).toEqual([`/proposals/${proposal.code}`, "/proposals", "/healthz"]);
      expect(await storedComments(text)).toBe(0);
    } finally {
      await lock.release();
    }
    const written = await write;
    expect([200, 302, 303]).toContain(written.status);
    expect(order.at(-1)).toBe("write");
    expect(await storedComments(text)).toBe(1);
  });

  test("a sign-in is answered 503 with Retry-After, not 500, and counts no failed attempt", async () => {
    const browser = client(server.url);
    const lock = await lockOut();
    let answer: Response;
    try {
      answer = await browser.login(officer.email, officer.password);
    } finally {
      await lock.release();
    }
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(mainContent(await answer.text())).toContain("Hệ thống đang bận");
    expect(await database.selectFrom("login_failures").select("id").where("email", "=", officer.email).execute()).toEqual([]);
    // and once the lock is free, the same sign-in goes through
    expect((await browser.login(officer.email, officer.password)).status).toBe(302);
  });

  test("a plan's confirmation, checked and written in a job process of its own, is answered 503 with Retry-After and writes nothing; once the lock is free it commits", async () => {
    const browser = await signedInClient(server.url, officer);
    const title = "Quy định nhập khi cơ sở dữ liệu đang khóa";
    const values: Record<string, string> = { agency: "BYT", regulation_type: "Thủ tục hành chính", title, action: "Bãi bỏ", proposed_change: "Bỏ" };
    const plan = Papa.unparse([IMPORT_COLUMNS.map((column) => column.header), IMPORT_COLUMNS.map((column) => values[column.key] ?? "")]);
    const uploaded = await browser.upload("/proposals/import", { name: "ke-hoach.csv", bytes: new TextEncoder().encode(plan) });
    expect(uploaded.status).toBe(302);
    const page = new URL(uploaded.headers.get("location")!, server.url).pathname;
    const lock = await lockOut();
    let refused: Response;
    try {
      refused = await browser.post(page, { intent: "confirm" });
    } finally {
      await lock.release();
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(mainContent(await refused.text())).toContain("Hệ thống đang bận");
    const stored = () => database.selectFrom("proposals").select("id").where("title", "=", title).execute();
    expect(await stored()).toEqual([]);
    expect((await browser.post(page, { intent: "confirm" })).status).toBe(302);
    expect(await stored()).toHaveLength(1);
  });
});
