import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { diffReports, type SteeringReport } from "~/domain/steering-report";
import { steeringFigures } from "~/models/figures.server";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import type { DB } from "../../db/types";
import { createAgencies, createDecisionFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, mainContent, visibleText, type Client, signedInClient } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Meeting snapshots over HTTP: a reviewer freezes the figures; what is stored equals the figures
// of that moment and stays so whatever happens afterwards (the database refuses to change it);
// the next meeting's page shows exactly what changed in between.

let server: TestServer;
let db: Kysely<DB>;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let decisionId: number;
let bytId: number;
let amendmentByt: number;
const pending: string[] = [];

beforeAll(async () => {
  server = await startServer({
    seed: async (seedDb) => {
      await createAgencies(seedDb, ["BYT", "BTC"]);
      officerByt = await createUserWith(seedDb, { role: "officer", agencyCode: "BYT" });
      officerBtc = await createUserWith(seedDb, { role: "officer", agencyCode: "BTC" });
      reviewer = await createUserWith(seedDb, { role: "reviewer" });
      viewer = await createUserWith(seedDb, { role: "viewer" });
    },
  });
  db = server.db();
  bytId = officerByt.agency_id ?? 0;
  decisionId = await createDecisionFor(db, reviewer, { timeline: "Năm 2030" });
  const complete = (actor: TestUser, title: string) =>
    createProposalFor(db, actor, {
      title,
      source_document: "15/2018/NĐ-CP",
      source_provision: "khoản 2 Điều 5",
      rationale: "Trùng lặp, tốn kém cho doanh nghiệp.",
      cost_before_vnd: "1.000.000.000",
      cost_after_vnd: "400.000.000",
    });
  const amendment = (actor: TestUser, document: string, codes: string[]) =>
    createAmendment(
      db,
      actor,
      AmendmentSchema.parse({ document, doc_type: "", agency: actor.agency_code ?? "", provisions: "", form: "amend", deadline: "", note: "", proposals: codes.join(", ") }),
    );
  const p1 = await complete(officerByt, "Giấy xác nhận kinh nghiệm của người phụ trách chuyên môn");
  const p2 = await complete(officerByt, "Bản sao chứng thực giấy chứng nhận đủ điều kiện");
  const p3 = await complete(officerByt, "Hồ sơ giấy song song hồ sơ điện tử");
  const p4 = await complete(officerBtc, "Báo cáo định kỳ hằng quý");
  amendmentByt = await amendment(officerByt, "54/2017/NĐ-CP", [p1.code]);
  await amendment(officerBtc, "126/2020/NĐ-CP", [p4.code]);
  await transitionProposal(db, officerByt, p1.code, "submit");
  await transitionProposal(db, officerBtc, p4.code, "submit");
  for (const proposal of [p2, p3]) await transitionProposal(db, officerByt, proposal.code, "submit", { noAmendmentReason: "Chỉ sửa quy trình nội bộ." });
  for (const proposal of [p1, p4]) await transitionProposal(db, reviewer, proposal.code, "approve", { decisionId });
  pending.push(p2.code, p3.code);
});

afterAll(async () => {
  await server?.stop();
});

async function freeze(browser: Client, title: string, heldOn: string): Promise<number> {
  const response = await browser.post("/snapshots/new", { title, held_on: heldOn });
  expect(response.status).toBe(302);
  const match = /^\/snapshots\/(\d+)$/.exec(new URL(response.headers.get("Location") ?? "", server.url).pathname);
  expect(match).not.toBeNull();
  return Number(match?.[1]);
}

async function stored(id: number): Promise<{ title: string; held_on: string; report: SteeringReport; raw: string }> {
  const row = await db.selectFrom("snapshots").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return { title: row.title, held_on: row.held_on, report: JSON.parse(row.figures) as SteeringReport, raw: row.figures };
}

