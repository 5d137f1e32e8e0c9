import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { AmendmentSchema } from "~/schemas/amendment";
import { SnapshotSchema } from "~/schemas/snapshot";
import { createAmendment } from "~/services/amendment.server";
import { stageImport } from "~/services/import/staged.server";
import { createSnapshot } from "~/services/snapshot.server";
import { setUserActive } from "~/services/user.server";
import type { DB } from "../../db/types";
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
import { client, inParallel, signedInClient, type Client } from "../support/http";
import { appRoutes, fillPath, type AppRoute } from "../support/routes";
import { startServer, type TestServer } from "../support/server";
import { securityHeaderProblems } from "../support/security";
import { planFile } from "../support/plans";

// The authorization matrix: every route of the production build's manifest × GET and each kind
// of post (the `intent`s its handle lists) × every kind of actor, each with the answer written in
// TABLE below. A route or intent the table does not answer for fails the test, and so does an entry
// for a route that is gone: nobody adds a page without deciding who may use it. Every loader's data
// endpoint (single fetch's `.data`) must refuse whom the page refuses, and the older `?_data=` is
// refused to all. A refused post must leave the database as it was; an allowed one must have
// written what it says, and one that says it writes nothing, nothing.
//
// Its companion is tests/integration/write-authorization.test.ts: the services called directly,
// for each record a write touches, by an officer of the owning agency and of another one.
//
// Records are BYT's: a draft proposal, an amendment carrying it, a register document BYT leads, an
// upload of BYT's officer; a decision and a meeting snapshot. A post that is allowed is refused
// by the record's state or its form where it can be (an empty form: 422; a stale version: 409),
// which proves authorization passed without changing the fixtures; posts whose form the route
// reads only after the service's own check on the record, or that take no form, write fresh
// records of their own.

const ACTORS = ["anonymous", "viewer", "owner", "other", "reviewer", "admin", "deactivated"] as const;
type ActorName = (typeof ACTORS)[number];

/** A status code, or "login": a redirect to the sign-in page (the answer to nobody signed in). */
type Answer = number | "login";
/** The answers of one route and method, one per actor in the order of ACTORS. */
type Row = readonly [Answer, Answer, Answer, Answer, Answer, Answer, Answer];

const L = "login";
const READ: Row = [L, 200, 200, 200, 200, 200, L];
const EXPORT = READ;
const IMPORTER: Row = [L, 403, 200, 200, 200, 200, L];
const SECRETARIAT: Row = [L, 403, 403, 403, 200, 200, L];
const ADMIN: Row = [L, 403, 403, 403, 403, 200, L];
/** The uploader's own upload; an admin reads everyone's; to anyone else it is not there. */
const UPLOADER: Row = [L, 403, 200, 404, 404, 200, L];
const EVERYONE = (answer: Answer): Row => [answer, answer, answer, answer, answer, answer, answer];

interface Records {
  proposal: string;
  amendment: number;
  document: number;
  decision: number;
  snapshot: number;
  upload: number;
  agency: string;
  /** A deactivated viewer an admin may act on. */
  spare: number;
}

type Fields = Record<string, string>;

/** What one post may make before it is sent: records of its own, through the services. */
interface Arrange {
  /** A number not used before in this file, for values each attempt needs its own of. */
  next(): number;
  /** A fresh draft proposal of BYT, complete enough to submit. */
  proposal(): Promise<string>;
  /** A fresh amendment of BYT carrying these proposals. */
  amendment(codes: string[]): Promise<number>;
  /** A fresh upload of BYT's officer awaiting confirmation, one new proposal in it. */
  upload(): Promise<number>;
}

interface Post {
  answers: Row;
  /** The form posted to the shared records (none: an empty form). */
  form?: (records: Records) => Fields;
  /** Instead, for each attempt: fresh records to post to, and the form. */
  fresh?: (arrange: Arrange) => Promise<{ fields: Fields; records?: Partial<Records> }>;
  /** What an allowed post must have written, checked after each one answered with success; without it, a post writes nothing. */
  wrote?: (db: Kysely<DB>, fields: Fields, records: Records) => Promise<boolean>;
  /** Ends the actor's session: sent after every other request. */
  endsSession?: true;
}

interface Entry {
  GET: Row;
  /** One post, or one per intent of the route's handle. */
  POST?: Post | Record<string, Post>;
}

const post = (answers: Row, options: Omit<Post, "answers"> = {}): Post => ({ answers, ...options });
const STALE_VERSION = "999";

