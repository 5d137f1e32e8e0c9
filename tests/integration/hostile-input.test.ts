import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql, type Kysely } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { z } from "zod";
import { readTextCell } from "~/domain/spreadsheet-text";
import { dialectOf, openLocation } from "~/db.server";
import { hasControlCharacters } from "~/domain/text";
import { searchIndexesConsistent } from "~/models/search.server";
import { PROPOSAL_TRANSITIONS } from "~/domain/proposal-workflow";
import { AmendmentCommentSchema, AmendmentSchema, AmendmentStageFormSchema, LinkProposalsSchema, UnlinkProposalSchema } from "~/schemas/amendment";
import { AgencyNamesEditSchema } from "~/schemas/agency";
import { BaselineSchema } from "~/schemas/baseline";
import { ConfirmationSchema } from "~/schemas/confirmation";
import { DashboardParams } from "~/schemas/dashboard";
import { DecisionEditSchema, DecisionSchema } from "~/schemas/decision";
import { LegalDocumentEditSchema, LegalDocumentSchema } from "~/schemas/legal-document";
import {
  AmendmentListParams,
  DeadlineParams,
  DecisionListParams,
  DocumentListParams,
  ProposalListParams,
  SearchParams,
  SteeringScopeParams,
} from "~/schemas/list-params";
import { LoginSchema } from "~/schemas/login";
import { ProposalEditSchema, ProposalSchema } from "~/schemas/proposal";
import { SnapshotSchema } from "~/schemas/snapshot";
import { SuccessionSchema } from "~/schemas/succession";
import { PasswordResetSchema, UserSchema, UserTargetSchema } from "~/schemas/user";
import { BulkReviewSchema, NoAmendmentReasonSchema, ProposalCommentSchema, TRANSITION_SCHEMAS } from "~/schemas/workflow";
import { createAmendment } from "~/services/amendment.server";
import { linkProposalsToAmendment } from "~/services/amendment-links.server";
import { IMPORT_COLUMNS, type ImportColumnKey } from "~/services/import/layout";
import type { DB } from "../../db/types";
import { PROJECT_ROOT } from "../support/database";
import {
  COMPLETE_PROPOSAL,
  createAgencies,
  createDecisionFor,
  createDocumentFor,
  createProposalFor,
  createUserWith,
  proposalFields,
  type TestUser,
} from "../support/factories";
import { CONTROL_KINDS, formEncoded, HOSTILE_KINDS, hostileBytes, MEGABYTE_KIND, ODD_IDS, type HostileKind } from "../support/hostile";
import { type Client, decodeHtml, inParallel, mainContent, signedInOnce, type SignedIn } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { tableNames, tableRows } from "../support/table-rows";

// Issue 11 §2: every hostile kind of tests/support/hostile.ts into every field of every form,
// every list's query parameters, every odd id in every parameterised URL and every import
// column. Each is refused with a message or stored; never a 500 or a stack trace; nothing
// half-written; and what is stored comes out of every export as text, never a live formula.
// (Stored values shown inert in a browser: tests/e2e/hostile.test.ts.)

let server: TestServer;
let signedIn: SignedIn;
let admin: TestUser;
let reviewer: TestUser;
let officer: TestUser;
/** The user the user-row forms act on: deactivating or resetting ends a user's sessions. */
let target: TestUser;
let records: { proposal: string; submitted: string; approved: string; document: number; decision: number; amendment: number; linked: string };

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      admin = await createUserWith(db, { role: "admin" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      target = await createUserWith(db, { role: "viewer" });
      const document = await createDocumentFor(db, admin, { number: "54/2017/NĐ-CP" });
      const decision = await createDecisionFor(db, admin);
      const proposal = await createProposalFor(db, officer, COMPLETE_PROPOSAL);
      const submitted = await createProposalFor(db, officer, COMPLETE_PROPOSAL);
      const approved = await createProposalFor(db, officer, COMPLETE_PROPOSAL);
      const linked = await createProposalFor(db, officer, COMPLETE_PROPOSAL);
      const amendment = await createAmendment(db, officer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: linked.code }));
      records = { proposal: proposal.code, submitted: submitted.code, approved: approved.code, document, decision, amendment, linked: linked.code };
    },
  });
  signedIn = signedInOnce(server.url);
  // signed in before the login form's hostile posts count failures against this address
  for (const user of [admin, reviewer, officer]) await signedIn(user);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------
// The forms

interface Post {
  path: string;
  /** A body the form accepts: every field of its schema, the hidden ones included. */
  body: Record<string, string>;
}

interface FormCase {
  /** The route module (app/routes) whose action takes the form. */
  route: string;
  intent?: string;
  /** The schemas its action reads the form with; none for a form read field by field (the language switch). */
  schemas: z.ZodType[];
  /** The fields a form without a schema posts. */
  fields?: string[];
  as: () => TestUser;
  /**
   * Arranges what one post needs (the record in the state the form acts on, its current
   * version, a fresh email) and returns the path and a valid body; called before every post,
   * since the previous post may have succeeded.
   */
  prepare: () => Promise<Post>;
  /** Each post hashes a password (~0.4 s): the kinds are spread over its fields rather than multiplied. */
  slow?: boolean;
  /** Posts may overlap: each makes a record of its own, or none. */
  concurrent?: boolean;
}

