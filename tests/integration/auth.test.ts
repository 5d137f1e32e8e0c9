import { scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setUserActive } from "~/services/user.server";
import { createAgencies, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { client, fieldValue, mainContent, setCookieFor, signedInClient, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Signing in and out, sessions, throttling, the Origin check and the language switch, over
// HTTP against the production build.

let server: TestServer;
let officer: TestUser;
let colleague: TestUser;
let admin: TestUser;
let throttled: TestUser;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      colleague = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "colleague.byt@tinhgon.test" });
      throttled = await createUserWith(db, { role: "officer", agencyCode: "BTC", email: "forgetful.btc@tinhgon.test" });
      admin = await createUserWith(db, { role: "admin" });
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

function sessionsOf(userId: number) {
  return server.db().selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
}

describe("signing in", () => {
  test("an anonymous visitor is sent to the login page, which brings them back afterwards", async () => {
    const response = await client(server.url).get("/proposals");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fproposals");
  });

  test("/healthz answers 200 with the database ok", async () => {
    const response = await client(server.url).get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  test("a wrong password is refused with 401 and a message in Vietnamese, keeping the email", async () => {
    const response = await client(server.url).login(officer.email, "not-the-password");
    expect(response.status).toBe(401);
    expect(setCookieFor(response, "tg_session")).toBeUndefined();
    const html = await response.text();
    expect(html).toContain("Email hoặc mật khẩu không đúng.");
    expect(fieldValue(html, "email")).toBe(officer.email);
  });

  test("the right password gives an HttpOnly, SameSite=Lax, Secure session cookie and goes where the user was headed", async () => {
    const response = await client(server.url).login(officer.email, officer.password, "/proposals");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/proposals");
    const cookie = setCookieFor(response, "tg_session");
    expect(cookie?.value).toMatch(/^[\w-]{40,}$/);
    expect(cookie?.attributes).toMatchObject({ httponly: "", samesite: "Lax", secure: "", path: "/" });
  });

  test("each sign-in opens a new session; both stay valid and the database keeps no token", async () => {
    const first = await signedInClient(server.url, colleague);
    const second = await signedInClient(server.url, colleague);
    const [firstToken, secondToken] = [first.cookie("tg_session"), second.cookie("tg_session")];
    expect(firstToken).toBeDefined();
    expect(secondToken).toBeDefined();
    expect(firstToken).not.toBe(secondToken);
    expect((await first.get("/proposals")).status).toBe(200);
    expect((await second.get("/proposals")).status).toBe(200);
    const ids = (await sessionsOf(colleague.id)).map((session) => session.id);
    expect(ids).toHaveLength(2);
    expect(ids).not.toContain(firstToken);
    expect(ids).not.toContain(secondToken);
  });

  test("signing in with a session cookie planted by someone else gives a new session id and ends the planted one", async () => {
    const planter = await createUserWith(server.db(), { role: "viewer", email: "planter.viewer@tinhgon.test" });
    const planted = (await signedInClient(server.url, planter)).cookie("tg_session")!;
    for (const token of [planted, "made-up-token-that-no-session-has-0123456789"]) {
      const victim = client(server.url);
      victim.setCookie("tg_session", token);
      const response = await victim.login(admin.email, admin.password, "/admin/users");
      expect(response.status).toBe(302);
      const fresh = setCookieFor(response, "tg_session")?.value;
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(token);
      expect((await victim.get("/admin/users")).status).toBe(200);
    }
    // the planter's cookie never became the admin's session: it opens nothing any more
    const planterBrowser = client(server.url);
    planterBrowser.setCookie("tg_session", planted);
    expect((await planterBrowser.get("/proposals")).status).toBe(302);
    expect(await sessionsOf(planter.id)).toHaveLength(0);
  });

  test("a signed-in user who opens the login page is sent on", async () => {
    const browser = await signedInClient(server.url, officer);
    const response = await browser.get("/login");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });
});

describe("sessions end", () => {
  test("signing out ends the session: the old cookie no longer opens pages", async () => {
    const browser = await signedInClient(server.url, officer);
    const token = browser.cookie("tg_session")!;
    const before = (await sessionsOf(officer.id)).length;

    const response = await browser.post("/logout");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
    expect(setCookieFor(response, "tg_session")?.attributes["max-age"]).toBe("0");
    expect(await sessionsOf(officer.id)).toHaveLength(before - 1);

    const replay = client(server.url);
    replay.setCookie("tg_session", token);
    const after = await replay.get("/proposals");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/login?redirectTo=%2Fproposals");
  });

  test("deactivating a user ends their sessions at once and refuses their password", async () => {
    const user = await createUserWith(server.db(), { role: "viewer", email: "leaving.viewer@tinhgon.test" });
    const browser = await signedInClient(server.url, user);
    expect((await browser.get("/proposals")).status).toBe(200);

    await setUserActive(server.db(), admin, user.id, false);

    const response = await browser.get("/proposals");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fproposals");
    expect(await sessionsOf(user.id)).toHaveLength(0);
    const again = await client(server.url).login(user.email, user.password);
    expect(again.status).toBe(403);
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });

  test("a deactivated user who types the right password is told so; a wrong password reveals nothing", async () => {
    const user = await createUserWith(server.db(), { role: "viewer", email: "deactivated.viewer@tinhgon.test" });
    await setUserActive(server.db(), admin, user.id, false);
    const right = await client(server.url).login(user.email, user.password);
    expect(right.status).toBe(403);
    expect(setCookieFor(right, "tg_session")).toBeUndefined();
    const told = visibleText(mainContent(await right.text()));
    expect(told).toContain("Tài khoản này đã bị ngừng kích hoạt.");
    expect(told).not.toContain("Email hoặc mật khẩu không đúng.");

    const wrong = await client(server.url).login(user.email, "not-the-password");
    expect(wrong.status).toBe(401);
    const refused = visibleText(mainContent(await wrong.text()));
    expect(refused).toContain("Email hoặc mật khẩu không đúng.");
    expect(refused).not.toContain("ngừng kích hoạt");
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });

  test("a session idle for more than 4 hours has expired; one idle for 3 hours is kept and touched", async () => {
    const user = await createUserWith(server.db(), { role: "reviewer", email: "idle.reviewer@tinhgon.test" });
    const browser = await signedInClient(server.url, user);
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000).toISOString();

    const threeHoursAgo = hoursAgo(3);
    await server.db().updateTable("sessions").set({ last_seen_at: threeHoursAgo }).where("user_id", "=", user.id).execute();
    expect((await browser.get("/proposals")).status).toBe(200);
    const [touched] = await sessionsOf(user.id);
    expect(touched!.last_seen_at > threeHoursAgo).toBe(true);

    await server.db().updateTable("sessions").set({ last_seen_at: hoursAgo(5) }).where("user_id", "=", user.id).execute();
    const response = await browser.get("/proposals");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fproposals");
    expect(setCookieFor(response, "tg_session")?.attributes["max-age"]).toBe("0");
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });
});

describe("throttling", () => {
  test("after 5 wrong passwords for one account, even the right one gets 429 and a 'try again later' message", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await client(server.url).login(throttled.email, `wrong-password-${attempt}`);
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const response = await client(server.url).login(throttled.email, throttled.password);
    expect(response.status).toBe(429);
    expect(setCookieFor(response, "tg_session")).toBeUndefined();
    expect(await response.text()).toMatch(/Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau 15 phút\./);
    expect(await sessionsOf(throttled.id)).toHaveLength(0);

    // another account from the same address is not affected
    expect((await client(server.url).login(officer.email, officer.password)).status).toBe(302);
  });
});