// Each row, in the order of ACTORS: anonymous, viewer, BYT's officer (the owner of the records),
// BCT's officer (another agency's), reviewer, admin, a BYT officer deactivated while signed in.
const TABLE: Record<string, Entry> = {
  "routes/_index": { GET: [L, 302, 302, 302, 302, 302, L] },
  "routes/$": { GET: EVERYONE(404), POST: post(EVERYONE(404)) },
  "routes/healthz": { GET: EVERYONE(200) },
  "routes/readyz": { GET: EVERYONE(200) },
  // the page goes home for whoever is signed in, after a refused sign-in too
  "routes/login": { GET: [200, 302, 302, 302, 302, 302, 200], POST: post([422, 302, 302, 302, 302, 302, 422]) },
  "routes/logout": { GET: EVERYONE(302), POST: post(EVERYONE(L), { endsSession: true }) },
  "routes/set-language": { GET: EVERYONE(302), POST: post(EVERYONE(302), { form: () => ({ locale: "en" }) }) },
  "routes/dashboard": { GET: READ },
  "routes/dashboard_.charts": { GET: READ },
  "routes/search": { GET: READ },
  "routes/deadlines": { GET: READ },
  "routes/deadlines.export[.csv]": { GET: EXPORT },
  "routes/deadlines.export[.xlsx]": { GET: EXPORT },

  "routes/proposals._index": { GET: READ },
  "routes/proposals.export[.csv]": { GET: EXPORT },
  "routes/proposals.export[.xlsx]": { GET: EXPORT },
  "routes/proposals.new": {
    GET: IMPORTER,
    // a complete proposal of BYT: another agency's officer may not file it
    POST: post([L, 403, 302, 403, 302, 302, L], {
      fresh: async ({ next }) => ({ fields: proposalFields("BYT", { ...COMPLETE_PROPOSAL, title: `Đề xuất số ${next()} của ma trận` }) }),
      wrote: async (db, fields) =>
        (await db.selectFrom("proposals").innerJoin("agencies", "agencies.id", "proposals.agency_id").select("agencies.code").where("title", "=", fields.title ?? "").executeTakeFirst())
          ?.code === "BYT",
    }),
  },
  "routes/proposals.review": { GET: SECRETARIAT, POST: post([L, 403, 403, 403, 422, 422, L]) },
  "routes/proposals.$code._index": {
    GET: READ,
    // the page authorizes the form before reading it: an empty form is 422 for whoever may post it
    POST: {
      submit: post([L, 403, 422, 403, 403, 403, L]),
      withdraw: post([L, 403, 422, 403, 403, 403, L]),
      return: post([L, 403, 403, 403, 422, 422, L]),
      reject: post([L, 403, 403, 403, 422, 422, L]),
      approve: post([L, 403, 403, 403, 422, 422, L]),
      reopen: post([L, 403, 403, 403, 403, 422, L]),
      comment: post([L, 403, 422, 403, 422, 422, L]),
      no_amendment: post([L, 403, 422, 403, 422, 422, L]),
    },
  },
  "routes/proposals.$code.edit": {
    GET: [L, 403, 200, 403, 200, 200, L],
    POST: post([L, 403, 409, 403, 409, 409, L], {
      form: () => ({ ...proposalFields("BYT", { ...COMPLETE_PROPOSAL, title: "Tên mới của ma trận" }), version: STALE_VERSION }),
    }),
  },
  "routes/proposals.import._index": { GET: IMPORTER, POST: post([L, 403, 422, 422, 422, 422, L]) },
  "routes/proposals.import.template[.xlsx]": { GET: IMPORTER },
  "routes/proposals.import.$id": {
    GET: UPLOADER,
    // only the uploader settles an upload; to whoever may not see it, it is not there
    POST: {
      confirm: post([L, 403, 302, 404, 404, 403, L], {
        fresh: async (arrange) => ({ fields: {}, records: { upload: await arrange.upload() } }),
        wrote: async (db, _fields, records) => (await uploadStatus(db, records.upload)) === "committed",
      }),
      discard: post([L, 403, 302, 404, 404, 403, L], {
        fresh: async (arrange) => ({ fields: { confirmed: "1" }, records: { upload: await arrange.upload() } }),
        wrote: async (db, _fields, records) => (await uploadStatus(db, records.upload)) === "discarded",
      }),
    },
  },
  "routes/proposals.import.$id.errors[.csv]": { GET: UPLOADER },

  "routes/amendments._index": { GET: READ },
  "routes/amendments.export[.csv]": { GET: EXPORT },
  "routes/amendments.export[.xlsx]": { GET: EXPORT },
  "routes/amendments.new": {
    GET: IMPORTER,
    POST: post([L, 403, 302, 403, 302, 302, L], {
      fresh: async ({ next }) => ({ fields: amendmentFields(`Khoản ${next()} Điều 1`) }),
      wrote: async (db, fields) => (await db.selectFrom("amendments").select("id").where("provisions", "=", fields.provisions ?? "").executeTakeFirst()) !== undefined,
    }),
  },
  "routes/amendments.$id": {
    GET: READ,
    POST: {
      stage: post([L, 403, 409, 403, 409, 409, L], { form: () => ({ stage: "drafting", version: STALE_VERSION }) }),
      link: post([L, 403, 302, 403, 302, 302, L], {
        fresh: async (arrange) => ({ fields: { proposals: await arrange.proposal() } }),
        wrote: (db, fields, records) => linked(db, records.amendment, fields.proposals ?? ""),
      }),
      unlink: post([L, 403, 302, 403, 302, 302, L], {
        fresh: async (arrange) => {
          const code = await arrange.proposal();
          return { fields: { proposal: code, confirmed: "1" }, records: { amendment: await arrange.amendment([code]) } };
        },
        wrote: async (db, fields, records) => !(await linked(db, records.amendment, fields.proposal ?? "")),
      }),
      comment: post([L, 403, 302, 403, 302, 302, L], {
        fresh: async ({ next }) => ({ fields: { comment: `Ý kiến số ${next()} của ma trận` } }),
        wrote: async (db, fields) => (await db.selectFrom("events").select("id").where("comment", "=", fields.comment ?? "").executeTakeFirst()) !== undefined,
      }),
    },
  },

  "routes/documents._index": { GET: READ },
  "routes/documents.export[.csv]": { GET: EXPORT },
  "routes/documents.export[.xlsx]": { GET: EXPORT },
  "routes/documents.suggest": { GET: READ },
  "routes/documents.new": { GET: IMPORTER, POST: post([L, 403, 422, 422, 422, 422, L]) },
  "routes/documents.$id._index": { GET: READ },
  "routes/documents.$id.edit": {
    GET: [L, 403, 200, 403, 200, 200, L],
    POST: post([L, 403, 409, 403, 409, 409, L], { form: () => ({ ...documentFields(), version: STALE_VERSION }) }),
  },

  "routes/decisions._index": { GET: READ },
  "routes/decisions.new": { GET: SECRETARIAT, POST: post([L, 403, 403, 403, 422, 422, L]) },
  "routes/decisions.$id._index": { GET: READ },
  "routes/decisions.$id.edit": { GET: SECRETARIAT, POST: post([L, 403, 403, 403, 422, 422, L]) },
  "routes/decisions.$id.report[.xlsx]": { GET: EXPORT },
  "routes/reports.decisions.$id": { GET: EXPORT },

  "routes/agencies._index": { GET: READ },
  "routes/agencies.$code._index": { GET: READ, POST: post([L, 403, 403, 403, 403, 422, L]) },
  "routes/agencies.$code.succession": { GET: ADMIN, POST: post([L, 403, 403, 403, 403, 422, L]) },
  "routes/agencies.$code.report[.xlsx]": { GET: EXPORT },
  "routes/reports.agencies.$code": { GET: EXPORT },

  "routes/snapshots._index": { GET: READ },
  "routes/snapshots.new": { GET: SECRETARIAT, POST: post([L, 403, 403, 403, 422, 422, L]) },
  "routes/snapshots.$id": { GET: READ },
  "routes/snapshots.$id.report[.xlsx]": { GET: EXPORT },
  "routes/reports.snapshots.$id": { GET: EXPORT },

  "routes/admin.baselines": { GET: ADMIN, POST: post([L, 403, 403, 403, 403, 422, L]) },
  "routes/admin.users": {
    GET: ADMIN,
    POST: {
      create: post([L, 403, 403, 403, 403, 422, L]),
      deactivate: post([L, 403, 403, 403, 403, 422, L], { form: (records) => ({ userId: String(records.spare) }) }),
      reset: post([L, 403, 403, 403, 403, 422, L], { form: (records) => ({ userId: String(records.spare) }) }),
      activate: post([L, 403, 403, 403, 403, 200, L], {
        form: (records) => ({ userId: String(records.spare) }),
        wrote: async (db, _fields, records) => (await db.selectFrom("users").select("active").where("id", "=", records.spare).executeTakeFirst())?.active === 1,
      }),
    },
  },
};

