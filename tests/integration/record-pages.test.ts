import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ForbiddenError, NotFoundError, StaleVersionError } from "~/domain/errors";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { DecisionSchema } from "~/schemas/decision";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { AmendmentListParams, DecisionListParams, DocumentListParams, parseListQuery } from "~/schemas/list-params";
import { readAmendmentList, readAmendmentPage, readNewAmendment } from "~/services/amendment-pages.server";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { decisionReportWorkbook, readDecisionEdit, readDecisionList, readDecisionPage } from "~/services/decision-pages.server";
import { updateDecision } from "~/services/decision.server";
import { readDocumentEdit, readDocumentList, readDocumentPage, readNewDocument, suggestDocumentNumbers } from "~/services/document-pages.server";
import { updateDocument } from "~/services/legal-document.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";

// The records' page reads (app/services/*-pages.server.ts) called straight on a SQLite file:
// what each role may do on each page (`allowed`), refusals of reads a role may not make, a
// missing record as NotFoundError, and stale saves carrying the stored form values.

let database: TestDatabase;
let db: Kysely<DB>;
let officer: TestUser;
let otherOfficer: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let admin: TestUser;
let documentId: number;
let decisionId: number;
let amendmentId: number;
let proposalCode: string;

const MISSING = 999_999;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db);
  officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  otherOfficer = await createUserWith(db, { role: "officer", agencyCode: "BCT" });
  reviewer = await createUserWith(db, { role: "reviewer" });
  viewer = await createUserWith(db, { role: "viewer" });
  admin = await createUserWith(db, { role: "admin" });
  documentId = await createDocumentFor(db, reviewer, { lead_agency: "BYT" });
  decisionId = await createDecisionFor(db, reviewer);
  proposalCode = (await createProposalFor(db, officer, { source_document: "15/2018/NĐ-CP", source_provision: "Điều 5" })).code;
  amendmentId = await createAmendment(
    db,
    officer,
    AmendmentSchema.parse({ document: "15/2018/NĐ-CP", agency: "BYT", form: "amend", proposals: proposalCode, provisions: "Điều 5" }),
  );
});

afterAll(async () => {
  await database?.remove();
});

function each<T>(expected: Record<string, T>): [string, () => TestUser, T][] {
  const users: Record<string, () => TestUser> = {
    "officer of the agency": () => officer,
    "officer of another agency": () => otherOfficer,
    reviewer: () => reviewer,
    viewer: () => viewer,
    admin: () => admin,
  };
  return Object.entries(expected).map(([role, value]) => [role, users[role]!, value]);
}

