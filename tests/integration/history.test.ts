import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AgencyNamesSchema } from "~/schemas/agency";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { DecisionSchema } from "~/schemas/decision";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { ProposalSchema } from "~/schemas/proposal";
import { updateAgencyNames } from "~/services/agency.server";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { signIn } from "~/services/auth.server";
import { createDecision, updateDecision } from "~/services/decision.server";
import { createDocument, ensureDocument, updateDocument } from "~/services/legal-document.server";
import { commentOnProposal, transitionProposal } from "~/services/proposal-workflow.server";
import { createProposal, updateProposal } from "~/services/proposal.server";
import { recordSuccession } from "~/services/succession.server";
import { createUser, resetPassword, setUserActive } from "~/services/user.server";
import type { Agency, DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { allowInserts, failInserts, tableRows } from "../support/table-rows";
import {
  createAgencies,
  createDecisionFor,
  createDocumentFor,
  createProposalFor,
  createUserWith,
  DEFAULT_PASSWORD,
  proposalFields,
  type TestUser,
} from "../support/factories";

// The history every change leaves, straight on a SQLite file through the services: exactly the
// events each use case writes, none when it is refused, and no change at all when its event
// cannot be written (the change and its event are one transaction).

let database: TestDatabase;
let db: Kysely<DB>;
let agencies: Record<string, Agency>;
let officer: TestUser;
let reviewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  agencies = await createAgencies(db, ["BYT", "BTC", "BCT", "BXD", "BCA", "VPCP"]);
  officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  reviewer = await createUserWith(db, { role: "reviewer" });
  admin = await createUserWith(db, { role: "admin" });
});

afterAll(async () => {
  await database?.remove();
});

type Changes = Record<string, [unknown, unknown]>;

/** An event as the assertions compare it; the id and timestamp vary from run to run. */
interface EventView {
  entity_type: string;
  entity_id: number | null;
  action: string;
  agency_id: number | null;
  actor_id: number | null;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  changes: Changes | null;
}

function event(expected: Pick<EventView, "entity_type" | "entity_id" | "action" | "agency_id" | "actor_id"> & Partial<EventView>): EventView {
  return { from_status: null, to_status: null, comment: null, changes: null, ...expected };
}