/** The amendment form for BYT, on a document the register already holds. */
function amendmentFields(provisions: string): Fields {
  return { document: "54/2017/NĐ-CP", doc_type: "", agency: "BYT", provisions, form: "amend", deadline: "", note: "", proposals: "" };
}

/** The register entry BYT leads, as its edit form posts it. */
function documentFields(): Fields {
  return {
    number: "15/2018/NĐ-CP",
    doc_type: "",
    title: "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm",
    issued_on: "02/02/2018",
    effective_on: "02/02/2018",
    status: "in_force",
    lead_agency: "BYT",
  };
}

async function uploadStatus(db: Kysely<DB>, id: number): Promise<string | undefined> {
  return (await db.selectFrom("imports").select("status").where("id", "=", id).executeTakeFirst())?.status;
}

async function linked(db: Kysely<DB>, amendment: number, code: string): Promise<boolean> {
  const link = await db
    .selectFrom("proposal_amendments")
    .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
    .select("proposals.id")
    .where("proposal_amendments.amendment_id", "=", amendment)
    .where("proposals.code", "=", code)
    .executeTakeFirst();
  return link !== undefined;
}

/** The record each parameter stands for, named by the segment before it ("/amendments/:id"). */
const RECORD_AFTER: Record<string, (records: Records) => string | number> = {
  proposals: (records) => records.proposal,
  import: (records) => records.upload,
  amendments: (records) => records.amendment,
  documents: (records) => records.document,
  decisions: (records) => records.decision,
  snapshots: (records) => records.snapshot,
  agencies: (records) => records.agency,
};