describe("the amendment pages", () => {
  test.each(
    each({
      "officer of the agency": { moveStage: true, link: true, unlink: true, comment: true, proposal: true },
      "officer of another agency": { moveStage: false, link: false, unlink: false, comment: false, proposal: false },
      reviewer: { moveStage: true, link: true, unlink: true, comment: true, proposal: true },
      viewer: { moveStage: false, link: false, unlink: false, comment: false, proposal: false },
      admin: { moveStage: true, link: true, unlink: true, comment: true, proposal: true },
    }),
  )("the amendment's page for the %s", async (_role, user, expected) => {
    const read = await readAmendmentPage(db, user(), { id: amendmentId });
    const { proposal, ...allowed } = expected;
    expect(read.allowed).toEqual(allowed);
    expect(read.proposals.map((p) => [p.code, p.allowed.unlink])).toEqual([[proposalCode, proposal]]);
    expect(read.amendment.document_number).toBe("15/2018/NĐ-CP");
    expect(read.stageValues).toMatchObject({ stage: "not_started", amending_number: "", reason: "" });
    expect(read.storedOtherStage).toBeNull();
  });

  test.each(
    each({ "officer of the agency": true, "officer of another agency": true, reviewer: true, viewer: false, admin: true }),
  )("the amendments list for the %s", async (_role, user, create) => {
    const read = await readAmendmentList(db, user(), parseListQuery(AmendmentListParams, new URL("http://localhost/amendments")));
    expect(read.allowed).toEqual({ create });
    expect(read.rows.map((row) => row.id)).toEqual([amendmentId]);
    expect(read.total).toBe(1);
  });

  test("the new amendment form locks an officer to their agency; the secretariat starts from the proposal's", async () => {
    const own = await readNewAmendment(db, officer, { proposal: proposalCode.toLowerCase() });
    expect(own).toMatchObject({ agencyLocked: true, proposal: { code: proposalCode } });
    expect(own.values).toMatchObject({ agency: "BYT", document: "15/2018/NĐ-CP", provisions: "Điều 5", proposals: proposalCode });
    expect(own.agencies.map((agency) => agency.code)).toEqual(["BYT"]);
    const secretariat = await readNewAmendment(db, reviewer, { proposal: proposalCode });
    expect(secretariat).toMatchObject({ agencyLocked: false, values: { agency: "BYT" } });
    expect((await readNewAmendment(db, admin, {})).proposal).toBeNull();
    await expect(readNewAmendment(db, viewer, {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("a missing amendment is not found", async () => {
    await expect(readAmendmentPage(db, reviewer, { id: MISSING })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a stale stage move carries the stage form's stored values", async () => {
    const before = await readAmendmentPage(db, officer, { id: amendmentId });
    await moveAmendmentStage(db, reviewer, amendmentId, AmendmentStageSchema.parse({ stage: "drafting" }), Number(before.version));
    const stale = await moveAmendmentStage(db, officer, amendmentId, AmendmentStageSchema.parse({ stage: "consultation" }), Number(before.version)).catch(
      (error: unknown) => error,
    );
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect(stale).toMatchObject({ currentVersion: Number(before.version) + 1, current: { stage: "drafting", amending_number: "", reason: "" } });
    const after = await readAmendmentPage(db, officer, { id: amendmentId, asked: "drafting" });
    expect(after.amendment.stage).toBe("drafting");
  });
});

describe("the register's pages", () => {
  test.each(
    each({ "officer of the agency": true, "officer of another agency": false, reviewer: true, viewer: false, admin: true }),
  )("a document's page for the %s", async (_role, user, edit) => {
    const read = await readDocumentPage(db, user(), { id: documentId });
    expect(read.allowed).toEqual({ edit });
    expect(read.document.number).toBe("15/2018/NĐ-CP");
    expect(read.targeting.map((amendment) => amendment.id)).toEqual([amendmentId]);
    expect(read.proposals.rows.map((proposal) => proposal.code)).toEqual([proposalCode]);
  });

  test.each(
    each({ "officer of the agency": true, "officer of another agency": false, reviewer: true, viewer: false, admin: true }),
  )("a document's edit form for the %s", async (_role, user, edit) => {
    const read = readDocumentEdit(db, user(), { id: documentId });
    if (edit) await expect(read).resolves.toMatchObject({ id: documentId, values: { number: "15/2018/NĐ-CP", lead_agency: "BYT" } });
    else await expect(read).rejects.toBeInstanceOf(ForbiddenError);
  });

  test.each(
    each({
      "officer of the agency": { create: true, toComplete: "/documents?incomplete=1&agency=BYT" },
      "officer of another agency": { create: true, toComplete: "/documents?incomplete=1&agency=BCT" },
      reviewer: { create: true, toComplete: "/documents?incomplete=1" },
      viewer: { create: false, toComplete: null },
      admin: { create: true, toComplete: "/documents?incomplete=1" },
    }),
  )("the documents list for the %s", async (_role, user, expected) => {
    const read = await readDocumentList(db, user(), parseListQuery(DocumentListParams, new URL("http://localhost/documents")));
    expect(read.allowed).toEqual({ create: expected.create });
    expect(read.toComplete?.url ?? null).toBe(expected.toComplete);
    expect(read.rows.map((row) => row.id)).toContain(documentId);
  });

  test("the new document form starts from the actor's own agency; a viewer may not open it", async () => {
    expect((await readNewDocument(db, officer)).ownAgency).toBe("BYT");
    expect((await readNewDocument(db, reviewer)).ownAgency).toBe("");
    await expect(readNewDocument(db, viewer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("suggestions match the number however typed", async () => {
    expect((await suggestDocumentNumbers(db, viewer, "15/2018/nd")).map((document) => document.number)).toEqual(["15/2018/NĐ-CP"]);
    expect(await suggestDocumentNumbers(db, viewer, "  ")).toEqual([]);
  });

  test("a missing document is not found, on its page and its edit form", async () => {
    await expect(readDocumentPage(db, viewer, { id: MISSING })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readDocumentEdit(db, admin, { id: MISSING })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a stale document save carries the edit form's stored values", async () => {
    const opened = await readDocumentEdit(db, officer, { id: documentId });
    const input = (title: string) => LegalDocumentSchema.parse({ ...opened.values, title });
    await updateDocument(db, reviewer, documentId, input("Tiêu đề do thư ký sửa"), Number(opened.version));
    const stale = await updateDocument(db, officer, documentId, input("Tiêu đề của bộ"), Number(opened.version)).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect(stale).toMatchObject({ currentVersion: Number(opened.version) + 1, current: { ...opened.values, title: "Tiêu đề do thư ký sửa" } });
  });
});

describe("the decisions' pages", () => {
  test.each(
    each({
      "officer of the agency": { edit: false, export: true },
      "officer of another agency": { edit: false, export: true },
      reviewer: { edit: true, export: true },
      viewer: { edit: false, export: true },
      admin: { edit: true, export: true },
    }),
  )("a decision's page for the %s", async (_role, user, allowed) => {
    const read = await readDecisionPage(db, user(), { id: decisionId });
    expect(read.allowed).toEqual(allowed);
    expect(read.decision.number).toBe("1015/QĐ-TTg");
  });

  test.each(
    each({ "officer of the agency": false, "officer of another agency": false, reviewer: true, viewer: false, admin: true }),
  )("the decisions list and a decision's edit form for the %s", async (_role, user, may) => {
    const list = await readDecisionList(db, user(), parseListQuery(DecisionListParams, new URL("http://localhost/decisions")));
    expect(list.allowed).toEqual({ create: may });
    expect(list.decisions.map((decision) => decision.id)).toEqual([decisionId]);
    const edit = readDecisionEdit(db, user(), { id: decisionId });
    if (may) await expect(edit).resolves.toMatchObject({ number: "1015/QĐ-TTg", values: { signed_on: "30/08/2022", timeline: "Năm 2023" } });
    else await expect(edit).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("the decision's report workbook is titled with its number", async () => {
    const { title, workbook } = await decisionReportWorkbook(db, viewer, { id: decisionId });
    expect(title).toContain("1015/QĐ-TTg");
    expect(workbook.length).toBeGreaterThan(0);
  });

  test("a missing decision is not found, on its page, its edit form and its report", async () => {
    await expect(readDecisionPage(db, viewer, { id: MISSING })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readDecisionEdit(db, admin, { id: MISSING })).rejects.toBeInstanceOf(NotFoundError);
    await expect(decisionReportWorkbook(db, viewer, { id: MISSING })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a stale decision save carries the edit form's stored values", async () => {
    const opened = await readDecisionEdit(db, reviewer, { id: decisionId });
    const input = (title_vi: string) => DecisionSchema.parse({ ...opened.values, title_vi });
    await updateDecision(db, admin, decisionId, input("Tiêu đề sửa lần một"), Number(opened.version));
    const stale = await updateDecision(db, reviewer, decisionId, input("Tiêu đề sửa lần hai"), Number(opened.version)).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect(stale).toMatchObject({ current: { ...opened.values, title_vi: "Tiêu đề sửa lần một" } });
  });
});
