import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import Papa from "papaparse";
import { sharedPasswordHasher } from "~/auth/password.server";
import type { AgencyKind, Role } from "~/domain/vocabulary";
import { getAgency } from "~/models/agency.server";
import { DecisionSchema } from "~/schemas/decision";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { ProposalEditSchema, ProposalSchema } from "~/schemas/proposal";
import { createDecision } from "~/services/decision.server";
import { createDocument } from "~/services/legal-document.server";
import { createProposal } from "~/services/proposal.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { createUser } from "~/services/user.server";
import type { Agency, DB } from "../../db/types";
import { PROJECT_ROOT } from "./database";
import { template, templateDirectory } from "./templates";

// Test data is built through the app's own services, the ones the demo seed uses, so a test
// never holds a row the app could not have written. Values are fixed: a failing test shows
// the same data every run.

export const DEFAULT_AGENCIES = ["BYT", "BTC", "BCT", "VPCP"] as const;
export const DEFAULT_PASSWORD = "mat-khau-kiem-thu-2025";

interface AgencyRow {
  code: string;
  name_vi: string;
  name_en: string;
  kind: AgencyKind;
  active_from: string;
  active_to: string;
}

let agencyRows: AgencyRow[] | undefined;
function agencyCsv(): AgencyRow[] {
  agencyRows ??= Papa.parse<AgencyRow>(fs.readFileSync(path.join(PROJECT_ROOT, "db/seed/data/agencies.csv"), "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  return agencyRows;
}

/** Inserts agencies from db/seed/data/agencies.csv (by default BYT, BTC, BCT and VPCP), keyed by code. */
export async function createAgencies(db: Kysely<DB>, codes: readonly string[] = DEFAULT_AGENCIES): Promise<Record<string, Agency>> {
  const created: Record<string, Agency> = {};
  for (const code of codes) {
    const row = agencyCsv().find((agency) => agency.code === code);
    if (!row) throw new Error(`No agency ${code} in db/seed/data/agencies.csv`);
    created[code] = await db
      .insertInto("agencies")
      .values({
        code: row.code,
        name_vi: row.name_vi,
        name_en: row.name_en,
        kind: row.kind,
        active_from: row.active_from || null,
        active_to: row.active_to || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return created;
}

/** Every agency of db/seed/data/agencies.csv with the successions of agency-successions.csv, keyed by code. */
export async function createAllAgencies(db: Kysely<DB>): Promise<Record<string, Agency>> {
  const agencies = await createAgencies(db, agencyCsv().map((row) => row.code));
  const successions = Papa.parse<{ predecessor: string; successor: string; effective_on: string; scope: "full" | "main" | "partial" }>(
    fs.readFileSync(path.join(PROJECT_ROOT, "db/seed/data/agency-successions.csv"), "utf8"),
    { header: true, skipEmptyLines: true },
  ).data;
  for (const row of successions) {
    await db
      .insertInto("agency_successions")
      .values({ predecessor_id: agencies[row.predecessor]!.id, successor_id: agencies[row.successor]!.id, effective_on: row.effective_on, scope: row.scope })
      .execute();
  }
  return agencies;
}

/** A user as tests need one: the credentials to sign in with and the fields services take as actor. */
export interface TestUser {
  id: number;
  email: string;
  password: string;
  name: string;
  role: Role;
  agency_id: number | null;
  agency_code: string | null;
}

const ROLE_NAMES: Record<Role, string> = {
  officer: "Nguyễn Văn Cán Bộ",
  reviewer: "Trần Thị Thư Ký",
  viewer: "Lê Văn Thành Viên",
  admin: "Phạm Thị Quản Trị",
};

// tests create many users with the same password: hashed once per run (a hash costs a few hundred
// ms), kept with the run's templates; once per test file in a run without them
const hashInThisFile = sharedPasswordHasher();
async function sharedHash(password: string): Promise<string> {
  const directory = templateDirectory();
  if (!directory) return hashInThisFile(password);
  const name = `password-${createHash("sha256").update(password).digest("hex").slice(0, 16)}.txt`;
  const file = await template(directory, name, async (partial) => fs.writeFileSync(partial, await hashInThisFile(password)));
  return fs.readFileSync(file, "utf8");
}

/**
 * Creates a user through createUser, as the command line does (no actor). The email defaults
 * to "<role>[.<agency>]@tinhgon.test"; pass one when a file needs two users of the same kind.
 */
export async function createUserWith(
  db: Kysely<DB>,
  options: { role: Role; agencyCode?: string; email?: string; password?: string; name?: string },
): Promise<TestUser> {
  const agencyCode = options.agencyCode ?? (options.role === "officer" ? "BYT" : undefined);
  const email = options.email ?? `${options.role}${agencyCode ? `.${agencyCode.toLowerCase()}` : ""}@tinhgon.test`;
  const password = options.password ?? DEFAULT_PASSWORD;
  const name = options.name ?? ROLE_NAMES[options.role];
  const id = await createUser(db, null, { email, name, role: options.role, agency: agencyCode ?? null, password }, { hash: sharedHash });
  const user = await db.selectFrom("users").select(["role", "agency_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  const agency = user.agency_id === null ? undefined : await getAgency(db, user.agency_id);
  return { id, email, password, name, role: user.role, agency_id: user.agency_id, agency_code: agency?.code ?? null };
}

/** The fields of the proposal form (the edit form's too), as strings the way a browser posts them. */
export type ProposalFields = Partial<Record<keyof typeof ProposalEditSchema.shape, string>>;

/** A complete, valid proposal form for an agency; tests override the fields they are about. */
export function proposalFields(agencyCode: string, overrides: ProposalFields = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    agency: agencyCode,
    regulation_type: "business_condition",
    title: "Yêu cầu nộp bản sao chứng thực giấy chứng nhận đủ điều kiện kinh doanh dược",
    source_document: "",
    source_provision: "",
    action: "simplify",
    proposed_change: "Cho phép nộp bản sao không chứng thực kèm bản chính để đối chiếu.",
    rationale: "",
    procedure_code: "",
    cost_before_vnd: "",
    cost_after_vnd: "",
    timeline: "",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The fields a proposal needs before it can be submitted, apart from its amendments (or a reason none is needed). */
export const COMPLETE_PROPOSAL: ProposalFields = {
  source_document: "54/2017/NĐ-CP",
  source_provision: "khoản 2 Điều 5",
  rationale: "Trùng với dữ liệu đã có trong cơ sở dữ liệu quốc gia về dược.",
  cost_before_vnd: "1.250.000.000",
  cost_after_vnd: "250.000.000",
};

/** Logs a proposal through createProposal, for the actor's agency unless `agency` says otherwise. */
export function createProposalFor(
  db: Kysely<DB>,
  actor: Pick<TestUser, "id" | "role" | "agency_id" | "agency_code">,
  overrides: ProposalFields = {},
): Promise<{ id: number; code: string }> {
  const input = ProposalSchema.parse(proposalFields(actor.agency_code ?? "BYT", overrides));
  return createProposal(db, actor, input);
}

/** Registers a legal document through createDocument (the actor needs document:create). */
export function createDocumentFor(
  db: Kysely<DB>,
  actor: Pick<TestUser, "id" | "role" | "agency_id">,
  overrides: Partial<Record<keyof typeof LegalDocumentSchema.shape, string>> = {},
): Promise<number> {
  const input = LegalDocumentSchema.parse({
    number: "15/2018/NĐ-CP",
    doc_type: "",
    title: "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm",
    issued_on: "02/02/2018",
    effective_on: "02/02/2018",
    status: "in_force",
    lead_agency: "",
    ...overrides,
  });
  return createDocument(db, actor, input);
}

/** Records a decision through createDecision (the actor needs decision:create: a reviewer or admin). */
export function createDecisionFor(
  db: Kysely<DB>,
  actor: Pick<TestUser, "id" | "role" | "agency_id">,
  overrides: Partial<Record<keyof typeof DecisionSchema.shape, string>> = {},
): Promise<number> {
  const input = DecisionSchema.parse({
    number: "1015/QĐ-TTg",
    signed_on: "30/08/2022",
    kind: "decentralization_plan",
    title_vi: "Phê duyệt Phương án phân cấp trong giải quyết thủ tục hành chính thuộc phạm vi quản lý của bộ, cơ quan ngang bộ",
    title_en: "",
    timeline: "Năm 2023",
    ...overrides,
  });
  return createDecision(db, actor, input);
}

/**
 * A case waiting for the secretariat: the default agencies, BYT's officer and a reviewer, a
 * decision, and the officer's complete proposal submitted without amendments (a reason given).
 */
export async function createSubmittedCase(db: Kysely<DB>): Promise<{ officer: TestUser; reviewer: TestUser; decisionId: number; submitted: string }> {
  await createAgencies(db);
  const officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  const reviewer = await createUserWith(db, { role: "reviewer" });
  const decisionId = await createDecisionFor(db, reviewer);
  const { code: submitted } = await createProposalFor(db, officer, COMPLETE_PROPOSAL);
  await transitionProposal(db, officer, submitted, "submit", { noAmendmentReason: "Chỉ cần sửa hướng dẫn nội bộ." });
  return { officer, reviewer, decisionId, submitted };
}