async function lastEventId(): Promise<number> {
  const row = await db.selectFrom("events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
  return row.id ?? 0;
}

/** Runs a use case and returns what it returned with the events it wrote, oldest first. */
async function withEvents<T>(run: () => Promise<T>): Promise<[T, EventView[]]> {
  const since = await lastEventId();
  const result = await run();
  const rows = await db.selectFrom("events").selectAll().where("id", ">", since).orderBy("id").execute();
  return [
    result,
    rows.map((row) => ({
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      action: row.action,
      agency_id: row.agency_id,
      actor_id: row.actor_id,
      from_status: row.from_status,
      to_status: row.to_status,
      comment: row.comment,
      changes: row.changes === null ? null : (JSON.parse(row.changes) as Changes),
    })),
  ];
}

function proposalInput(agencyCode: string, overrides: Record<string, string> = {}) {
  return ProposalSchema.parse(proposalFields(agencyCode, overrides));
}

/** Everything a proposal needs before it can be submitted, apart from its amendments. */
const COMPLETE = {
  source_document: "54/2017/NĐ-CP",
  source_provision: "khoản 2 Điều 5",
  rationale: "Trùng với dữ liệu đã có trong cơ sở dữ liệu quốc gia về dược.",
  cost_before_vnd: "1.250.000.000",
  cost_after_vnd: "250.000.000",
};

function documentInput(overrides: Record<string, string> = {}) {
  return LegalDocumentSchema.parse({
    number: "01/2021/TT-BKHĐT",
    doc_type: "",
    title: "Thông tư hướng dẫn về đăng ký doanh nghiệp",
    issued_on: "16/03/2021",
    effective_on: "01/05/2021",
    status: "in_force",
    lead_agency: "",
    ...overrides,
  });
}

function decisionInput(overrides: Record<string, string> = {}) {
  return DecisionSchema.parse({
    number: "1661/QĐ-TTg",
    signed_on: "04/10/2021",
    kind: "reduction_plan",
    title_vi: "Phê duyệt phương án cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh",
    title_en: "",
    timeline: "Năm 2023",
    ...overrides,
  });
}

function stageInput(fields: Record<string, string>) {
  return AmendmentStageSchema.parse(fields);
}

async function documentId(number: string): Promise<number> {
  return (await db.selectFrom("legal_documents").select("id").where("number", "=", number).executeTakeFirstOrThrow()).id;
}

describe("each change writes exactly its events", () => {
  test("createUser: one create event under the user's agency, naming the role", async () => {
    const [id, events] = await withEvents(() =>
      createUser(db, admin, { email: "moi@tinhgon.test", name: "Cán Bộ Mới", role: "officer", agency: "BTC", password: DEFAULT_PASSWORD }),
    );
    expect(events).toEqual([
      event({ entity_type: "user", entity_id: id, action: "create", agency_id: agencies.BTC!.id, actor_id: admin.id, to_status: "officer" }),
    ]);
  });

  test("createProposal: one create event in draft; a new source document adds its own create event first", async () => {
    const [plain, plainEvents] = await withEvents(() => createProposal(db, officer, proposalInput("BYT")));
    expect(plainEvents).toEqual([
      event({ entity_type: "proposal", entity_id: plain.id, action: "create", agency_id: agencies.BYT!.id, actor_id: officer.id, to_status: "draft" }),
    ]);

    const [withSource, events] = await withEvents(() => createProposal(db, officer, proposalInput("BYT", { source_document: "54/2017/NĐ-CP" })));
    expect(events).toEqual([
      event({ entity_type: "legal_document", entity_id: await documentId("54/2017/NĐ-CP"), action: "create", agency_id: agencies.BYT!.id, actor_id: officer.id }),
      event({ entity_type: "proposal", entity_id: withSource.id, action: "create", agency_id: agencies.BYT!.id, actor_id: officer.id, to_status: "draft" }),
    ]);
  });

  test("updateProposal: one update event with before and after of each changed field; nothing when nothing changed", async () => {
    const { id, code } = await createProposalFor(db, officer, { title: "Giấy phép kinh doanh thiết bị y tế" });
    const [, events] = await withEvents(() =>
      updateProposal(db, officer, code, proposalInput("BYT", { title: "Giấy phép kinh doanh thiết bị y tế loại B", rationale: "Chồng chéo", cost_before_vnd: "1.000.000" }), 1),
    );
    expect(events).toEqual([
      event({
        entity_type: "proposal",
        entity_id: id,
        action: "update",
        agency_id: agencies.BYT!.id,
        actor_id: officer.id,
        changes: {
          title: ["Giấy phép kinh doanh thiết bị y tế", "Giấy phép kinh doanh thiết bị y tế loại B"],
          rationale: [null, "Chồng chéo"],
          cost_before_vnd: [null, 1_000_000],
        },
      }),
    ]);

    const [, none] = await withEvents(() =>
      updateProposal(db, officer, code, proposalInput("BYT", { title: "Giấy phép kinh doanh thiết bị y tế loại B", rationale: "Chồng chéo", cost_before_vnd: "1.000.000" }), 2),
    );
    expect(none).toEqual([]);
    expect(await db.selectFrom("proposals").select("version").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ version: 2 });
  });

  test("createDocument and updateDocument: one create event, then one update event with the changes", async () => {
    const [id, created] = await withEvents(() => createDocument(db, reviewer, documentInput()));
    expect(created).toEqual([event({ entity_type: "legal_document", entity_id: id, action: "create", agency_id: null, actor_id: reviewer.id })]);

    const [, updated] = await withEvents(() =>
      updateDocument(db, reviewer, id, documentInput({ title: "Thông tư hướng dẫn đăng ký doanh nghiệp", status: "amended", lead_agency: "BTC" }), 1),
    );
    expect(updated).toEqual([
      event({
        entity_type: "legal_document",
        entity_id: id,
        action: "update",
        agency_id: agencies.BTC!.id,
        actor_id: reviewer.id,
        changes: {
          title: ["Thông tư hướng dẫn về đăng ký doanh nghiệp", "Thông tư hướng dẫn đăng ký doanh nghiệp"],
          status: ["in_force", "amended"],
          lead_agency: [null, "BTC"],
        },
      }),
    ]);
  });

  test("ensureDocument: one create event when the number is new, none when it is in the register", async () => {
    const [id, created] = await withEvents(() => ensureDocument(db, officer, "43/2017/NĐ-CP", { leadAgencyId: agencies.BYT!.id }));
    expect(created).toEqual([event({ entity_type: "legal_document", entity_id: id, action: "create", agency_id: agencies.BYT!.id, actor_id: officer.id })]);
    const [again, none] = await withEvents(() => ensureDocument(db, officer, "43/2017/nd-cp"));
    expect(again).toBe(id);
    expect(none).toEqual([]);
  });

  test("createDecision and updateDecision: one create event, then one update event with the changes", async () => {
    const [id, created] = await withEvents(() => createDecision(db, reviewer, decisionInput()));
    expect(created).toEqual([event({ entity_type: "decision", entity_id: id, action: "create", agency_id: null, actor_id: reviewer.id })]);

    const [, updated] = await withEvents(() => updateDecision(db, reviewer, id, decisionInput({ kind: "other", timeline: "Quý II/2024" }), 1));
    expect(updated).toEqual([
      event({
        entity_type: "decision",
        entity_id: id,
        action: "update",
        agency_id: null,
        actor_id: reviewer.id,
        changes: { kind: ["reduction_plan", "other"], timeline: ["Năm 2023", "Quý II/2024"], due_on: ["2023-12-31", "2024-06-30"] },
      }),
    ]);
  });

  test("createAmendment: the amendment's create event, one link event on each proposal and one on the amendment naming them", async () => {
    const target = await createDocumentFor(db, reviewer, { number: "15/2018/NĐ-CP" });
    const first = await createProposalFor(db, officer);
    const second = await createProposalFor(db, officer);
    const [id, events] = await withEvents(() =>
      createAmendment(
        db,
        officer,
        AmendmentSchema.parse({ document: "15/2018/nd-cp", agency: "BYT", provisions: "Điều 5", form: "amend", proposals: `${first.code}, ${second.code}` }),
      ),
    );
    const byt = agencies.BYT!.id;
    expect(await db.selectFrom("amendments").select("legal_document_id").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ legal_document_id: target });
    expect(events).toEqual([
      event({ entity_type: "amendment", entity_id: id, action: "create", agency_id: byt, actor_id: officer.id, to_status: "not_started" }),
      event({ entity_type: "proposal", entity_id: first.id, action: "link", agency_id: byt, actor_id: officer.id, comment: `#${id}` }),
      event({ entity_type: "proposal", entity_id: second.id, action: "link", agency_id: byt, actor_id: officer.id, comment: `#${id}` }),
      event({ entity_type: "amendment", entity_id: id, action: "link", agency_id: byt, actor_id: officer.id, comment: `${first.code}, ${second.code}` }),
    ]);
  });

  test("moveAmendmentStage: one stage event per move; the amending document's and the target's changes are recorded on them", async () => {
    const target = await createDocumentFor(db, reviewer, { number: "08/2018/NĐ-CP", title: "Nghị định sửa đổi điều kiện kinh doanh" });
    const id = await createAmendment(db, officer, AmendmentSchema.parse({ document: "08/2018/NĐ-CP", agency: "BYT", form: "amend" }));
    const byt = agencies.BYT!.id;

    const [, drafting] = await withEvents(() => moveAmendmentStage(db, officer, id, stageInput({ stage: "drafting" }), 1));
    expect(drafting).toEqual([
      event({ entity_type: "amendment", entity_id: id, action: "stage", agency_id: byt, actor_id: officer.id, from_status: "not_started", to_status: "drafting" }),
    ]);

    const [, promulgated] = await withEvents(() =>
      moveAmendmentStage(db, officer, id, stageInput({ stage: "promulgated", amending_number: "155/2018/NĐ-CP", promulgated_on: "12/11/2018" }), 2),
    );
    const amending = await documentId("155/2018/NĐ-CP");
    expect(promulgated).toEqual([
      event({ entity_type: "legal_document", entity_id: amending, action: "create", agency_id: byt, actor_id: officer.id }),
      event({
        entity_type: "amendment",
        entity_id: id,
        action: "stage",
        agency_id: byt,
        actor_id: officer.id,
        from_status: "drafting",
        to_status: "promulgated",
        comment: "155/2018/NĐ-CP",
        changes: { amending_document_id: [null, amending] },
      }),
    ]);

    const [, inForce] = await withEvents(() => moveAmendmentStage(db, officer, id, stageInput({ stage: "in_force", effective_on: "12/11/2018" }), 3));
    expect(inForce).toEqual([
      event({
        entity_type: "legal_document",
        entity_id: amending,
        action: "update",
        agency_id: byt,
        actor_id: officer.id,
        changes: { effective_on: [null, "2018-11-12"], status: ["not_yet_in_force", "in_force"] },
      }),
      event({
        entity_type: "amendment",
        entity_id: id,
        action: "stage",
        agency_id: byt,
        actor_id: officer.id,
        from_status: "promulgated",
        to_status: "in_force",
        comment: "155/2018/NĐ-CP",
      }),
      event({
        entity_type: "legal_document",
        entity_id: target,
        action: "update",
        agency_id: null,
        actor_id: officer.id,
        comment: "155/2018/NĐ-CP",
        changes: { status: ["in_force", "amended"] },
      }),
    ]);
  });

  test("transitionProposal: every transition writes one status event from → to, with its comment", async () => {
    const decision = await createDecisionFor(db, reviewer, { number: "1015/QĐ-TTg" });
    const { id, code } = await createProposalFor(db, officer, COMPLETE);
    await createAmendment(db, officer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: code }));
    const byt = agencies.BYT!.id;
    const steps = [
      { actor: officer, transition: "submit", input: {}, from: "draft", to: "submitted", comment: null },
      { actor: reviewer, transition: "return", input: { comment: "Bổ sung số liệu chi phí" }, from: "submitted", to: "returned", comment: "Bổ sung số liệu chi phí" },
      { actor: officer, transition: "submit", input: {}, from: "returned", to: "submitted", comment: null },
      { actor: reviewer, transition: "approve", input: { decisionId: decision }, from: "submitted", to: "approved", comment: "1015/QĐ-TTg" },
      { actor: admin, transition: "reopen", input: { comment: "Quyết định được đính chính" }, from: "approved", to: "submitted", comment: "Quyết định được đính chính" },
      { actor: reviewer, transition: "reject", input: { comment: "Không phù hợp" }, from: "submitted", to: "rejected", comment: "Không phù hợp" },
      { actor: admin, transition: "reopen", input: { comment: "Xem xét lại" }, from: "rejected", to: "submitted", comment: "Xem xét lại" },
      { actor: reviewer, transition: "return", input: { comment: "Làm rõ phương án" }, from: "submitted", to: "returned", comment: "Làm rõ phương án" },
      { actor: officer, transition: "withdraw", input: { comment: "Đã xử lý ở đề xuất khác" }, from: "returned", to: "withdrawn", comment: "Đã xử lý ở đề xuất khác" },
      { actor: admin, transition: "reopen", input: { comment: "Rút nhầm" }, from: "withdrawn", to: "submitted", comment: "Rút nhầm" },
    ] as const;
    for (const step of steps) {
      const [, events] = await withEvents(() => transitionProposal(db, step.actor, code, step.transition, step.input));
      expect(events, step.transition).toEqual([
        event({
          entity_type: "proposal",
          entity_id: id,
          action: "status",
          agency_id: byt,
          actor_id: step.actor.id,
          from_status: step.from,
          to_status: step.to,
          comment: step.comment,
        }),
      ]);
    }
  });

  test("commentOnProposal: one comment event", async () => {
    const { id, code } = await createProposalFor(db, officer);
    const [, events] = await withEvents(() => commentOnProposal(db, reviewer, code, "  Đề nghị làm rõ căn cứ.  "));
    expect(events).toEqual([
      event({ entity_type: "proposal", entity_id: id, action: "comment", agency_id: agencies.BYT!.id, actor_id: reviewer.id, comment: "Đề nghị làm rõ căn cứ." }),
    ]);
  });

  test("setUserActive and resetPassword: one event each; none when the state does not change", async () => {
    const user = await createUserWith(db, { role: "officer", agencyCode: "BCT", email: "tam-ngung@tinhgon.test" });
    const bct = agencies.BCT!.id;
    const [, deactivated] = await withEvents(() => setUserActive(db, admin, user.id, false));
    expect(deactivated).toEqual([event({ entity_type: "user", entity_id: user.id, action: "deactivate", agency_id: bct, actor_id: admin.id })]);
    const [, unchanged] = await withEvents(() => setUserActive(db, admin, user.id, false));
    expect(unchanged).toEqual([]);
    const [, activated] = await withEvents(() => setUserActive(db, admin, user.id, true));
    expect(activated).toEqual([event({ entity_type: "user", entity_id: user.id, action: "activate", agency_id: bct, actor_id: admin.id })]);
    const [, reset] = await withEvents(() => resetPassword(db, admin, user.id, "mat-khau-moi-2025"));
    expect(reset).toEqual([event({ entity_type: "user", entity_id: user.id, action: "password_reset", agency_id: bct, actor_id: admin.id })]);
  });

  test("updateAgencyNames: one update event on the agency with the names before and after", async () => {
    const bct = agencies.BCT!;
    const [, events] = await withEvents(() =>
      updateAgencyNames(db, admin, bct.id, AgencyNamesSchema.parse({ name_vi: "Bộ Công Thương (mới)", name_en: bct.name_en }), bct.version),
    );
    expect(events).toEqual([
      event({ entity_type: "agency", entity_id: bct.id, action: "update", agency_id: bct.id, actor_id: admin.id, changes: { name_vi: [bct.name_vi, "Bộ Công Thương (mới)"] } }),
    ]);
  });

  test("recordSuccession: one merge event per open record and per agency, under the predecessor; users moved or deactivated", async () => {
    const predecessor = await db
      .insertInto("agencies")
      .values({ code: "BKHĐT", name_vi: "Bộ Kế hoạch và Đầu tư", name_en: "Ministry of Planning and Investment", kind: "ministry" })
      .returningAll()
      .executeTakeFirstOrThrow();
    const ministryOfficer = await createUserWith(db, { role: "officer", agencyCode: "BKHĐT", email: "bkhdt@tinhgon.test" });
    const open = await createProposalFor(db, ministryOfficer);
    const closed = await createProposalFor(db, ministryOfficer);
    await transitionProposal(db, ministryOfficer, closed.code, "withdraw", { comment: "Không còn cần thiết" });
    await createDocumentFor(db, reviewer, { number: "01/2021/NĐ-CP", title: "Nghị định về đăng ký doanh nghiệp" });
    const amendment = await createAmendment(db, ministryOfficer, AmendmentSchema.parse({ document: "01/2021/NĐ-CP", agency: "BKHĐT", form: "amend" }));
    const btc = agencies.BTC!.id;

    const [result, events] = await withEvents(() =>
      recordSuccession(db, admin, { predecessor: "BKHĐT", effectiveOn: "2025-03-01", main: "BTC", partials: [], users: "deactivate" }),
    );
    expect(result).toEqual({ movedProposals: 1, movedAmendments: 1, movedUsers: 0, deactivatedUsers: 1 });
    const merge = { action: "merge", agency_id: predecessor.id, actor_id: admin.id, from_status: "BKHĐT" };
    expect(events).toEqual([
      event({ ...merge, entity_type: "proposal", entity_id: open.id, to_status: "BTC" }),
      event({ ...merge, entity_type: "amendment", entity_id: amendment, to_status: "BTC" }),
      event({ entity_type: "user", entity_id: ministryOfficer.id, action: "deactivate", agency_id: predecessor.id, actor_id: admin.id, from_status: "BKHĐT" }),
      event({ ...merge, entity_type: "agency", entity_id: predecessor.id, to_status: "BTC", changes: { active_to: [null, "2025-02-28"] } }),
      event({ ...merge, entity_type: "agency", entity_id: btc, agency_id: btc, to_status: "BTC" }),
    ]);
    // the closed proposal stays where it was, without an event
    expect(await db.selectFrom("proposals").select("agency_id").where("id", "=", closed.id).executeTakeFirstOrThrow()).toEqual({ agency_id: predecessor.id });
  });

  test("recordSuccession with users moved: one merge event per user, to the main successor", async () => {
    const predecessor = await db
      .insertInto("agencies")
      .values({ code: "BGTVT", name_vi: "Bộ Giao thông vận tải", name_en: "Ministry of Transport", kind: "ministry" })
      .returningAll()
      .executeTakeFirstOrThrow();
    const transportOfficer = await createUserWith(db, { role: "officer", agencyCode: "BGTVT", email: "bgtvt@tinhgon.test" });
    const [, events] = await withEvents(() =>
      recordSuccession(db, admin, {
        predecessor: "BGTVT",
        effectiveOn: "2025-03-01",
        main: "BXD",
        partials: [{ code: "BCA", functions: "Sát hạch, cấp giấy phép lái xe" }],
        users: "move",
      }),
    );
    const [bxd, bca] = [agencies.BXD!.id, agencies.BCA!.id];
    expect(events).toEqual([
      event({ entity_type: "user", entity_id: transportOfficer.id, action: "merge", agency_id: predecessor.id, actor_id: admin.id, from_status: "BGTVT", to_status: "BXD" }),
      event({
        entity_type: "agency",
        entity_id: predecessor.id,
        action: "merge",
        agency_id: predecessor.id,
        actor_id: admin.id,
        from_status: "BGTVT",
        to_status: "BXD, BCA",
        changes: { active_to: [null, "2025-02-28"] },
      }),
      event({ entity_type: "agency", entity_id: bxd, action: "merge", agency_id: bxd, actor_id: admin.id, from_status: "BGTVT", to_status: "BXD" }),
      event({
        entity_type: "agency",
        entity_id: bca,
        action: "merge",
        agency_id: bca,
        actor_id: admin.id,
        from_status: "BGTVT",
        to_status: "BCA",
        comment: "Sát hạch, cấp giấy phép lái xe",
      }),
    ]);
  });

  test("signIn: a wrong password for a known account writes one sign_in_failed event; an unknown email and a success write none", async () => {
    const user = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "dang-nhap@tinhgon.test" });
    const attempt = (email: string, password: string) => signIn(db, { email, password, ip: "203.0.113.7", userAgent: "vitest" });
    const [failed, events] = await withEvents(() => attempt(user.email, "sai-mat-khau-roi"));
    expect(failed).toEqual({ ok: false, reason: "invalid" });
    expect(events).toEqual([
      event({ entity_type: "user", entity_id: user.id, action: "sign_in_failed", agency_id: agencies.BYT!.id, actor_id: null, comment: "203.0.113.7" }),
    ]);
    const [, unknown] = await withEvents(() => attempt("khong-co@tinhgon.test", "sai-mat-khau-roi"));
    expect(unknown).toEqual([]);
    const [success, none] = await withEvents(() => attempt(user.email, user.password));
    expect(success.ok).toBe(true);
    expect(none).toEqual([]);
  });
});

