import { afterAll, beforeAll, expect, test } from "vitest";
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS } from "~/services/auth.server";
import { createAgencies, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { client, fieldValue, mainContent, signedInClient, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Two app servers on one database, each a process of its own on its own port, as a national
// deployment runs several behind a load balancer without sticky sessions (issue 13): whatever one
// did (a sign-in, failed guesses, a save, a write) holds on the other, because it lives in the
// database. Under `npm run test:pg` both serve one PostgreSQL database; under `npm test`, one
// SQLite file.

let one: TestServer;
let other: TestServer;
let officerA: TestUser;
let officerB: TestUser;
let officerC: TestUser;
let admin: TestUser;

beforeAll(async () => {
  one = await startServer({
    env: { COOKIE_SECURE: "0" },
    seed: async (db) => {
      await createAgencies(db);
      officerA = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "a.byt@tinhgon.test" });
      officerB = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "b.byt@tinhgon.test" });
      officerC = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "c.byt@tinhgon.test" });
      admin = await createUserWith(db, { role: "admin" });
    },
  });
  other = await one.alongside();
});

afterAll(async () => {
  await one?.stop();
});

test("the two servers are two processes on two ports", () => {
  expect(other.url).not.toBe(one.url);
  expect(other.pid).not.toBe(one.pid);
});

test("a session made on one server works on the other, and signing out on the other ends it on the first", async () => {
  const first = await signedInClient(one.url, officerA);
  const token = first.cookie("tg_session");
  expect(token).toBeTruthy();
  const second = client(other.url);
  second.setCookie("tg_session", token!);
  const page = await second.get("/proposals");
  expect(page.status).toBe(200);
  expect(mainContent(await page.text())).toContain("kết quả");
  expect((await second.post("/logout", {})).status).toBe(302);
  const after = await first.get("/proposals");
  expect(after.status).toBe(302);
  expect(after.headers.get("location")).toMatch(/^\/login/);
});

test("the sign-in throttle counts guesses sent to both servers", async () => {
  const browsers = [client(one.url), client(other.url)];
  for (let guess = 0; guess < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; guess++) {
    const answer = await browsers[guess % 2]!.login(officerB.email, `doan-sai-mat-khau-${guess}`);
    expect(answer.status, `guess ${guess + 1}`).toBe(401);
  }
  // neither server alone saw the limit: together they did, and even the right password waits
  for (const browser of browsers) {
    const answer = await browser.login(officerB.email, officerB.password);
    expect(answer.status).toBe(429);
    expect(mainContent(await answer.text())).toContain("Đăng nhập sai quá nhiều lần");
  }
});

test("a stale save on one server is refused 409 when the other save went through the other server", async () => {
  const { code } = await createProposalFor(one.db(), officerA, { title: "Hồ sơ hai máy chủ cùng sửa" });
  const [a, b] = [await signedInClient(one.url, officerA), await signedInClient(other.url, officerC)];
  const path = `/proposals/${code}/edit`;
  const openForm = async (browser: Client) => {
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    const html = mainContent(await page.text());
    return { ...proposalFields("BYT", { title: fieldValue(html, "title") }), version: fieldValue(html, "version") ?? "", _base: fieldValue(html, "_base") ?? "" };
  };
  const [formA, formB] = [await openForm(a), await openForm(b)];
  expect(formA.version).toMatch(/^\d+$/);
  expect((await a.post(path, { ...formA, title: "Hồ sơ hai máy chủ cùng sửa (bản của A)" })).status).toBe(302);
  const stale = await b.post(path, { ...formB, title: "Hồ sơ hai máy chủ cùng sửa (bản của C)" });
  expect(stale.status).toBe(409);
  const stored = await one.db().selectFrom("proposals").select("title").where("code", "=", code).executeTakeFirstOrThrow();
  expect(stored.title).toBe("Hồ sơ hai máy chủ cùng sửa (bản của A)");
});

test("a write through one server is in the other's dashboard figures and search at once", async () => {
  const [writer, reader] = [await signedInClient(one.url, officerA), await signedInClient(other.url, admin)];
  const drafts = async () => {
    const page = await reader.get("/dashboard");
    expect(page.status).toBe(200);
    const figure = /data-figure="status\.draft"[^>]*>([^<]*)</.exec(mainContent(await page.text()));
    expect(figure, "the dashboard shows the drafts").not.toBeNull();
    return Number(figure![1]!.replace(/\D/g, ""));
  };
  const found = async () => {
    const page = await reader.get("/search?q=haimaychu");
    return [...mainContent(await page.text()).matchAll(/href="\/proposals\/([^"?]+)"/g)].map((match) => match[1]);
  };
  // twice each: the second answers are the reading server's cached figures and results
  const before = await drafts();
  expect(await drafts()).toBe(before);
  expect(await found()).toEqual([]);
  expect(await found()).toEqual([]);
  const created = await writer.post("/proposals/new", proposalFields("BYT", { title: "Thủ tục haimaychu ghi qua máy chủ thứ nhất" }));
  expect(created.status).toBe(302);
  const code = decodeURIComponent(created.headers.get("location")!.split("/").pop()!);
  expect(await drafts()).toBe(before + 1);
  expect(await found()).toEqual([code]);
});