let database: Kysely<DB> | undefined;
/** One connection for the file's arranging and checks (server.db() opens another each call). */
function db(): Kysely<DB> {
  database ??= server.db();
  return database;
}

async function versionOf(table: "proposals" | "legal_documents" | "decisions" | "amendments" | "agencies", column: "code" | "id", key: string | number): Promise<string> {
  const row = await db().selectFrom(table).select("version").where(column, "=", key as never).executeTakeFirstOrThrow();
  return String(row.version);
}

/**
 * Puts a proposal back into the status a workflow form acts on. Written directly: the workflow
 * has no step back from every status, and the form's own check is what is under test.
 */
async function proposalIn(code: string, status: "draft" | "submitted" | "approved"): Promise<string> {
  const decision = status === "approved" ? records.decision : null;
  const progress = status === "approved" ? "needs_amendment" : null;
  await db().updateTable("proposals").set({ status, decision_id: decision, implementation_progress: progress, no_amendment_reason: null }).where("code", "=", code).execute();
  return versionOf("proposals", "code", code);
}

let sequence = 0;
const unique = () => ++sequence;

function forms(): FormCase[] {
  const proposalPage = (intent: string, status: "draft" | "submitted" | "approved", body: Record<string, string>, as: () => TestUser = () => admin): FormCase => ({
    route: "proposals.$code._index.tsx",
    intent,
    schemas: [intent === "comment" ? ProposalCommentSchema : intent === "no_amendment" ? NoAmendmentReasonSchema : TRANSITION_SCHEMAS[intent as keyof typeof TRANSITION_SCHEMAS]],
    as,
    prepare: async () => {
      const code = status === "approved" ? records.approved : status === "submitted" ? records.submitted : records.proposal;
      const version = await proposalIn(code, status);
      return { path: `/proposals/${code}`, body: { intent, version, ...body } };
    },
  });
  const amendmentPage = (intent: string, schema: z.ZodType, body: () => Promise<Record<string, string>>): FormCase => ({
    route: "amendments.$id.tsx",
    intent,
    schemas: [schema],
    as: () => officer,
    prepare: async () => ({ path: `/amendments/${records.amendment}`, body: { intent, ...(await body()) } }),
  });
  const documentBody = { number: "", doc_type: "decree", title: "Nghị định về điều kiện kinh doanh", issued_on: "02/02/2018", effective_on: "02/02/2018", status: "in_force", lead_agency: "BYT" };
  const decisionBody = { number: "", signed_on: "30/08/2022", kind: "reduction_plan", title_vi: "Phê duyệt phương án cắt giảm", title_en: "", timeline: "Năm 2027" };
  return [
    { route: "proposals.new.tsx", schemas: [ProposalSchema], as: () => admin, concurrent: true, prepare: async () => ({ path: "/proposals/new", body: proposalFields("BYT") }) },
    {
      route: "proposals.$code.edit.tsx",
      schemas: [ProposalEditSchema],
      as: () => admin,
      prepare: async () => ({
        path: `/proposals/${records.proposal}/edit`,
        body: { ...proposalFields("BYT", COMPLETE_PROPOSAL), timeline: "Quý II/2027", procedure_code: "1.00123", version: await proposalIn(records.proposal, "draft") },
      }),
    },
    proposalPage("comment", "draft", { comment: "Đề nghị bổ sung số liệu." }),
    proposalPage("no_amendment", "approved", { no_amendment_reason: "Quy định nằm trong văn bản đã hết hiệu lực." }),
    proposalPage("submit", "draft", { no_amendment_reason: "Chỉ cần sửa quy trình nội bộ." }, () => officer),
    proposalPage("withdraw", "draft", { comment: "Trùng đề xuất khác.", confirmed: "1" }, () => officer),
    proposalPage("return", "submitted", { comment: "Bổ sung chi phí tuân thủ." }),
    proposalPage("reject", "submitted", { comment: "Không phù hợp.", confirmed: "1" }),
    proposalPage("approve", "submitted", { decision: String(records.decision), due_on: "31/12/2027", comment: "" }),
    proposalPage("reopen", "approved", { comment: "Quyết định đã được đính chính." }),
    {
      route: "proposals.review.tsx",
      schemas: [BulkReviewSchema],
      as: () => admin,
      prepare: async () => {
        await proposalIn(records.submitted, "submitted");
        return { path: "/proposals/review", body: { code: records.submitted, transition: "return", decision: "", comment: "Bổ sung.", redirectTo: "/proposals?status=submitted" } };
      },
    },
    { route: "amendments.new.tsx", schemas: [AmendmentSchema], as: () => officer, concurrent: true, prepare: async () => ({ path: "/amendments/new", body: { document: "54/2017/NĐ-CP", doc_type: "", agency: "BYT", provisions: "Điều 5", form: "amend", deadline: "31/12/2027", note: "", proposals: records.linked } }) },
    amendmentPage("stage", AmendmentStageFormSchema, async () => {
      await db().updateTable("amendments").set({ stage: "not_started" }).where("id", "=", records.amendment).execute();
      return { stage: "drafting", amending_number: "", amending_type: "", promulgated_on: "", effective_on: "", reason: "", confirmed: "", version: await versionOf("amendments", "id", records.amendment) };
    }),
    amendmentPage("link", LinkProposalsSchema, async () => ({ proposals: records.linked })),
    amendmentPage("unlink", UnlinkProposalSchema, async () => {
      await linkProposalsToAmendment(db(), officer, records.amendment, [records.linked]);
      return { proposal: records.linked, confirmed: "1" };
    }),
    amendmentPage("comment", AmendmentCommentSchema, async () => ({ comment: "Đã gửi lấy ý kiến." })),
    { route: "documents.new.tsx", schemas: [LegalDocumentSchema], as: () => admin, concurrent: true, prepare: async () => ({ path: "/documents/new", body: { ...documentBody, number: `${unique()}/2018/NĐ-CP` } }) },
    {
      route: "documents.$id.edit.tsx",
      schemas: [LegalDocumentEditSchema],
      as: () => admin,
      prepare: async () => ({
        path: `/documents/${records.document}/edit`,
        body: { ...documentBody, number: "54/2017/NĐ-CP", version: await versionOf("legal_documents", "id", records.document) },
      }),
    },
    { route: "decisions.new.tsx", schemas: [DecisionSchema], as: () => admin, concurrent: true, prepare: async () => ({ path: "/decisions/new", body: { ...decisionBody, number: `${unique()}/QĐ-TTg` } }) },
    {
      route: "decisions.$id.edit.tsx",
      schemas: [DecisionEditSchema],
      as: () => admin,
      prepare: async () => ({
        path: `/decisions/${records.decision}/edit`,
        body: { ...decisionBody, number: "1015/QĐ-TTg", version: await versionOf("decisions", "id", records.decision) },
      }),
    },
    {
      route: "agencies.$code._index.tsx",
      schemas: [AgencyNamesEditSchema],
      as: () => admin,
      prepare: async () => ({ path: "/agencies/BCT", body: { name_vi: "Bộ Công Thương", name_en: "Ministry of Industry and Trade", version: await versionOf("agencies", "code", "BCT") } }),
    },
    {
      route: "agencies.$code.succession.tsx",
      schemas: [SuccessionSchema],
      as: () => admin,
      prepare: async () => ({
        path: "/agencies/VPCP/succession",
        body: {
          kind: "transfer",
          effective_on: "01/03/2025",
          main: "",
          ...{ partial_1: "BCT", functions_1: "Quản lý thương mại điện tử", partial_2: "", functions_2: "", partial_3: "", functions_3: "", partial_4: "", functions_4: "" },
          users: "",
        },
      }),
    },
    {
      route: "admin.baselines.tsx",
      schemas: [BaselineSchema],
      as: () => admin,
      prepare: async () => {
        const baseline = await db().selectFrom("agency_baselines").innerJoin("agencies", "agencies.id", "agency_baselines.agency_id").select("agency_baselines.version").where("agencies.code", "=", "BYT").executeTakeFirst();
        return { path: "/admin/baselines", body: { agency: "BYT", baseline_on: "01/01/2025", regulations: "1.234", yearly_cost_vnd: "1.000.000.000", version: baseline ? String(baseline.version) : "" } };
      },
    },
    { route: "snapshots.new.tsx", schemas: [SnapshotSchema], as: () => reviewer, concurrent: true, prepare: async () => ({ path: "/snapshots/new", body: { title: "Phiên họp thử", held_on: "01/12/2026" } }) },
    {
      route: "admin.users.tsx",
      intent: "create",
      schemas: [UserSchema],
      as: () => admin,
      slow: true,
      prepare: async () => ({ path: "/admin/users", body: { intent: "create", email: `nguoi.dung.${unique()}@tinhgon.test`, name: "Nguyễn Văn Mới", role: "officer", agency: "BYT", password: "mat-khau-moi-2025" } }),
    },
    { route: "admin.users.tsx", intent: "reset", schemas: [UserTargetSchema, PasswordResetSchema], as: () => admin, slow: true, prepare: async () => ({ path: "/admin/users", body: { intent: "reset", userId: String(target.id), password: target.password } }) },
    ...(["deactivate", "activate"] as const).map(
      (intent): FormCase => ({
        route: "admin.users.tsx",
        intent,
        schemas: intent === "deactivate" ? [UserTargetSchema, ConfirmationSchema] : [UserTargetSchema],
        as: () => admin,
        prepare: async () => ({ path: "/admin/users", body: { intent, userId: String(target.id), ...(intent === "deactivate" ? { confirmed: "1" } : {}) } }),
      }),
    ),
    ...(["confirm", "discard"] as const).map(
      (intent): FormCase => ({
        route: "proposals.import.$id.tsx",
        intent,
        schemas: intent === "discard" ? [ConfirmationSchema] : [],
        as: () => officer,
        prepare: async () => ({ path: `/proposals/import/${await stagedUpload()}`, body: { intent, ...(intent === "discard" ? { confirmed: "1" } : {}) } }),
      }),
    ),
    // last: its refused sign-ins throttle this address
    {
      route: "login.tsx",
      schemas: [LoginSchema],
      as: () => admin,
      slow: true,
      prepare: async () => ({ path: "/login", body: { email: admin.email, password: admin.password, redirectTo: "/proposals" } }),
    },
    // posted as a file by the page; here as text, which it refuses (tests below post files)
    { route: "proposals.import._index.tsx", schemas: [], fields: ["file"], as: () => officer, prepare: async () => ({ path: "/proposals/import", body: { file: "" } }) },
    { route: "set-language.tsx", schemas: [], fields: ["locale", "redirectTo"], as: () => officer, prepare: async () => ({ path: "/set-language", body: { locale: "en", redirectTo: "/proposals" } }) },
  ];
}