const TABLES = [
  "agencies",
  "agency_successions",
  "users",
  "sessions",
  "login_failures",
  "legal_documents",
  "decisions",
  "proposals",
  "amendments",
  "proposal_amendments",
  "events",
] as const;

/** Every row of every table: what "nothing changed" is compared against. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    tables[table] = await tableRows(db, table);
  }
  return tables;
}

describe("a change whose event cannot be written does not happen", () => {
  // Everything the use cases below need is arranged before the trigger makes event inserts fail.
  let draft: { id: number; code: string };
  let complete: { id: number; code: string };
  let document: number;
  let decision: number;
  let amendment: number;
  let user: TestUser;

  beforeAll(async () => {
    draft = await createProposalFor(db, officer, { title: "Đề xuất để thử giao dịch" });
    complete = await createProposalFor(db, officer, { ...COMPLETE, source_document: "54/2017/NĐ-CP" });
    await createAmendment(db, officer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: complete.code }));
    document = await createDocumentFor(db, reviewer, { number: "99/2020/NĐ-CP", title: "Nghị định để thử giao dịch" });
    decision = await createDecisionFor(db, reviewer, { number: "99/QĐ-TTg" });
    amendment = await createAmendment(db, officer, AmendmentSchema.parse({ document: "99/2020/NĐ-CP", agency: "BYT", form: "amend", proposals: draft.code }));
    user = await createUserWith(db, { role: "officer", agencyCode: "BTC", email: "giao-dich@tinhgon.test" });
    await db
      .insertInto("agencies")
      .values({ code: "BTTTT", name_vi: "Bộ Thông tin và Truyền thông", name_en: "Ministry of Information and Communications", kind: "ministry" })
      .execute();
    await createUserWith(db, { role: "officer", agencyCode: "BTTTT", email: "btttt@tinhgon.test" });
    await failInserts(db, "events", "fail_events", "no events");
  });

  afterAll(async () => {
    await allowInserts(db, "events", "fail_events");
  });

  const cases: [string, () => Promise<unknown>][] = [
    ["createUser", () => createUser(db, admin, { email: "khong-luu@tinhgon.test", name: "Không Lưu", role: "viewer", agency: null, password: DEFAULT_PASSWORD })],
    ["createProposal", () => createProposal(db, officer, proposalInput("BYT", { source_document: "77/2019/NĐ-CP" }))],
    ["updateProposal", () => updateProposal(db, officer, draft.code, proposalInput("BYT", { title: "Tiêu đề không được lưu", source_document: "78/2019/NĐ-CP" }))],
    ["createDocument", () => createDocument(db, reviewer, documentInput({ number: "79/2019/NĐ-CP" }))],
    ["updateDocument", () => updateDocument(db, reviewer, document, documentInput({ number: "99/2020/NĐ-CP", title: "Trích yếu không được lưu" }))],
    ["ensureDocument", () => ensureDocument(db, officer, "80/2019/NĐ-CP")],
    ["createDecision", () => createDecision(db, reviewer, decisionInput({ number: "98/QĐ-TTg" }))],
    ["updateDecision", () => updateDecision(db, reviewer, decision, decisionInput({ number: "99/QĐ-TTg", title_vi: "Trích yếu không được lưu" }))],
    ["createAmendment", () => createAmendment(db, officer, AmendmentSchema.parse({ document: "81/2019/NĐ-CP", agency: "BYT", form: "amend", proposals: draft.code }))],
    ["moveAmendmentStage", () => moveAmendmentStage(db, officer, amendment, stageInput({ stage: "promulgated", amending_number: "82/2019/NĐ-CP", promulgated_on: "01/07/2019" }))],
    ["transitionProposal", () => transitionProposal(db, officer, complete.code, "submit")],
    ["commentOnProposal", () => commentOnProposal(db, reviewer, draft.code, "Ý kiến không được lưu")],
    ["setUserActive", () => setUserActive(db, admin, user.id, false)],
    ["resetPassword", () => resetPassword(db, admin, user.id, "mat-khau-khong-luu")],
    ["updateAgencyNames", () => updateAgencyNames(db, admin, agencies.BCT!.id, AgencyNamesSchema.parse({ name_vi: "Tên không được lưu", name_en: "Not saved" }))],
    ["recordSuccession", () => recordSuccession(db, admin, { predecessor: "BTTTT", effectiveOn: "2025-03-01", main: "BCT", partials: [], users: "deactivate" })],
    ["signIn failure", () => signIn(db, { email: user.email, password: "sai-mat-khau-roi", ip: "203.0.113.9", userAgent: null })],
  ];

  test.each(cases)("%s throws and leaves every table as it was", async (_name, run) => {
    const before = await snapshot();
    await expect(run()).rejects.toThrow(/no events/);
    expect(await snapshot()).toEqual(before);
  });
});

describe("the history cannot be rewritten", () => {
  test("UPDATE and DELETE on events are refused by the database", async () => {
    const before = await snapshot();
    await expect(sql`UPDATE events SET comment = 'sửa lịch sử'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.updateTable("events").set({ actor_id: null }).where("action", "=", "create").execute()).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("events").where("action", "=", "sign_in_failed").execute()).rejects.toThrow(/append-only/);
    expect(await snapshot()).toEqual(before);
  });
});