describe("password guessing", () => {
  /** A sign-in from a given address, as the reverse proxy on this machine reports it (X-Forwarded-For). */
  function loginFrom(address: string, email: string, password: string) {
    return client(server.url).post("/login", { email, password, redirectTo: "" }, { headers: { "X-Forwarded-For": address } });
  }

  async function failedChecks(userId: number): Promise<number> {
    const row = await server.db().selectFrom("events").select(({ fn }) => fn.countAll<number>().as("n")).where("entity_type", "=", "user").where("entity_id", "=", userId).where("action", "=", "sign_in_failed").executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test("30 guesses sent at once from one address check at most 5 passwords; the others are refused unchecked", async () => {
    const target = await createUserWith(server.db(), { role: "reviewer", email: "parallel.target@tinhgon.test" });
    const responses = await Promise.all(Array.from({ length: 30 }, (_, index) => loginFrom("203.0.113.30", target.email, `wrong-guess-${index}`)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    // each password checked and wrong writes one sign_in_failed event
    expect(await failedChecks(target.id)).toBe(5);
  });

  test("an attacker's failures stop the attacker's address, not the admin signing in from another", async () => {
    const owner = await createUserWith(server.db(), { role: "admin", email: "guessed.admin@tinhgon.test" });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await loginFrom("203.0.113.66", owner.email, `guess-${attempt}`)).status, `guess ${attempt}`).toBe(401);
    }
    // the attacker's address is stopped, even with the right password
    const stopped = await loginFrom("203.0.113.66", owner.email, owner.password);
    expect(stopped.status).toBe(429);
    expect(visibleText(await stopped.text())).toContain("Vui lòng thử lại sau 15 phút.");
    // the owner, elsewhere, signs in
    expect((await loginFrom("198.51.100.7", owner.email, owner.password)).status).toBe(302);
    expect((await loginFrom("203.0.113.66", owner.email, `guess-6`)).status).toBe(429);
  });

  test("one address trying a password on many accounts is stopped after 20 failures", async () => {
    // 19 failures on as many accounts already recorded (each check costs a scrypt hash), the 20th over HTTP
    const now = new Date().toISOString();
    await server.db().insertInto("login_failures").values(Array.from({ length: 19 }, (_, index) => ({ email: `spray-${index}@tinhgon.test`, ip: "203.0.113.20", at: now }))).execute();
    expect((await loginFrom("203.0.113.20", "spray-19@tinhgon.test", "mat-khau-pho-bien")).status).toBe(401);
    expect((await loginFrom("203.0.113.20", officer.email, officer.password)).status).toBe(429);
    expect((await loginFrom("198.51.100.20", officer.email, officer.password)).status).toBe(302);
  });

  test("many addresses guessing one account together slow it to one attempt a minute, then the owner gets in", async () => {
    const owner = await createUserWith(server.db(), { role: "officer", agencyCode: "BYT", email: "botnet.target@tinhgon.test" });
    for (const address of ["203.0.113.101", "203.0.113.102"]) {
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await loginFrom(address, owner.email, `guess-${attempt}`)).status, `${address} guess ${attempt}`).toBe(401);
      }
    }
    const slowed = await loginFrom("203.0.113.103", owner.email, "guess-11");
    expect(slowed.status).toBe(429);
    expect(visibleText(await slowed.text())).toContain("Vui lòng thử lại sau 1 phút.");
    expect(await failedChecks(owner.id)).toBe(10);

    // a minute later (the failures moved back in time) one attempt goes through: the owner's
    const minuteAgo = (at: string) => new Date(Date.parse(at) - 61_000).toISOString();
    for (const failure of await server.db().selectFrom("login_failures").select(["id", "at"]).where("email", "=", owner.email).execute()) {
      await server.db().updateTable("login_failures").set({ at: minuteAgo(failure.at) }).where("id", "=", failure.id).execute();
    }
    expect((await loginFrom("198.51.100.9", owner.email, owner.password)).status).toBe(302);
    // and the next guess waits its minute again
    expect((await loginFrom("203.0.113.104", owner.email, "guess-12")).status).toBe(401);
    expect((await loginFrom("203.0.113.105", owner.email, "guess-13")).status).toBe(429);
  });

  test("an account hashed with the old scrypt N=2^14 signs in, and its hash is raised to N=2^17", async () => {
    const user = await createUserWith(server.db(), { role: "viewer", email: "old.hash@tinhgon.test" });
    const salt = Buffer.from("0123456789abcdef");
    const key = scryptSync(user.password, salt, 64, { N: 2 ** 14, r: 8, p: 1 });
    const old = ["scrypt", 16384, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
    await server.db().updateTable("users").set({ password_hash: old }).where("id", "=", user.id).execute();
    const before = await server.db().selectFrom("users").select(["version", "updated_at"]).where("id", "=", user.id).executeTakeFirstOrThrow();

    expect((await client(server.url).login(user.email, user.password)).status).toBe(302);
    const after = await server.db().selectFrom("users").select(["password_hash", "version", "updated_at"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect({ version: after.version, updated_at: after.updated_at }).toEqual(before);
    expect((await client(server.url).login(user.email, user.password)).status).toBe(302);
    expect((await client(server.url).login(user.email, "not-the-password")).status).toBe(401);
  });
});

describe("requests from other sites", () => {
  const refusal = "Yêu cầu bị từ chối: nguồn gửi không hợp lệ.";

  test("a post without Origin or from a foreign Origin is refused with 403 and changes nothing", async () => {
    const browser = await signedInClient(server.url, officer);
    const fields = proposalFields("BYT");
    for (const origin of [null, "http://evil.example", "null"]) {
      const response = await browser.post("/proposals/new", fields, { origin });
      expect(response.status, `Origin: ${origin}`).toBe(403);
      expect(await response.text()).toContain(refusal);
    }
    const { n } = await server.db().selectFrom("proposals").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(n).toBe(0);

    const logout = await browser.post("/logout", {}, { origin: "http://evil.example" });
    expect(logout.status).toBe(403);
    expect((await browser.get("/proposals")).status).toBe(200);
  });

  test("an Origin that is no origin is refused with 403, not a 500", async () => {
    const browser = await signedInClient(server.url, officer);
    for (const origin of ["garbage", "http://", "://127.0.0.1", "http://[::1", "http://127.0.0.1:99999", "\u00ff"]) {
      const response = await browser.post("/set-language", { locale: "en", redirectTo: "/" }, { origin });
      expect(response.status, `Origin: ${origin}`).toBe(403);
      expect(await response.text()).toContain(refusal);
    }
    const referer = await browser.post("/set-language", { locale: "en" }, { origin: null, headers: { Referer: "garbage" } });
    expect(referer.status).toBe(403);
  });

  test("scheme, host and port must all be the server's: https or another port is another origin", async () => {
    const browser = await signedInClient(server.url, officer);
    const { hostname, port } = new URL(server.url);
    for (const origin of [`https://${hostname}:${port}`, `http://${hostname}:${Number(port) + 1}`, `http://${hostname}`, `http://localhost:${port}`]) {
      const response = await browser.post("/set-language", { locale: "en", redirectTo: "/" }, { origin });
      expect(response.status, `Origin: ${origin}`).toBe(403);
    }
    const fromReferer = await browser.post("/set-language", { locale: "en" }, { origin: null, headers: { Referer: `https://${hostname}:${port}/proposals` } });
    expect(fromReferer.status).toBe(403);
    expect((await browser.post("/set-language", { locale: "vi" }, { origin: null, headers: { Referer: `${server.url}/proposals` } })).status).toBe(302);
    expect((await browser.post("/set-language", { locale: "vi", redirectTo: "/" })).status).toBe(302);
  });

  test("behind a reverse proxy on this machine that says the request came over https, the origin is https", async () => {
    const browser = await signedInClient(server.url, officer);
    const viaProxy = { "X-Forwarded-Proto": "https" };
    const https = server.url.replace(/^http:/, "https:");
    expect((await browser.post("/set-language", { locale: "vi" }, { origin: https, headers: viaProxy })).status).toBe(302);
    expect((await browser.post("/set-language", { locale: "vi" }, { origin: server.url, headers: viaProxy })).status).toBe(403);
  });

  test("a deployment that sets PUBLIC_URL takes posts from that origin only; without Secure cookies it sends no HSTS", async () => {
    // a plain-HTTP intranet site behind a proxy that rewrites the Host header
    const intranet = await startServer({ env: { PUBLIC_URL: "http://tinhgon.intranet:8080/", COOKIE_SECURE: "0" } });
    try {
      const fields = { locale: "en", redirectTo: "/" };
      expect((await client(intranet.url).post("/set-language", fields, { origin: "http://tinhgon.intranet:8080" })).status).toBe(302);
      expect((await client(intranet.url).post("/set-language", fields, { origin: intranet.url })).status).toBe(403);
      expect((await client(intranet.url).post("/set-language", fields, { origin: "https://tinhgon.intranet:8080" })).status).toBe(403);
      expect((await client(intranet.url).get("/login")).headers.get("strict-transport-security")).toBeNull();
    } finally {
      await intranet.stop();
    }
  });

  test("a server whose cookies are Secure tells browsers to use https only (HSTS)", async () => {
    for (const path of ["/login", "/healthz"]) {
      expect((await client(server.url).get(path)).headers.get("strict-transport-security")).toBe("max-age=31536000");
    }
  });

  test("a sign-in posted from another site is refused before the password is checked", async () => {
    const response = await client(server.url).post("/login", { email: officer.email, password: officer.password }, { origin: "http://evil.example" });
    expect(response.status).toBe(403);
    expect(setCookieFor(response, "tg_session")).toBeUndefined();
  });
});

describe("language", () => {
  test("switching to English sets a cookie and the login page speaks English; switching back restores Vietnamese", async () => {
    const browser = client(server.url);
    const vietnamese = await (await browser.get("/login")).text();
    expect(vietnamese).toContain('<html lang="vi">');
    expect(vietnamese).toContain("Đăng nhập");

    const response = await browser.post("/set-language", { locale: "en", redirectTo: "/login" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
    expect(setCookieFor(response, "tg_lang")?.value).toBe("en");

    const english = await (await browser.get("/login")).text();
    expect(english).toContain('<html lang="en">');
    expect(mainContent(english)).toContain("Sign in");
    expect(mainContent(english)).not.toContain("Đăng nhập");

    await browser.post("/set-language", { locale: "vi", redirectTo: "/login" });
    expect(await (await browser.get("/login")).text()).toContain("Đăng nhập");
  });

});

describe("where a form sends the user next", () => {
  // each as a browser would post it; the answer's Location is resolved as a browser resolves it
  const hostile = ["//evil.example/", "/\t/evil.example/phish", "/\r\n/evil.example", "/\n/evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example/", "javascript:alert(1)"];
  const unusual = ["/proposals?q=\u2028", "/proposals?q=giấy", "/agencies/BKHĐT", "/proposals?q=\r\n"];

  function expectOnSite(response: Response, label: string): URL {
    expect(response.status, label).toBe(302);
    const target = new URL(response.headers.get("location") ?? "", server.url);
    expect(target.origin, label).toBe(server.url);
    expect(target.pathname.startsWith("//"), label).toBe(false);
    return target;
  }

  test("the language switch follows only a path on this site, encoded; anything else goes home", async () => {
    for (const redirectTo of hostile) {
      const response = await client(server.url).post("/set-language", { locale: "en", redirectTo });
      expect(expectOnSite(response, JSON.stringify(redirectTo)).pathname).toBe("/");
    }
    for (const redirectTo of unusual) expectOnSite(await client(server.url).post("/set-language", { locale: "en", redirectTo }), JSON.stringify(redirectTo));
    const response = await client(server.url).post("/set-language", { locale: "en", redirectTo: "/proposals?q=giấy" });
    expect(response.headers.get("location")).toBe("/proposals?q=gi%E1%BA%A5y");
  });

  test("signing in follows only a path on this site and lands on it; each sign-in leaves exactly its one session", async () => {
    const user = await createUserWith(server.db(), { role: "viewer", email: "redirected.viewer@tinhgon.test" });
    for (const redirectTo of [...hostile, ...unusual]) {
      const before = (await sessionsOf(user.id)).length;
      const browser = client(server.url);
      const response = await browser.login(user.email, user.password, redirectTo);
      const target = expectOnSite(response, JSON.stringify(redirectTo));
      if (hostile.includes(redirectTo)) expect(target.pathname, JSON.stringify(redirectTo)).toBe("/");
      expect(await sessionsOf(user.id), JSON.stringify(redirectTo)).toHaveLength(before + 1);
      // the signed-in user reaches the page the address names
      const landed = await browser.get(target.pathname + target.search);
      expect(landed.status, JSON.stringify(redirectTo)).not.toBe(500);
    }
    const response = await client(server.url).login(user.email, user.password, "/proposals?q=giấy");
    expect(response.headers.get("location")).toBe("/proposals?q=gi%E1%BA%A5y");
  });
});