/** A one-row plan staged by the officer, for the import report's forms to act on. */
async function stagedUpload(): Promise<number> {
  const http = await signedIn(officer);
  const csv = Papa.unparse([IMPORT_COLUMNS.map((column) => column.key), IMPORT_COLUMNS.map((column) => validImportRow(unique())[column.key])]);
  const response = await http.upload("/proposals/import", { name: "ke-hoach.csv", bytes: new TextEncoder().encode(csv) });
  expect(response.status).toBe(302);
  return Number((response.headers.get("location") ?? "").split("/").pop());
}

/** The fields a schema reads, through refinements, intersections and pipes (zod 4's definitions). */
function schemaFields(schema: z.ZodType): string[] {
  const def = schema.def as unknown as { type: string; shape?: Record<string, unknown>; left?: z.ZodType; right?: z.ZodType; in?: z.ZodType };
  if (def.type === "object") return Object.keys(def.shape ?? {});
  if (def.type === "intersection") return [...schemaFields(def.left!), ...schemaFields(def.right!)];
  if (def.type === "pipe") return schemaFields(def.in!);
  throw new Error(`schemaFields: a ${def.type} schema`);
}

function formFields(form: FormCase): string[] {
  return [...form.schemas.flatMap(schemaFields), ...(form.fields ?? [])];
}

