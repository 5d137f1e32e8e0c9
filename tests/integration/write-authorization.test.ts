import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AgencyNamesSchema } from "~/schemas/agency";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { DecisionSchema } from "~/schemas/decision";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { ProposalSchema } from "~/schemas/proposal";
import { setAgencyBaseline } from "~/services/baseline.server";
import { updateAgencyNames } from "~/services/agency.server";
import {
  addAmendmentProvisions,
  commentOnAmendment,
  createAmendment,
  linkProposalsToAmendment,
  moveAmendmentStage,
  setLinkProvisions,
  unlinkProposal,
} from "~/services/amendment.server";
import { createDecision, updateDecision } from "~/services/decision.server";
import { runImport } from "~/services/import/import.server";
import { confirmImport, discardImport, stageImport } from "~/services/import/staged.server";
import { createDocument, updateDocument } from "~/services/legal-document.server";
import { bulkReview, commentOnProposal, transitionProposal } from "~/services/proposal-workflow.server";
import { createProposal, updateProposal } from "~/services/proposal.server";
import { createSnapshot } from "~/services/snapshot.server";
import { recordSuccession } from "~/services/succession.server";
import { createUser, resetPassword, setUserActive } from "~/services/user.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { tableNames, tableRows } from "../support/table-rows";
import { planFile as onePlan } from "../support/plans";

// Every service that writes, called directly on a real database, for each record it writes to,
// by an officer of the agency that owns the records (BYT), an officer of another agency (BCT), a
// reviewer and an admin. Records of two agencies in one write (BYT's proposal on BCT's
// amendment) are cases of their own, so a write path that checks only its container fails here.
// Every refusal must leave the whole database as it was.

type Who = "owner" | "other" | "reviewer" | "admin";
const EVERYONE: Who[] = ["owner", "other", "reviewer", "admin"];

interface WriteCase<C> {
  /** The service and the records it writes, with the agencies that own them. */
  name: string;
  /** Fresh records for one attempt, made by someone allowed to. */
  arrange: () => Promise<C>;
  write: (actor: TestUser, arranged: C) => Promise<unknown>;
  /** Who may; everyone else is refused. */
  allowed: Who[];
}

let database: TestDatabase;
let db: Kysely<DB>;
const actors = {} as Record<Who, TestUser>;
let decisionId: number;
let sequence = 0;
const next = () => ++sequence;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db, ["BYT", "BCT", "BTC"]);
  actors.owner = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  actors.other = await createUserWith(db, { role: "officer", agencyCode: "BCT" });
  actors.reviewer = await createUserWith(db, { role: "reviewer" });
  actors.admin = await createUserWith(db, { role: "admin" });
  decisionId = await createDecisionFor(db, actors.reviewer);
});

afterAll(async () => {
  await database?.remove();
});

const NO_AMENDMENT = "Chỉ cần sửa quy trình nội bộ.";
const officerOf = (agency: "BYT" | "BCT") => (agency === "BYT" ? actors.owner : actors.other);

/** A proposal complete enough to submit, logged by its agency's officer. */
async function proposal(agency: "BYT" | "BCT", status: "draft" | "submitted" | "approved" = "draft") {
  const created = await createProposalFor(db, officerOf(agency), {
    title: `Quy định số ${next()} cần đơn giản hóa`,
    source_document: "54/2017/NĐ-CP",
    source_provision: "Điều 5",
    rationale: "Gây tốn kém cho doanh nghiệp.",
    cost_before_vnd: "2.000.000.000",
    cost_after_vnd: "500.000.000",
  });
  if (status !== "draft") await transitionProposal(db, officerOf(agency), created.code, "submit", { noAmendmentReason: NO_AMENDMENT });
  if (status === "approved") await transitionProposal(db, actors.reviewer, created.code, "approve", { decisionId });
  return created;
}

/** An amendment of an agency carrying the given proposals, made by the secretariat. */
function amendment(agency: "BYT" | "BCT", codes: string[] = []) {
  return createAmendment(
    db,
    actors.reviewer,
    AmendmentSchema.parse({ document: "54/2017/NĐ-CP", doc_type: "", agency, provisions: "", form: "amend", deadline: "", note: "", proposals: codes.join(", ") }),
  );
}

/** A register entry led by an agency, issued 01/02/2019 and in force since 01/03/2019. */
async function documentLedBy(agency: "BYT" | "BCT") {
  const number = `${next()}/2019/NĐ-CP`;
  const id = await createDocumentFor(db, actors.reviewer, { number, lead_agency: agency, issued_on: "01/02/2019", effective_on: "01/03/2019" });
  return { id, number };
}