function addressOf(route: AppRoute, records: Records): string {
  return fillPath(route.path, (param, after) => {
    if (param === "*") return "no-such-page";
    const record = RECORD_AFTER[after];
    if (!record) throw new Error(`No record for ${param} after /${after}/ in ${route.path}: add one to RECORD_AFTER`);
    return String(record(records));
  });
}

// ---------------------------------------------------------------------------------------------

type Who = "owner" | "other" | "viewer" | "reviewer" | "admin" | "deactivated" | "spare";

let server: TestServer;
let db: Kysely<DB>;
let routes: AppRoute[];
let users: Record<Who, TestUser>;
let records: Records;
const tokens = new Map<ActorName, string>();
let sequence = 0;

async function arrangeRecords(db: Kysely<DB>): Promise<void> {
  await createAgencies(db, ["BYT", "BCT", "BTC"]);
  users = {
    owner: await createUserWith(db, { role: "officer", agencyCode: "BYT" }),
    other: await createUserWith(db, { role: "officer", agencyCode: "BCT" }),
    viewer: await createUserWith(db, { role: "viewer" }),
    reviewer: await createUserWith(db, { role: "reviewer" }),
    admin: await createUserWith(db, { role: "admin" }),
    deactivated: await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "deactivated.byt@tinhgon.test" }),
    spare: await createUserWith(db, { role: "viewer", email: "spare@tinhgon.test" }),
  };
  await setUserActive(db, users.admin, users.spare.id, false);
  const proposal = await createProposalFor(db, users.owner, COMPLETE_PROPOSAL);
  const document = await createDocumentFor(db, users.reviewer, { lead_agency: "BYT" });
  records = {
    proposal: proposal.code,
    amendment: await createAmendment(db, users.reviewer, AmendmentSchema.parse({ ...amendmentFields(""), proposals: proposal.code })),
    document,
    decision: await createDecisionFor(db, users.reviewer),
    snapshot: await createSnapshot(db, users.admin, SnapshotSchema.parse({ title: "Phiên họp thứ nhất", held_on: "01/12/2026" }), todayIso()),
    upload: await stageImport(db, users.owner, planFile("BYT-9000")),
    agency: "BYT",
    spare: users.spare.id,
  };
}

const arrange = (): Arrange => ({
  next: () => ++sequence,
  proposal: async () => (await createProposalFor(db, users.owner, { ...COMPLETE_PROPOSAL, title: `Đề xuất số ${++sequence} của ma trận` })).code,
  amendment: (codes) => createAmendment(db, users.reviewer, AmendmentSchema.parse({ ...amendmentFields(`Điều ${++sequence}`), proposals: codes.join(", ") })),
  upload: () => stageImport(db, users.owner, planFile(`BYT-${9000 + ++sequence}`)),
});