/** The route modules with an action and the intents their source names (`intent === "…"`). */
function routeActions(): { route: string; intents: string[] }[] {
  const directory = path.join(PROJECT_ROOT, "app/routes");
  return fs
    .readdirSync(directory)
    .filter((file) => !file.endsWith(".test.ts"))
    .map((file) => ({ file, source: fs.readFileSync(path.join(directory, file), "utf8") }))
    .filter(({ source }) => /export (const|async function) action\b/.test(source))
    .map(({ file, source }) => {
      const named = [...source.matchAll(/intent [!=]== "(\w+)"/g)].map((match) => match[1] ?? "");
      // the proposal page's transitions are posted under their own names (TRANSITION_SCHEMAS[intent])
      const transitions = source.includes("TRANSITION_SCHEMAS[intent]") ? PROPOSAL_TRANSITIONS : [];
      return { route: file, intents: [...new Set([...named, ...transitions])] };
    });
}

// ---------------------------------------------------------------------------------------------
// Answers

/** A stack frame as Node prints it, or the markers of a raw error page. */
function expectNoTrace(body: string, context: string) {
  expect(body, context).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(body, context).not.toContain("node_modules");
}

/**
 * How a form is posted: as a page posts it before JavaScript (the answer is a whole page), or as
 * the app's script posts it once hydrated (Remix's single fetch, to `<path>.data`: the answer is
 * the action's data). A page renders what was typed back into the form, so it is the one that
 * could run it; the data answer costs a quarter of the time, so most kinds go that way.
 */
type Sent = "page" | "data";

/**
 * A refusal names what was wrong: beside a field, in the form's alert, or as the error page's
 * heading (as data: its messages). A success redirects to a page of this site (or answers with
 * its note). A page never carries what was typed as markup.
 */