/** A one-row plan of BYT, in the import layout, naming the document it amends. */
function planFile(code: string) {
  return onePlan(code, { documents_to_amend: "98/2021/NĐ-CP", provisions_to_amend: "Điều 48" });
}

/** An import that does not commit was refused: its report says why, and it wrote nothing. */
async function committed(report: Promise<{ committed: boolean }>) {
  if (!(await report).committed) throw new Error("the import refused its rows");
}

const stageInput = (fields: Record<string, string>) => AmendmentStageSchema.parse(fields);
const FRESH_PREDECESSORS = ["BQP", "BNG", "BTP", "BXD"];

function writeCase<C>(c: WriteCase<C>): WriteCase<unknown> {
  return c as WriteCase<unknown>;
}

const CASES: WriteCase<unknown>[] = [
  // ---------- proposals ----------
  writeCase({
    name: "createProposal: a proposal of BYT",
    arrange: async () => null,
    write: (actor) => createProposal(db, actor, ProposalSchema.parse(proposalFields("BYT", { title: `Quy định mới ${next()}` }))),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "updateProposal: BYT's draft",
    arrange: () => proposal("BYT"),
    write: (actor, p) => updateProposal(db, actor, p.code, ProposalSchema.parse(proposalFields("BYT", { title: "Tên đã sửa" }))),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "transitionProposal submit: BYT's draft",
    arrange: () => proposal("BYT"),
    write: (actor, p) => transitionProposal(db, actor, p.code, "submit", { noAmendmentReason: NO_AMENDMENT }),
    allowed: ["owner"],
  }),
  writeCase({
    name: "transitionProposal withdraw: BYT's submitted proposal",
    arrange: () => proposal("BYT", "submitted"),
    write: (actor, p) => transitionProposal(db, actor, p.code, "withdraw", { comment: "Rút để bổ sung" }),
    allowed: ["owner"],
  }),
  writeCase({
    name: "transitionProposal approve: BYT's submitted proposal",
    arrange: () => proposal("BYT", "submitted"),
    write: (actor, p) => transitionProposal(db, actor, p.code, "approve", { decisionId }),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "bulkReview approve: BYT's submitted proposal",
    arrange: () => proposal("BYT", "submitted"),
    write: (actor, p) => bulkReview(db, actor, [p.code], "approve", { comment: null, decisionId }),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "commentOnProposal: BYT's proposal",
    arrange: () => proposal("BYT", "submitted"),
    write: (actor, p) => commentOnProposal(db, actor, p.code, "Ý kiến"),
    allowed: ["owner", "reviewer", "admin"],
  }),

  // ---------- amendments and their links ----------
  writeCase({
    name: "createAmendment: BYT's amendment carrying BYT's proposal",
    arrange: () => proposal("BYT", "approved"),
    write: (actor, p) =>
      createAmendment(db, actor, AmendmentSchema.parse({ document: "79/2006/NĐ-CP", doc_type: "", agency: "BYT", provisions: "", form: "amend", deadline: "", note: "", proposals: p.code })),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "createAmendment: BCT's amendment carrying BYT's proposal",
    arrange: () => proposal("BYT", "approved"),
    write: (actor, p) =>
      createAmendment(db, actor, AmendmentSchema.parse({ document: "79/2006/NĐ-CP", doc_type: "", agency: "BCT", provisions: "", form: "amend", deadline: "", note: "", proposals: p.code })),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "linkProposalsToAmendment: BYT's proposal onto BYT's amendment",
    arrange: async () => ({ proposal: await proposal("BYT", "approved"), amendment: await amendment("BYT") }),
    write: (actor, a) => linkProposalsToAmendment(db, actor, a.amendment, [a.proposal.code]),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "linkProposalsToAmendment: BYT's proposal onto BCT's amendment",
    arrange: async () => ({ proposal: await proposal("BYT", "approved"), amendment: await amendment("BCT") }),
    write: (actor, a) => linkProposalsToAmendment(db, actor, a.amendment, [a.proposal.code]),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "unlinkProposal: BYT's proposal from BYT's amendment",
    arrange: async () => {
      const p = await proposal("BYT", "approved");
      return { proposal: p, amendment: await amendment("BYT", [p.code]) };
    },
    write: (actor, a) => unlinkProposal(db, actor, a.amendment, a.proposal.code),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "unlinkProposal: BYT's proposal from BCT's amendment",
    arrange: async () => {
      const p = await proposal("BYT", "approved");
      return { proposal: p, amendment: await amendment("BCT", [p.code]) };
    },
    write: (actor, a) => unlinkProposal(db, actor, a.amendment, a.proposal.code),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "setLinkProvisions: BYT's proposal on BYT's amendment",
    arrange: async () => {
      const p = await proposal("BYT", "approved");
      return { proposal: p, amendment: await amendment("BYT", [p.code]) };
    },
    write: (actor, a) => db.transaction().execute((trx) => setLinkProvisions(trx, actor, { amendmentId: a.amendment, proposalId: a.proposal.id }, "khoản 3 Điều 7")),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "setLinkProvisions: BYT's proposal on BCT's amendment",
    arrange: async () => {
      const p = await proposal("BYT", "approved");
      return { proposal: p, amendment: await amendment("BCT", [p.code]) };
    },
    write: (actor, a) => db.transaction().execute((trx) => setLinkProvisions(trx, actor, { amendmentId: a.amendment, proposalId: a.proposal.id }, "khoản 3 Điều 7")),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "addAmendmentProvisions: BYT's amendment",
    arrange: () => amendment("BYT"),
    write: (actor, id) => db.transaction().execute((trx) => addAmendmentProvisions(trx, actor, id, "Điều 9")),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "moveAmendmentStage: BYT's amendment to drafting",
    arrange: () => amendment("BYT"),
    write: (actor, id) => moveAmendmentStage(db, actor, id, stageInput({ stage: "drafting" })),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "moveAmendmentStage: BYT's amendment promulgated by a BYT-led document, with other dates",
    arrange: async () => ({ amendment: await amendment("BYT"), document: await documentLedBy("BYT") }),
    write: (actor, a) => moveAmendmentStage(db, actor, a.amendment, stageInput({ stage: "promulgated", amending_number: a.document.number, promulgated_on: "01/01/1990" })),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "moveAmendmentStage: BCT's amendment promulgated by a BYT-led document, with other dates",
    arrange: async () => ({ amendment: await amendment("BCT"), document: await documentLedBy("BYT") }),
    write: (actor, a) => moveAmendmentStage(db, actor, a.amendment, stageInput({ stage: "promulgated", amending_number: a.document.number, promulgated_on: "01/01/1990" })),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "moveAmendmentStage: BCT's amendment in force by a BYT-led document, as the register has it",
    arrange: async () => ({ amendment: await amendment("BCT"), document: await documentLedBy("BYT") }),
    write: (actor, a) =>
      moveAmendmentStage(db, actor, a.amendment, stageInput({ stage: "in_force", amending_number: a.document.number, promulgated_on: "01/02/2019", effective_on: "01/03/2019" })),
    allowed: ["other", "reviewer", "admin"],
  }),
  writeCase({
    name: "commentOnAmendment: BYT's amendment",
    arrange: () => amendment("BYT"),
    write: (actor, id) => commentOnAmendment(db, actor, id, "Ý kiến"),
    allowed: ["owner", "reviewer", "admin"],
  }),

  // ---------- the register ----------
  writeCase({
    name: "createDocument: a register entry led by BYT",
    arrange: async () => `${next()}/2020/TT-BYT`,
    write: (actor, number) =>
      createDocument(db, actor, LegalDocumentSchema.parse({ number, doc_type: "", title: "Thông tư", issued_on: "", effective_on: "", status: "in_force", lead_agency: "BYT" })),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "updateDocument: a BYT-led document",
    arrange: () => documentLedBy("BYT"),
    write: async (actor, d) => {
      const { version } = await db.selectFrom("legal_documents").select("version").where("id", "=", d.id).executeTakeFirstOrThrow();
      const input = LegalDocumentSchema.parse({ number: d.number, doc_type: "", title: "Tên đã sửa", issued_on: "01/02/2019", effective_on: "01/03/2019", status: "in_force", lead_agency: "BYT" });
      return updateDocument(db, actor, d.id, input, version);
    },
    allowed: ["owner", "reviewer", "admin"],
  }),

  // ---------- decisions, agencies, meetings, users ----------
  writeCase({
    name: "createDecision",
    arrange: async () => `${next()}/QĐ-TTg`,
    write: (actor, number) =>
      createDecision(db, actor, DecisionSchema.parse({ number, signed_on: "01/06/2023", kind: "reduction_plan", title_vi: "Phê duyệt", title_en: "", timeline: "" })),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "updateDecision",
    arrange: () => createDecisionFor(db, actors.reviewer, { number: `${next()}/QĐ-TTg` }),
    write: async (actor, id) => {
      const decision = await db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const input = DecisionSchema.parse({ number: decision.number, signed_on: "01/06/2023", kind: "reduction_plan", title_vi: "Tên đã sửa", title_en: "", timeline: "" });
      return updateDecision(db, actor, id, input, decision.version);
    },
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "updateAgencyNames: BYT",
    arrange: () => db.selectFrom("agencies").select(["id", "version"]).where("code", "=", "BYT").executeTakeFirstOrThrow(),
    write: (actor, a) => updateAgencyNames(db, actor, a.id, AgencyNamesSchema.parse({ name_vi: `Bộ Y tế ${next()}`, name_en: "Ministry of Health" }), a.version),
    allowed: ["admin"],
  }),
  writeCase({
    name: "setAgencyBaseline: BYT",
    arrange: async () =>
      (
        await db
          .selectFrom("agency_baselines")
          .innerJoin("agencies", "agencies.id", "agency_baselines.agency_id")
          .select("agency_baselines.version")
          .where("agencies.code", "=", "BYT")
          .executeTakeFirst()
      )?.version,
    write: (actor, version) =>
      setAgencyBaseline(db, actor, { agency: "BYT", baseline_on: "2020-01-01", regulations: 1000 + next(), yearly_cost_vnd: 5_000_000_000 }, version),
    allowed: ["admin"],
  }),
  writeCase({
    name: "recordSuccession: an agency merged into BTC",
    arrange: async () => {
      const code = FRESH_PREDECESSORS.shift() ?? "";
      await createAgencies(db, [code]);
      return code;
    },
    write: (actor, code) => recordSuccession(db, actor, { predecessor: code, effectiveOn: "2025-03-01", main: "BTC", partials: [], users: "move" }),
    allowed: ["admin"],
  }),
  writeCase({
    name: "createSnapshot",
    arrange: async () => null,
    write: (actor) => createSnapshot(db, actor, { title: `Phiên họp ${next()}`, held_on: "2026-06-30" }, "2026-06-30"),
    allowed: ["reviewer", "admin"],
  }),
  writeCase({
    name: "createUser: an officer of BYT",
    arrange: async () => `can-bo-${next()}@tinhgon.test`,
    write: (actor, email) => createUser(db, actor, { email, name: "Cán bộ mới", role: "officer", agency: "BYT", password: "mat-khau-du-dai-2025" }),
    allowed: ["admin"],
  }),
  writeCase({
    name: "setUserActive: an officer of BYT",
    arrange: () => createUserWith(db, { role: "officer", agencyCode: "BYT", email: `nghi-${next()}@tinhgon.test` }),
    write: (actor, user) => setUserActive(db, actor, user.id, false),
    allowed: ["admin"],
  }),
  writeCase({
    name: "resetPassword: an officer of BYT",
    arrange: () => createUserWith(db, { role: "officer", agencyCode: "BYT", email: `quen-${next()}@tinhgon.test` }),
    write: (actor, user) => resetPassword(db, actor, user.id, "mat-khau-moi-2025"),
    allowed: ["admin"],
  }),

  // ---------- imports ----------
  writeCase({
    name: "runImport: a plan row of BYT",
    arrange: async () => planFile(`BYT-${String(500 + next()).padStart(4, "0")}`),
    write: (actor, file) => committed(runImport(db, actor, file, { commit: true })),
    allowed: ["owner", "reviewer", "admin"],
  }),
  writeCase({
    name: "confirmImport: BYT's officer's staged upload",
    arrange: () => stageImport(db, actors.owner, planFile(`BYT-${String(500 + next()).padStart(4, "0")}`)),
    write: (actor, id) => committed(confirmImport(db, actor, id)),
    allowed: ["owner"],
  }),
  writeCase({
    name: "discardImport: BYT's officer's staged upload",
    arrange: () => stageImport(db, actors.owner, planFile(`BYT-${String(500 + next()).padStart(4, "0")}`)),
    write: (actor, id) => discardImport(db, actor, id),
    allowed: ["owner"],
  }),
];

/** Every row of every table: what a refusal must leave exactly as it was. */
async function wholeDatabase(): Promise<string> {
  const content: Record<string, unknown[]> = {};
  for (const name of await tableNames(db)) content[name] = await tableRows(db, name);
  return JSON.stringify(content);
}

describe.each(CASES)("$name", (writeCase) => {
  test.each(EVERYONE)("by %s", async (who) => {
    const arranged = await writeCase.arrange();
    const before = await wholeDatabase();
    // some services refuse before they return a promise: both ways count as a refusal
    const outcome = await Promise.resolve()
      .then(() => writeCase.write(actors[who], arranged))
      .then(
        () => "done",
        (error: unknown) => error,
      );
    if (writeCase.allowed.includes(who)) {
      expect(outcome).toBe("done");
      expect(await wholeDatabase()).not.toBe(before);
    } else {
      expect(outcome).not.toBe("done");
      expect(await wholeDatabase()).toBe(before);
    }
  });
});