/** A client of the actor: a new cookie jar holding the actor's session token (none for anonymous). */
function as(actor: ActorName): Client {
  const browser = client(server.url);
  const token = tokens.get(actor);
  if (token) browser.setCookie("tg_session", token);
  return browser;
}

/** A page's answer: its status, or "login" for a redirect to the sign-in page. */
function answerOf(response: Response): Answer {
  const location = response.headers.get("location") ?? "";
  return response.status >= 300 && response.status < 400 && location.startsWith("/login") ? L : response.status;
}

/** A data request's answer in the page's terms: single fetch answers a redirect with 202, the redirect in its body. */
async function dataAnswerOf(response: Response): Promise<Answer> {
  const body = await response.text();
  if (response.status !== 202) return response.status;
  const location = /"redirect","([^"]*)"/.exec(body)?.[1] ?? "";
  const status = /"status",(\d+)/.exec(body)?.[1];
  return location.startsWith("/login") ? L : Number(status ?? 202);
}

/** Every answer, allowed or refused, carries the security headers (tests/support/security.ts). */
function headerProblems(route: AppRoute, method: string, actor: ActorName, response: Response): string[] {
  return securityHeaderProblems(response).map((problem) => `${route.id}  ${method}  ${actor}: ${problem}`);
}

const refused = (answer: Answer) => answer === L || answer >= 400;

/** Row counts of the tables a write touches, the last event and the users active and uploads staged: a refused post changes none. */
async function fingerprint(): Promise<string> {
  const { rows } = await sql`
    select (select count(*) from agencies) as agencies, (select count(*) from agency_successions) as successions,
      (select count(*) from agency_baselines) as baselines, (select count(*) from users) as users,
      (select count(*) from users where active = 1) as active_users, (select count(*) from legal_documents) as documents,
      (select count(*) from decisions) as decisions, (select count(*) from proposals) as proposals,
      (select count(*) from amendments) as amendments, (select count(*) from proposal_amendments) as links,
      (select count(*) from snapshots) as snapshots, (select count(*) from imports) as imports,
      (select count(*) from imports where status = 'staged') as staged, (select count(*) from events) as events,
      (select max(id) from events) as last_event`.execute(db);
  return JSON.stringify(rows[0]);
}

/** The posts of a route: [intent, post], the intent null for a route with one kind of post. */
function postsOf(entry: Entry): [string | null, Post][] {
  if (!entry.POST) return [];
  return "answers" in entry.POST ? [[null, entry.POST as Post]] : Object.entries(entry.POST as Record<string, Post>);
}

const describeAnswer = (answer: Answer) => (answer === L ? "302 to /login" : String(answer));

function mismatch(route: AppRoute, method: string, actor: ActorName, expected: Answer, got: Answer, note = ""): string {
  return `${route.id}  ${method}  ${actor}: expected ${describeAnswer(expected)}, got ${describeAnswer(got)}${note}`;
}

beforeAll(async () => {
  routes = await appRoutes();
  // the matrix asks for several exports of one actor at once: the limit per user is
  // export-limits.test.ts's subject, not this one's
  server = await startServer({ seed: arrangeRecords, env: { EXPORT_LIMIT_PER_USER: "100" } });
  db = server.db();
  const signedIn: [ActorName, TestUser][] = [
    ["viewer", users.viewer],
    ["owner", users.owner],
    ["other", users.other],
    ["reviewer", users.reviewer],
    ["admin", users.admin],
    ["deactivated", users.deactivated],
  ];
  await Promise.all(
    signedIn.map(async ([actor, user]) => {
      const browser = await signedInClient(server.url, user);
      tokens.set(actor, browser.cookie("tg_session") ?? "");
    }),
  );
  // deactivated by an admin while signed in: the service ends the user's sessions
  await setUserActive(db, users.admin, users.deactivated.id, false);
});

afterAll(async () => {
  await server?.stop();
});