async function expectRefusedOrStored(response: Response, context: string, sent: Sent = "page", kind?: HostileKind): Promise<"refused" | "stored"> {
  const body = await response.text();
  expect(response.status, `${context}: ${body.slice(0, 500)}`).toBeLessThan(500);
  expectNoTrace(body, context);
  const location = response.headers.get("location");
  if (location !== null) expect(location, context).toMatch(/^\/(?![/\\])/);
  const page = sent === "page" && (response.headers.get("content-type") ?? "").includes("text/html");
  const main = mainContent(body);
  if (page) {
    // text that breaks out of markup is never in the page as it was typed; no link runs script
    if (kind && /[<"']/.test(kind.value)) expect(main, `${context}: the typed value is in the page as markup`).not.toContain(kind.value);
    expect(main, context).not.toMatch(/\b(href|src|action|formaction)="\s*javascript:/i);
  }
  if ([200, 202, 302, 303].includes(response.status)) return "stored";
  if (sent === "data") {
    // a bulk review names each proposal that could not move
    if (response.status === 409 || response.status === 422) expect(body, context).toMatch(/"errors"|"failures"/);
  } else if (page) {
    const message = /data-field-error="|role="alert"|<h1\b/.test(main);
    expect(message, `${context}: ${response.status} without a message: ${decodeHtml(main).slice(0, 500)}`).toBe(true);
  } else {
    // a file's address (an export) answers a refusal in plain text
    expect(body.trim(), context).not.toBe("");
  }
  return "refused";
}

/** Posts a body whose one field carries a kind's raw bytes; the others percent-encoded as a browser does. */
async function postHostile(http: Client, form: FormCase, post: Post, field: string, kind: HostileKind, sent: Sent): Promise<Response> {
  const rest = new URLSearchParams(Object.entries(post.body).filter(([name]) => name !== field)).toString();
  const cookie = http.cookie("tg_session");
  // the script posts an index route's action with ?index, as Remix's <Form> does
  const target = sent === "page" ? post.path : `${post.path}.data${form.route.endsWith("_index.tsx") ? "?index" : ""}`;
  return fetch(new URL(target, server.url), {
    method: "POST",
    redirect: "manual",
    body: `${rest}${rest ? "&" : ""}${field}=${formEncoded(kind)}`,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      ...(cookie ? { Cookie: `tg_session=${cookie}` } : {}),
    },
  });
}

/**
 * The database is whole: SQLite's own check (the full-text indexes against their tables included)
 * and the foreign keys. PostgreSQL checks every constraint at each write and keeps its search
 * vectors as generated columns, so there it is only asked whether its indexes agree.
 */
async function integrity(): Promise<void> {
  // a connection of its own: one kept open across the server's writes may hold a full-text index's old structure
  const fresh = openLocation(server.database);
  try {
    if (dialectOf(fresh) === "postgres") return expect(await searchIndexesConsistent(fresh)).toBe(true);
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(fresh);
    expect(check.rows.map((row) => row.integrity_check), JSON.stringify(check.rows).slice(0, 2000)).toEqual(["ok"]);
    expect((await sql`pragma foreign_key_check`.execute(fresh)).rows).toEqual([]);
    expect(await searchIndexesConsistent(fresh)).toBe(true);
  } finally {
    await fresh.destroy();
  }
}

/**
 * Every stored text holding C0 control characters, as "table.column: text": none may be stored
 * (hasControlCharacters). The staged imports are left out: their reports quote the refused cells.
 */
async function storedControlCharacters(): Promise<string[]> {
  const tables = (await tableNames(db())).filter((name) => !/fts|^import/.test(name));
  const found: string[] = [];
  for (const name of tables) {
    for (const row of await tableRows(db(), name)) {
      for (const [column, value] of Object.entries(row)) if (typeof value === "string" && hasControlCharacters(value)) found.push(`${name}.${column}: ${JSON.stringify(value.slice(0, 60))}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

describe("every form", () => {
  test("the table knows every route with an action and every intent it names", () => {
    const known = forms();
    for (const { route, intents } of routeActions()) {
      if (route === "logout.tsx") continue; // no field: it ends the session it is sent with
      const covered = known.filter((form) => form.route === route);
      expect(covered.length, `${route} has an action the table of forms does not know`).toBeGreaterThan(0);
      if (intents.length > 0) expect(covered.map((form) => form.intent).sort(), route).toEqual(expect.arrayContaining(intents));
    }
  });

  test("each form's valid body names every field its schema reads, and is accepted", async () => {
    for (const form of forms()) {
      const http = await signedIn(form.as());
      const post = await form.prepare();
      const unknown = formFields(form).filter((field) => !(field in post.body));
      expect(unknown, `${form.route} ${form.intent ?? ""}: fields of the schema the table does not post`).toEqual([]);
      // a second session is not what is under test; a file is no text field
      if (form.route === "login.tsx" || form.route === "proposals.import._index.tsx") continue;
      const response = await http.post(post.path, post.body);
      expect([200, 302], `${form.route} ${form.intent ?? ""}: ${(await response.clone().text()).slice(0, 300)}`).toContain(response.status);
    }
  }, 60_000);

  test("every hostile kind in every field is refused with a message or stored, never a 500", async () => {
    const outcomes = { refused: 0, stored: 0 };
    const requests = { page: 0, data: 0 };
    for (const form of forms()) {
      const fields = formFields(form);
      const tasks = fields.flatMap((field, index) =>
        HOSTILE_KINDS.flatMap((kind, kindIndex) => {
          if (form.slow && kindIndex % 4 !== index % 4) return [];
          // each field gets every kind, one of them (a different one per field) as a page
          const sent: Sent = form.slow || kindIndex === (index * 7) % HOSTILE_KINDS.length ? "page" : "data";
          return [
            async () => {
              const http = await signedIn(form.as());
              const post = await form.prepare();
              const context = `${form.route} ${form.intent ?? ""} ${field} ← ${kind.name} (${sent})`;
              outcomes[await expectRefusedOrStored(await postHostile(http, form, post, field, kind, sent), context, sent, kind)]++;
              requests[sent]++;
            },
          ];
        }),
      );
      // a form that acts on one record in one state posts one at a time: its next post re-arranges it
      await inParallel(tasks, form.slow || form.concurrent ? 3 : 1);
    }
    const all = forms();
    console.log(
      `${HOSTILE_KINDS.length} hostile kinds into ${all.length} forms, ${all.flatMap(formFields).length} fields: ` +
        `${requests.page} posts as pages, ${requests.data} as data; ${outcomes.refused} refused, ${outcomes.stored} stored`,
    );
    await integrity();
    expect(await storedControlCharacters()).toEqual([]);
  }, 240_000);
});

describe("URLs", () => {
  /** Each parameterised route as a path with its parameter replaced by `segment`. */
  function parameterisedPaths(segment: string): string[] {
    return fs
      .readdirSync(path.join(PROJECT_ROOT, "app/routes"))
      .filter((file) => file.includes("$") && !file.endsWith(".test.ts"))
      .map((file) =>
        `/${file
          .replace(/\.(tsx|ts)$/, "")
          .replace(/\[(\.\w+)\]/g, "$1")
          .split(".")
          .filter((part) => part !== "_index")
          .map((part) => (part.startsWith("$") ? segment : part.replace(/_$/, "")))
          .join("/")}`.replace(/\/(csv|xlsx)$/, ".$1"),
      );
  }

  test("every odd id in every parameterised URL is a 4xx page, never a 500", async () => {
    const http = await signedIn(admin);
    const paths = ODD_IDS.flatMap((id) => parameterisedPaths(id.segment).map((url) => ({ url, name: id.name })));
    expect(paths.length).toBeGreaterThan(150);
    await inParallel(
      paths.map(({ url, name }) => async () => {
        for (const response of [await http.get(url), await http.post(url, {})]) {
          const body = await response.text();
          expect(response.status, `${url} (${name}): ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(response.status, `${url} (${name})`).toBeLessThan(500);
          expectNoTrace(body, url);
        }
      }),
      4,
    );
  }, 60_000);

  // the exports read the same parameters through the same reads (their files: below)
  const LISTS: [string, z.ZodObject][] = [
    ["/proposals", ProposalListParams],
    ["/documents", DocumentListParams],
    ["/decisions", DecisionListParams],
    ["/amendments", AmendmentListParams],
    ["/deadlines", DeadlineParams],
    ["/search", SearchParams],
    ["/dashboard", DashboardParams],
    ["/dashboard/charts", SteeringScopeParams],
  ];

  /** Parameters naming a record: one that names none is a 404 for the whole list (tests/integration/list-params.test.ts). */
  const RECORD_PARAMS = ["agency", "decision", "amendment_agency"];

  test("every hostile kind in every query parameter of every list answers the list or a refusal with a message, never a 500", async () => {
    const http = await signedIn(officer);
    const tasks = LISTS.flatMap(([list, schema]) => {
      const params = [...new Set([...Object.keys(schema.shape), "page", "sort"])];
      const together = params.filter((name) => !RECORD_PARAMS.includes(name));
      return HOSTILE_KINDS.flatMap((kind) => {
        // the parameters naming records apart, and each request's values cut to keep the address
        // within 8 KB: a longer one is refused by Node before the app sees it, and no browser sends one
        const queries = [together, params.filter((name) => RECORD_PARAMS.includes(name))].filter((names) => names.length > 0);
        return queries.map((names) => async () => {
          const value = formEncoded(kind).slice(0, Math.floor(8_000 / names.length / 3) * 3);
          const query = names.map((name) => `${name}=${value}`).join("&");
          const context = `${list}?${names.join("&")} ← ${kind.name}`;
          const response = await http.get(`${list}?${query}`);
          // the list (200), or its parameters refused with a message
          await expectRefusedOrStored(response, context, "page", kind);
          requests++;
        });
      });
    });
    let requests = 0;
    await inParallel(tasks, 4);
    console.log(`hostile list queries: ${requests}`);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// The import

/** A row the import accepts as a new proposal of BYT; `n` keeps titles apart. */
function validImportRow(n: number): Record<ImportColumnKey, string> {
  return {
    code: "",
    agency: "BYT",
    regulation_type: "Thủ tục hành chính",
    title: `Quy định nhập thử số ${n}`,
    source_document: "54/2017/NĐ-CP",
    source_provision: "khoản 2 Điều 5",
    action: "Bãi bỏ",
    proposed_change: "Bãi bỏ yêu cầu nộp bản sao chứng thực.",
    rationale: "Trùng dữ liệu đã có.",
    documents_to_amend: "54/2017/NĐ-CP",
    provisions_to_amend: "Điều 5",
    cost_before_vnd: "1.000.000",
    cost_after_vnd: "500.000",
    decision: "",
    timeline: "Năm 2027",
    procedure_code: "",
  };
}

interface HostileRow {
  column: ImportColumnKey;
  kind: HostileKind;
  cells: Record<ImportColumnKey, string>;
}

function hostileRows(kinds: readonly HostileKind[]): HostileRow[] {
  return IMPORT_COLUMNS.flatMap((column) => kinds.map((kind) => ({ column: column.key, kind, cells: { ...validImportRow(unique()), [column.key]: kind.value } })));
}

/** A CSV file of the rows, each hostile cell's raw bytes written as they are. */
function csvBytes(rows: HostileRow[]): Uint8Array {
  const quote = (text: string) => new TextEncoder().encode(`"${text.replaceAll('"', '""')}"`);
  const parts: Uint8Array[] = [];
  const line = (cells: Uint8Array[]) => {
    cells.forEach((cell, index) => parts.push(...(index ? [new TextEncoder().encode(","), cell] : [cell])));
    parts.push(new TextEncoder().encode("\r\n"));
  };
  line(IMPORT_COLUMNS.map((column) => quote(column.header)));
  for (const row of rows) line(IMPORT_COLUMNS.map((column) => (column.key === row.column && row.kind.bytes ? hostileBytes(row.kind) : quote(row.cells[column.key]))));
  return Buffer.concat(parts);
}

async function xlsxBytes(rows: HostileRow[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Kế hoạch");
  sheet.addRow(IMPORT_COLUMNS.map((column) => column.header));
  for (const row of rows) sheet.addRow(IMPORT_COLUMNS.map((column) => row.cells[column.key]));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function proposalCount(): Promise<number> {
  const row = await db().selectFrom("proposals").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The report's figure named `name` (new, updated, unchanged, invalid). */
function reportCount(html: string, name: string): number {
  const match = new RegExp(`data-count="${name}"[^]*?<dd[^>]*>([\\d.,]+)</dd>`).exec(html);
  return Number((match?.[1] ?? "NaN").replace(/[.,]/g, ""));
}

/** Uploads a file; its dry run is a report page (or the upload form refusing the file with a message). */
async function dryRun(http: Client, name: string, bytes: Uint8Array): Promise<{ id: number; html: string } | null> {
  const response = await http.upload("/proposals/import", { name, bytes });
  const outcome = await expectRefusedOrStored(response.clone(), `upload ${name}`);
  if (outcome === "refused") return null;
  const location = response.headers.get("location") ?? "";
  const page = await http.get(location);
  const html = await page.text();
  expect(page.status, `${location}: ${html.slice(0, 300)}`).toBe(200);
  expectNoTrace(html, location);
  return { id: Number(location.split("/").pop()), html: decodeHtml(html) };
}

/**
 * Each row's number as the report gives it: the header is row 1; in a CSV, the line an editor
 * shows, so a line break inside a cell moves the rows after it down.
 */
function reportedRows(rows: HostileRow[], format: "csv" | "xlsx"): number[] {
  let next = 2;
  return rows.map((row) => {
    const number = next;
    next += 1 + (format === "csv" ? Object.values(row.cells).join("").match(/\r\n|\r|\n/g)?.length ?? 0 : 0);
    return number;
  });
}

/** The rows (numbered as the report numbers them) the errors file lists. */
async function invalidRows(http: Client, id: number): Promise<Set<number>> {
  const response = await http.get(`/proposals/import/${id}/errors.csv`);
  expect(response.status).toBe(200);
  const [header, ...rows] = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
  const column = (header ?? []).findIndex((name) => /^(dòng|row)$/i.test(name.trim()));
  expect(column, `errors.csv header: ${header?.join(",")}`).toBeGreaterThanOrEqual(0);
  return new Set(rows.map((row) => Number(row[column])));
}

describe("every import column", () => {
  test.each(["csv", "xlsx"] as const)("hostile %s cells: row errors per row, nothing written until confirmed, then all of the valid rows", async (format) => {
    const http = await signedIn(officer);
    // raw invalid bytes are a CSV's own (an XLSX holds XML text, whose writer cannot put them
    // there); in a CSV they, like control characters, make the whole file unreadable (below);
    // megabyte cells have a file of their own (below), a 16 MB one to read

    const rows = hostileRows(HOSTILE_KINDS.filter((kind) => kind !== MEGABYTE_KIND && !kind.bytes && (format === "xlsx" || !CONTROL_KINDS.includes(kind))));
    const bytes = format === "csv" ? csvBytes(rows) : await xlsxBytes(rows);
    const before = await proposalCount();
    const report = await dryRun(http, `ke-hoach-doc-hai.${format}`, bytes);
    expect(report, "the file as a whole is read").not.toBeNull();
    const { id, html } = report!;
    const invalid = await invalidRows(http, id);
    const counts = Object.fromEntries(["new", "updated", "unchanged", "invalid"].map((name) => [name, reportCount(html, name)]));
    expect(counts.invalid).toBe(invalid.size);
    expect(counts.new! + counts.updated! + counts.unchanged! + counts.invalid!, JSON.stringify(counts)).toBe(rows.length);
    expect(invalid.size).toBeGreaterThan(0);

    // a file with an invalid row cannot be imported: nothing is written
    await expectRefusedOrStored(await http.post(`/proposals/import/${id}`, { intent: "confirm" }), "confirm with invalid rows");
    expect(await proposalCount()).toBe(before);

    // the rows the dry run accepted, alone, are written all together
    const lines = reportedRows(rows, format);
    const valid = rows.filter((_, index) => !invalid.has(lines[index]!));
    const again = await dryRun(http, `ke-hoach-hop-le.${format}`, format === "csv" ? csvBytes(valid) : await xlsxBytes(valid));
    expect(reportCount(again!.html, "invalid")).toBe(0);
    const confirmed = await http.post(`/proposals/import/${again!.id}`, { intent: "confirm" });
    expect(await expectRefusedOrStored(confirmed, "confirm")).toBe("stored");
    // a row without a code whose proposal is already there (the other format's file) is no new one
    expect(await proposalCount()).toBe(before + reportCount(again!.html, "new"));
    await integrity();
  }, 120_000);

  test("a CSV with control characters or invalid UTF-8 in a cell is refused as a whole, with a message", async () => {
    const http = await signedIn(officer);
    const before = await proposalCount();
    for (const kind of HOSTILE_KINDS.filter((each) => each.bytes || CONTROL_KINDS.includes(each))) {
      const report = await dryRun(http, "ke-hoach.csv", csvBytes(hostileRows([kind]).slice(0, 1)));
      expect(report?.html ?? "", kind.name).toContain("data-file-error");
    }
    expect(await proposalCount()).toBe(before);
  });

  test.each(["csv", "xlsx"] as const)("a megabyte in each column of a %s is refused in its row, beside the column", async (format) => {
    const http = await signedIn(officer);
    const rows = hostileRows([MEGABYTE_KIND]);
    const report = await dryRun(http, `mot-megabyte.${format}`, format === "csv" ? csvBytes(rows) : await xlsxBytes(rows));
    const invalid = await invalidRows(http, report!.id);
    // columns without a length limit of their own (the lists of documents and provisions) are cut by the rows they make
    expect(invalid.size).toBeGreaterThanOrEqual(IMPORT_COLUMNS.length - 2);
  }, 60_000);

  test("hostile file names are refused with a message or read", async () => {
    const http = await signedIn(officer);
    const csv = new TextEncoder().encode(Papa.unparse([IMPORT_COLUMNS.map((column) => column.key), IMPORT_COLUMNS.map((column) => validImportRow(unique())[column.key])]));
    for (const kind of HOSTILE_KINDS.filter((each) => each.value.length < 10_000)) {
      await expectRefusedOrStored(await http.upload("/proposals/import", { name: `${kind.value}.csv`, bytes: csv }), `file name ${kind.name}`);
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// The exports

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCells(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
}

async function xlsxSheets(response: Response): Promise<ExcelJS.Worksheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook.worksheets;
}

/** No cell of any sheet is a formula or a link: text a spreadsheet would run stays a string cell. */
function expectNoLiveCell(sheets: ExcelJS.Worksheet[], context: string) {
  for (const sheet of sheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect([ExcelJS.ValueType.Formula, ExcelJS.ValueType.Hyperlink], `${context} ${cell.address}: ${String(cell.value)}`).not.toContain(cell.type);
      }),
    );
  }
}

describe("exports of what was stored", () => {
  const LIST_EXPORTS = ["/proposals/export", "/documents/export", "/amendments/export", "/deadlines/export"];

  test.each(LIST_EXPORTS)("%s: every CSV cell that would start a formula is neutralized, and reads back as the XLSX cell", async (list) => {
    const http = await signedIn(admin);
    const csvResponse = await http.get(`${list}.csv`);
    expect(csvResponse.status).toBe(200);
    const csv = csvCells(await csvResponse.text());
    const xlsxResponse = await http.get(`${list}.xlsx`);
    expect(xlsxResponse.status).toBe(200);
    const [sheet] = await xlsxSheets(xlsxResponse);
    expectNoLiveCell([sheet!], list);
    expect(sheet!.rowCount).toBe(csv.length);
    let formulaLike = 0;
    csv.forEach((row, rowIndex) =>
      row.forEach((cell, column) => {
        const context = `${list}.csv row ${rowIndex + 1} column ${column + 1}: ${JSON.stringify(cell.slice(0, 80))}`;
        // a number (a saving, days late) is no formula: -5 is written as a number
        if (FORMULA_START.test(cell)) expect(cell, context).toMatch(/^-\d+(\.\d+)?$/);
        if (/^'+[=+\-@\t\r]/.test(cell)) formulaLike++;
        const xlsx = sheet!.getRow(rowIndex + 1).getCell(column + 1).value;
        if (typeof xlsx === "string") expect(readTextCell(cell), context).toBe(readTextCell(xlsx));
      }),
    );
    // the forms above stored formulas in proposals' and documents' texts
    if (list === "/proposals/export" || list === "/documents/export") expect(formulaLike, `${list}: the planted formulas are in the file`).toBeGreaterThan(0);
  }, 30_000);

  test("the report workbooks hold no formula and no link", async () => {
    const http = await signedIn(admin);
    const snapshot = await db().selectFrom("snapshots").select("id").orderBy("id").executeTakeFirstOrThrow();
    for (const url of ["/agencies/BYT/report.xlsx", `/decisions/${records.decision}/report.xlsx`, `/snapshots/${snapshot.id}/report.xlsx`]) {
      const response = await http.get(url);
      expect(response.status, url).toBe(200);
      expectNoLiveCell(await xlsxSheets(response), url);
    }
  }, 30_000);
});
