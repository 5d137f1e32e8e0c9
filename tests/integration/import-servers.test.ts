import Papa from "papaparse";
import { afterAll, beforeAll, expect, test } from "vitest";
import { IMPORT_COLUMNS } from "~/services/import/layout";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";
import { mainContent, signedInClient, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// A plan's confirmation is a queued job that any app server may run (issue 13; app/services/jobs/
// queue.server.ts), keyed by the upload: its uploader confirming it on two servers at once (two
// tabs behind a load balancer) commits it once. Under `npm run test:pg` both servers serve one
// PostgreSQL database; under `npm test`, one SQLite file.

let one: TestServer;
let other: TestServer;
let officer: TestUser;

beforeAll(async () => {
  one = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
    },
  });
  other = await one.alongside();
});

afterAll(async () => {
  await one?.stop();
});

const TITLES = ["Thủ tục hai máy chủ xác nhận thứ nhất", "Thủ tục hai máy chủ xác nhận thứ hai", "Thủ tục hai máy chủ xác nhận thứ ba"];

function plan(): Uint8Array {
  const row = (title: string) =>
    IMPORT_COLUMNS.map((column) => ({ agency: "BYT", regulation_type: "Thủ tục hành chính", title, action: "Bãi bỏ", proposed_change: "Bỏ" })[column.key as string] ?? "");
  return new TextEncoder().encode(Papa.unparse([IMPORT_COLUMNS.map((column) => column.header), ...TITLES.map(row)]));
}

test("an upload confirmed on both servers at once is committed once: one import, its rows and their history once, and no 500", async () => {
  const [onOne, onOther] = [await signedInClient(one.url, officer), await signedInClient(other.url, officer)];
  const uploaded = await onOne.upload("/proposals/import", { name: "hai-may-chu.csv", bytes: plan() });
  expect(uploaded.status).toBe(302);
  const page = new URL(uploaded.headers.get("location")!, one.url).pathname;
  const id = Number(page.split("/").pop());
  expect(id).toBeGreaterThan(0);
  // the other server shows the same staged upload to the same officer
  expect((await onOther.get(page)).status).toBe(200);

  const answers = await Promise.all([onOne.post(page, { intent: "confirm" }), onOther.post(page, { intent: "confirm" })]);
  for (const answer of answers) {
    // both waited for the one commit (302 to the upload's page), or one came after it ended and
    // is refused beside the upload's page (409), as a second confirmation always was
    if (answer.status === 302) expect(answer.headers.get("location")).toBe(page);
    else {
      expect(answer.status).toBe(409);
      expect(visibleText(mainContent(await answer.text()))).toContain("Tệp này đã được nhập hoặc đã hủy.");
    }
  }
  expect(answers.some((answer) => answer.status === 302)).toBe(true);

  const db = one.db();
  expect(await db.selectFrom("imports").select(["status", "new_count"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "committed", new_count: 3 });
  const proposals = await db.selectFrom("proposals").select(["id", "title"]).where("title", "in", TITLES).execute();
  expect(proposals.map((proposal) => proposal.title).sort()).toEqual([...TITLES].sort());
  const events = await db.selectFrom("events").select(["entity_type", "entity_id", "action"]).where("import_id", "=", id).execute();
  const created = events.filter((event) => event.entity_type === "proposal" && event.action === "create").map((event) => event.entity_id);
  expect(created.sort()).toEqual(proposals.map((proposal) => proposal.id).sort());
  const distinct = new Set(events.map((event) => `${event.entity_type}:${event.entity_id}:${event.action}`));
  expect(distinct.size).toBe(events.length);
  // one job did it, at its first attempt
  const jobs = await db.selectFrom("jobs").select(["kind", "status", "attempts"]).where("key", "=", `import-commit:${id}`).execute();
  expect(jobs).toEqual([{ kind: "import-commit", status: "done", attempts: 1 }]);

  // both servers show it committed; confirming again, on either, is refused and writes nothing
  for (const browser of [onOne, onOther]) {
    expect(visibleText(mainContent(await (await browser.get(page)).text()))).toContain("Đã ghi 3 phương án mới và 0 cập nhật");
    const again = await browser.post(page, { intent: "confirm" });
    expect(again.status).toBe(409);
  }
  expect(await db.selectFrom("proposals").select("id").where("title", "in", TITLES).execute()).toHaveLength(3);
  expect(await db.selectFrom("events").select("id").where("import_id", "=", id).execute()).toHaveLength(events.length);
});