describe("the authorization matrix", () => {
  test("answers for every route, method and intent of the manifest, and for nothing else", () => {
    const problems: string[] = [];
    for (const route of routes) {
      const entry = TABLE[route.id];
      if (!entry) {
        problems.push(`${route.id} (${route.path}): no entry`);
        continue;
      }
      const intents = postsOf(entry).map(([intent]) => intent);
      if (!route.hasAction && intents.length) problems.push(`${route.id}: POST entry, but the route has no action`);
      if (route.hasAction && !intents.length) problems.push(`${route.id}: no POST entry`);
      if (route.hasAction && intents.length) {
        const listed: (string | null)[] = route.intents.length ? [...route.intents] : [null];
        for (const intent of listed) if (!intents.includes(intent)) problems.push(`${route.id}: no entry for POST ${intent ?? "(one kind)"}`);
        for (const intent of intents) if (!listed.includes(intent)) problems.push(`${route.id}: entry for POST ${intent ?? "(one kind)"}, which the route does not list`);
      }
    }
    for (const id of Object.keys(TABLE)) if (!routes.some((route) => route.id === id)) problems.push(`${id}: entry for a route the build does not have`);
    expect(problems).toEqual([]);
  });

  test("every page and resource route answers each actor as the table says", async () => {
    const tasks = routes.flatMap((route) =>
      ACTORS.map((actor, column) => async () => {
        const expected = TABLE[route.id]?.GET[column];
        if (expected === undefined) return [];
        const response = await as(actor).get(addressOf(route, records));
        await response.body?.cancel();
        const got = answerOf(response);
        return [...(got === expected ? [] : [mismatch(route, "GET", actor, expected, got)]), ...headerProblems(route, "GET", actor, response)];
      }),
    );
    expect((await inParallel(tasks, 6)).flat()).toEqual([]);
  }, 120_000);

  // single fetch's `.data` answers as the page does; the older `?_data=`, which no client of the
  // app sends, is refused before Remix sees it (scripts/server.ts)
  test("every loader's data endpoints refuse whom its page refuses", async () => {
    const tasks = routes
      .filter((route) => route.hasLoader)
      .flatMap((route) =>
        ACTORS.flatMap((actor, column) => {
          const page = TABLE[route.id]?.GET[column];
          const address = addressOf(route, records);
          const endpoints: [string, Answer | undefined][] = [
            [`${address === "/" ? "/_root" : address}.data`, page],
            [`${address}?_data=${encodeURIComponent(route.id)}`, 400],
          ];
          return endpoints.map(([endpoint, expected]) => async () => {
            if (expected === undefined) return [];
            const response = await as(actor).get(endpoint);
            const got = await dataAnswerOf(response);
            return [...(got === expected ? [] : [mismatch(route, `GET ${endpoint}`, actor, expected, got)]), ...headerProblems(route, `GET ${endpoint}`, actor, response)];
          });
        }),
      );
    expect((await inParallel(tasks, 6)).flat()).toEqual([]);
  }, 120_000);

  test("an intent a route does not list is a 400 that changes nothing", async () => {
    const problems: string[] = [];
    for (const route of routes.filter((route) => route.intents.length)) {
      const before = await fingerprint();
      const response = await as("admin").post(addressOf(route, records), { intent: "publish" });
      await response.body?.cancel();
      if (response.status !== 400) problems.push(mismatch(route, "POST publish", "admin", 400, answerOf(response)));
      if ((await fingerprint()) !== before) problems.push(`${route.id}  POST publish  admin: changed the database`);
    }
    expect(problems).toEqual([]);
  });

  // last: the posts of logout end the actors' sessions
  test("every post answers each actor as the table says; a refused one changes nothing, an allowed one writes", async () => {
    const posts = routes.flatMap((route) => postsOf(TABLE[route.id] ?? { GET: READ }).map(([intent, post]) => ({ route, intent, post })));
    posts.sort((a, b) => Number(a.post.endsSession ?? false) - Number(b.post.endsSession ?? false));
    const problems: string[] = [];
    for (const { route, intent, post } of posts) {
      const method = intent ? `POST ${intent}` : "POST";
      for (const [column, actor] of ACTORS.entries()) {
        const expected = post.answers[column] as Answer;
        const { fields, records: own = {} } = post.fresh ? await post.fresh(arrange()) : { fields: post.form?.(records) ?? {} };
        const used = { ...records, ...own };
        const before = await fingerprint();
        const response = await as(actor).post(addressOf(route, used), intent ? { intent, ...fields } : fields);
        await response.body?.cancel();
        const got = answerOf(response);
        if (got !== expected) problems.push(mismatch(route, method, actor, expected, got));
        problems.push(...headerProblems(route, method, actor, response));
        if (refused(got) || !post.wrote) {
          if ((await fingerprint()) !== before) problems.push(`${route.id}  ${method}  ${actor}: answered ${describeAnswer(got)} but changed the database`);
        } else if (!(await post.wrote(db, fields, used))) {
          problems.push(`${route.id}  ${method}  ${actor}: answered ${describeAnswer(got)} but did not write`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
