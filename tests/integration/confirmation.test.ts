import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { COMPLETE_PROPOSAL, createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, mainContent, signedInClient, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Steps that cannot be undone (withdraw, reject, cancel an amendment, unlink a proposal,
// deactivate a user, discard an upload) look destructive and ask for a tick in their own form.
// Over HTTP, without JavaScript: a post without the tick changes nothing and is answered beside
// the tick; with it, the step is taken.

const TICK_MISSING = "Hãy đánh dấu ô xác nhận nếu bạn chắc chắn.";

let server: TestServer;
let officer: TestUser;
let reviewer: TestUser;
let admin: TestUser;
let leaving: TestUser;
let draft: string;
let submitted: string;
let linked: string;
let amendmentId: number;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      admin = await createUserWith(db, { role: "admin" });
      leaving = await createUserWith(db, { role: "viewer" });
      ({ code: draft } = await createProposalFor(db, officer, { title: "Đề xuất sẽ được rút" }));
      ({ code: submitted } = await createProposalFor(db, officer, { ...COMPLETE_PROPOSAL, title: "Đề xuất sẽ không được chấp nhận" }));
      await transitionProposal(db, officer, submitted, "submit", { noAmendmentReason: "Chỉ cần sửa hướng dẫn nội bộ." });
      ({ code: linked } = await createProposalFor(db, officer, { title: "Đề xuất được gỡ khỏi nhiệm vụ" }));
      amendmentId = await createAmendment(db, officer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: linked }));
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

async function proposalStatus(code: string): Promise<string> {
  return (await server.db().selectFrom("proposals").select("status").where("code", "=", code).executeTakeFirstOrThrow()).status;
}

async function proposalVersion(code: string): Promise<string> {
  return String((await server.db().selectFrom("proposals").select("version").where("code", "=", code).executeTakeFirstOrThrow()).version);
}

/** The buttons of a page's forms by their tone, keyed by the `intent` their form posts (or the button's text). */
function buttonTones(html: string): Record<string, string> {
  const tones: Record<string, string> = {};
  for (const form of mainContent(html).match(/<form\b[\s\S]*?<\/form>/g) ?? []) {
    const intent = /name="intent" value="([^"]+)"/.exec(form)?.[1];
    const tone = /<button[^>]*data-tone="(\w+)"/.exec(form)?.[1];
    if (intent && tone) tones[intent] = tone;
  }
  return tones;
}

/** Posts without the tick (refused beside it, nothing changes), then with it. */
async function expectTickRequired(http: Client, path: string, fields: Record<string, string>, unchanged: () => Promise<unknown>): Promise<Response> {
  const before = await unchanged();
  const refused = await http.post(path, fields);
  expect(refused.status, path).toBe(422);
  expect(fieldError(await refused.text(), "confirmed")).toBe(TICK_MISSING);
  expect(await unchanged()).toEqual(before);
  const unticked = await http.post(path, { ...fields, confirmed: "" });
  expect(unticked.status, path).toBe(422);
  return http.post(path, { ...fields, confirmed: "1" });
}

describe("withdrawing and rejecting a proposal", () => {
  it("the officer's page shows withdraw as destructive, submit as not", async () => {
    const http = await signedInClient(server.url, officer);
    const tones = buttonTones(await (await http.get(`/proposals/${draft}`)).text());
    expect(tones).toMatchObject({ withdraw: "danger", submit: "primary", comment: "primary" });
  });

  it("the reviewer's page shows reject as destructive, approve and return as not", async () => {
    const http = await signedInClient(server.url, reviewer);
    const tones = buttonTones(await (await http.get(`/proposals/${submitted}`)).text());
    expect(tones).toMatchObject({ reject: "danger", approve: "primary", return: "primary" });
  });

  it("withdrawing needs the tick", async () => {
    const http = await signedInClient(server.url, officer);
    const fields = { intent: "withdraw", comment: "Trùng với đề xuất khác", version: await proposalVersion(draft) };
    const done = await expectTickRequired(http, `/proposals/${draft}?index`, fields, () => proposalStatus(draft));
    expect(done.status).toBe(302);
    expect(await proposalStatus(draft)).toBe("withdrawn");
  });

  it("rejecting needs the tick", async () => {
    const http = await signedInClient(server.url, reviewer);
    const fields = { intent: "reject", comment: "Không đủ căn cứ", version: await proposalVersion(submitted) };
    const done = await expectTickRequired(http, `/proposals/${submitted}?index`, fields, () => proposalStatus(submitted));
    expect(done.status).toBe(302);
    expect(await proposalStatus(submitted)).toBe("rejected");
  });
});

describe("an amendment's destructive steps", () => {
  const links = () => server.db().selectFrom("proposal_amendments").select("proposal_id").where("amendment_id", "=", amendmentId).execute();
  const stage = async () => (await server.db().selectFrom("amendments").select(["stage", "version"]).where("id", "=", amendmentId).executeTakeFirstOrThrow());

  it("unlinking a proposal needs its tick, and its button is destructive", async () => {
    const http = await signedInClient(server.url, officer);
    expect(buttonTones(await (await http.get(`/amendments/${amendmentId}`)).text())).toMatchObject({ unlink: "danger", stage: "primary", link: "primary" });
    const done = await expectTickRequired(http, `/amendments/${amendmentId}`, { intent: "unlink", proposal: linked }, links);
    expect(done.status).toBe(302);
    expect(await links()).toEqual([]);
  });

  it("moving the stage on needs no tick; cancelling does", async () => {
    const http = await signedInClient(server.url, officer);
    const drafting = await http.post(`/amendments/${amendmentId}`, { intent: "stage", stage: "drafting", version: String((await stage()).version) });
    expect(drafting.status).toBe(302);
    const fields = { intent: "stage", stage: "cancelled", reason: "Nội dung đã được sửa trong luật mới", version: String((await stage()).version) };
    const done = await expectTickRequired(http, `/amendments/${amendmentId}`, fields, stage);
    expect(done.status).toBe(302);
    expect((await stage()).stage).toBe("cancelled");
  });
});

describe("deactivating a user and discarding an upload", () => {
  it("deactivating needs the tick; reactivating does not", async () => {
    const http = await signedInClient(server.url, admin);
    const active = async () => (await server.db().selectFrom("users").select("active").where("id", "=", leaving.id).executeTakeFirstOrThrow()).active;
    expect(buttonTones(await (await http.get("/admin/users")).text())).toMatchObject({ deactivate: "danger" });
    const done = await expectTickRequired(http, "/admin/users", { intent: "deactivate", userId: String(leaving.id) }, active);
    expect(done.status).toBe(200);
    expect(await active()).toBe(0);
    expect((await http.post("/admin/users", { intent: "activate", userId: String(leaving.id) })).status).toBe(200);
    expect(await active()).toBe(1);
  });

  it("discarding an upload needs the tick", async () => {
    const http = await signedInClient(server.url, officer);
    const template = new Uint8Array(await (await http.get("/proposals/import/template.xlsx")).arrayBuffer());
    const uploaded = await http.upload("/proposals/import", { name: "ke-hoach.xlsx", bytes: template });
    const path = uploaded.headers.get("location") ?? "";
    expect(path).toMatch(/^\/proposals\/import\/\d+$/);
    const id = Number(path.split("/").at(-1));
    const status = async () => (await server.db().selectFrom("imports").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    expect(buttonTones(await (await http.get(path)).text())).toMatchObject({ discard: "danger" });
    const done = await expectTickRequired(http, path, { intent: "discard" }, status);
    expect(done.status).toBe(302);
    expect(await status()).toBe("discarded");
  });
});