/** The text of the table row whose header names `label` (a code or a number), one entry per cell, in a part of the page. */
function rowCells(html: string, label: string): string[] {
  const row = [...html.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((match) => match[0]).find((tr) => visibleText(tr).startsWith(label));
  if (!row) return [];
  return [...row.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => visibleText(cell[1] ?? ""));
}

/** The part of the page under a section's heading id. */
function section(html: string, id: string): string {
  return new RegExp(`<section aria-labelledby="${id}"[\\s\\S]*?</section>`).exec(mainContent(html))?.[0] ?? "";
}

let first: number;
let firstRaw: string;

describe("freezing a meeting's figures", () => {
  test("stores the figures of that moment: overall, per agency with its code and names, per decision with its number", async () => {
    const browser = await signedInClient(server.url, reviewer);
    first = await freeze(browser, "Phiên họp thứ tư", "19/4/2023");
    const figures = await steeringFigures(db, {}, todayIso());
    const snapshot = await stored(first);
    firstRaw = snapshot.raw;
    expect(snapshot).toMatchObject({ title: "Phiên họp thứ tư", held_on: "2023-04-19" });
    expect(snapshot.report.computedOn).toBe(todayIso());
    expect(snapshot.report.total).toEqual(figures.total);
    expect(snapshot.report.total.proposals.byStatus.approved).toBe(2);
    for (const row of figures.byAgency) {
      const agency = await db.selectFrom("agencies").selectAll().where("id", "=", row.agencyId).executeTakeFirstOrThrow();
      expect(snapshot.report.byAgency.find((frozen) => frozen.agencyId === row.agencyId)).toEqual({
        ...row,
        code: agency.code,
        name_vi: agency.name_vi,
        name_en: agency.name_en,
      });
    }
    expect(snapshot.report.byAgency).toHaveLength(figures.byAgency.length);
    expect(snapshot.report.byDecision).toEqual(figures.byDecision.map((row) => ({ ...row, number: "1015/QĐ-TTg" })));

    const list = await browser.get("/snapshots");
    expect(visibleText(mainContent(await list.text()))).toContain("19/04/2023 Phiên họp thứ tư");
  });

  test("refuses a title over 200 characters and a date that is not one, with the message beside the field", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const before = await db.selectFrom("snapshots").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const response = await browser.post("/snapshots/new", { title: "x".repeat(201), held_on: "31/02/2023" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, "title")).toContain("200");
    expect(fieldError(html, "held_on")).toContain("dd/mm/yyyy");
    const after = await db.selectFrom("snapshots").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test("only reviewers and admins may freeze: an officer and a viewer get 403, and nothing is stored", async () => {
    for (const user of [officerByt, viewer]) {
      const browser = await signedInClient(server.url, user);
      expect((await browser.post("/snapshots/new", { title: "Phiên họp", held_on: "20/04/2023" })).status).toBe(403);
      expect((await browser.get("/snapshots/new")).status).toBe(403);
      expect((await browser.get(`/snapshots/${first}`)).status).toBe(200);
    }
    const count = await db.selectFrom("snapshots").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  test("the database refuses to change or delete a snapshot", async () => {
    await expect(db.updateTable("snapshots").set({ title: "Sửa lại" }).where("id", "=", first).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable("snapshots").set({ figures: "{}" }).where("id", "=", first).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("snapshots").where("id", "=", first).execute()).rejects.toThrow(/immutable/);
    expect((await stored(first)).raw).toBe(firstRaw);
  });
});

describe("between two meetings", () => {
  let second: number;

  test("changing the data afterwards leaves the snapshot as it was; its page shows the old figures and names", async () => {
    for (const code of pending) await transitionProposal(db, reviewer, code, "approve", { decisionId });
    await moveAmendmentStage(
      db,
      officerByt,
      amendmentByt,
      AmendmentStageSchema.parse({ stage: "in_force", amending_number: "12/2024/NĐ-CP", promulgated_on: "15/03/2024", effective_on: "01/05/2024" }),
    );
    await db.updateTable("agencies").set({ name_vi: "Bộ Y tế (tên mới)" }).where("id", "=", bytId).execute();

    expect((await stored(first)).raw).toBe(firstRaw);
    const browser = await signedInClient(server.url, viewer);
    const html = await (await browser.get(`/snapshots/${first}`)).text();
    const text = visibleText(mainContent(html));
    expect(text).toContain("2 quy định của 2 bộ, ngành được phê duyệt");
    expect(text).not.toContain("tên mới");
    const frozen = (await stored(first)).report.byAgency.find((row) => row.agencyId === bytId);
    expect(rowCells(section(html, "by-agency"), "BYT").slice(0, 2)).toEqual(["BYT Bộ Y tế", String(frozen?.proposals.byStatus.approved)]);
  });

  test("the next meeting's page shows the change since the previous one: +2 approved, +1 in force for that agency and decision", async () => {
    const before = (await stored(first)).report;
    const browser = await signedInClient(server.url, reviewer);
    second = await freeze(browser, "Phiên họp thứ năm", "20/07/2023");
    const after = (await stored(second)).report;
    expect(after.total).toEqual((await steeringFigures(db, {}, todayIso())).total);

    const changes = diffReports(after, before);
    const byt = changes.byAgency.find((item) => item.row.agencyId === bytId);
    expect(byt?.change.proposals.byStatus).toMatchObject({ approved: 2, submitted: -2 });
    expect(byt?.change.amendments).toMatchObject({ inForce: 1, promulgated: 1, amendments: 0, documents: 0 });
    // p1 by its amendment in force, p2 and p3 needing none
    expect(byt?.change.proposals.implemented).toBe(3);
    expect(byt?.row.name_vi).toBe("Bộ Y tế (tên mới)");
    const btc = changes.byAgency.find((item) => item.row.code === "BTC");
    expect(btc?.change.proposals.byStatus.approved).toBe(0);
    expect(btc?.change.amendments.inForce).toBe(0);
    expect(changes.byDecision).toHaveLength(1);
    expect(changes.byDecision[0]?.change.proposals.byStatus.approved).toBe(2);
    expect(changes.byDecision[0]?.change.amendments.inForce).toBe(1);

    const html = await (await browser.get(`/snapshots/${second}`)).text();
    const changed = section(html, "changes");
    expect(visibleText(changed)).toContain("So với Phiên họp thứ tư (ngày 19/04/2023)");
    // regulations approved, implemented, overdue, needing a new amendment; documents to amend and
    // fully amended (the one whose amendment came into force); amendments, promulgated, in force
    expect(rowCells(changed, "BYT").slice(1, 10)).toEqual(["+2", "+3", "0", "0", "0", "+1", "0", "+1", "+1"]);
    expect(rowCells(changed, "1015/QĐ-TTg").slice(1, 10)).toEqual(["+2", "+3", "0", "0", "0", "+1", "0", "+1", "+1"]);
    // an agency with no change has no row
    expect(rowCells(changed, "BTC")).toEqual([]);
  });

  test("the list is the committee's record, latest meeting first; the first meeting has nothing to compare with", async () => {
    const browser = await signedInClient(server.url, viewer);
    const list = visibleText(mainContent(await (await browser.get("/snapshots")).text()));
    expect(list.indexOf("Phiên họp thứ năm")).toBeLessThan(list.indexOf("Phiên họp thứ tư"));
    const firstPage = visibleText(section(await (await browser.get(`/snapshots/${first}`)).text(), "changes"));
    expect(firstPage).toContain("chưa có phiên trước để so sánh");
  });
});

describe("a snapshot frozen before numbers were spelled officially", () => {
  test("its page shows the decision's number in the official spelling; the stored JSON is untouched", async () => {
    const report = (await stored(first)).report;
    const raw = JSON.stringify({ ...report, byDecision: report.byDecision.map((row) => ({ ...row, number: "1015/qd-ttg" })) });
    const { id } = await db
      .insertInto("snapshots")
      .values({ title: "Phiên họp cũ", held_on: "2022-12-01", created_by: reviewer.id, created_at: new Date().toISOString(), figures: raw })
      .returning("id")
      .executeTakeFirstOrThrow();
    const browser = await signedInClient(server.url, viewer);
    const html = await (await browser.get(`/snapshots/${id}`)).text();
    expect(rowCells(section(html, "by-decision"), "1015/QĐ-TTg")).not.toEqual([]);
    expect(mainContent(html)).not.toContain("1015/qd-ttg");
    expect((await stored(id)).raw).toBe(raw);
  });
});
