import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ForbiddenError, NotFoundError, StaleVersionError } from "~/domain/errors";
import type { ProposalIntent } from "~/domain/proposal-workflow";
import { parseListQuery, ProposalListParams } from "~/schemas/list-params";
import { ProposalSchema, proposalFormValues } from "~/schemas/proposal";
import { authorizeProposalPost, readNewProposal, readProposalEdit, readProposalList, readProposalPage } from "~/services/proposal-pages.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { updateProposal } from "~/services/proposal.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { COMPLETE_PROPOSAL, createAgencies, createDecisionFor, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";

// The proposal pages' reads, called directly on a real database: what each role may do on a
// proposal of BYT (its officer, another agency's officer, a reviewer, a viewer, an admin), and
// NotFoundError for a code that is no proposal.

type Who = "owner" | "other" | "reviewer" | "viewer" | "admin";

let database: TestDatabase;
let db: Kysely<DB>;
const actors = {} as Record<Who, TestUser>;
let draft: { id: number; code: string };
let submitted: { id: number; code: string };
let decisionId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db, ["BYT", "BCT"]);
  actors.owner = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  actors.other = await createUserWith(db, { role: "officer", agencyCode: "BCT" });
  actors.reviewer = await createUserWith(db, { role: "reviewer" });
  actors.viewer = await createUserWith(db, { role: "viewer" });
  actors.admin = await createUserWith(db, { role: "admin" });
  decisionId = await createDecisionFor(db, actors.reviewer);
  draft = await createProposalFor(db, actors.owner, { title: "Quy định còn ở dạng nháp" });
  submitted = await createProposalFor(db, actors.owner, { ...COMPLETE_PROPOSAL, title: "Quy định đã trình" });
  await transitionProposal(db, actors.owner, submitted.code, "submit", { noAmendmentReason: "Chỉ sửa quy trình nội bộ." });
});

afterAll(async () => {
  await database?.remove();
});

const NOTHING = { edit: false, comment: false, addAmendment: false, explainNoAmendment: false, transitions: [] };
const SECRETARIAT = { edit: true, comment: true, addAmendment: true, explainNoAmendment: true };

describe("readProposalPage", () => {
  test.each<[Who, object]>([
    ["owner", { edit: true, comment: true, addAmendment: true, explainNoAmendment: true, transitions: ["submit", "withdraw"] }],
    ["other", NOTHING],
    ["reviewer", { ...SECRETARIAT, transitions: [] }],
    ["viewer", NOTHING],
    ["admin", { ...SECRETARIAT, transitions: [] }],
  ])("a draft: what the %s may do", async (who, allowed) => {
    const page = await readProposalPage(db, actors[who], draft.code);
    expect(page.proposal.code).toBe(draft.code);
    expect(page.allowed).toEqual(allowed);
    expect(page.decisions).toEqual([]);
    expect(page.history.map((entry) => entry.action)).toEqual(["create"]);
    expect(page.amendments).toEqual([]);
  });

  test.each<[Who, object]>([
    ["owner", { edit: false, comment: true, addAmendment: true, explainNoAmendment: true, transitions: ["withdraw"] }],
    ["other", NOTHING],
    ["reviewer", { ...SECRETARIAT, transitions: ["return", "reject", "approve"] }],
    ["viewer", NOTHING],
    ["admin", { ...SECRETARIAT, transitions: ["return", "reject", "approve"] }],
  ])("a submitted proposal: what the %s may do, and the decisions only to whoever may approve", async (who, allowed) => {
    const page = await readProposalPage(db, actors[who], submitted.code);
    expect(page.allowed).toEqual(allowed);
    const approves = page.allowed.transitions.includes("approve");
    expect(page.decisions.map((decision) => decision.id)).toEqual(approves ? [decisionId] : []);
  });

  test("a code as typed in the address finds the proposal; an unknown code is NotFoundError", async () => {
    expect((await readProposalPage(db, actors.viewer, draft.code.toLowerCase())).proposal.id).toBe(draft.id);
    await expect(readProposalPage(db, actors.admin, "BYT-9999")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("authorizeProposalPost", () => {
  test.each<[Who, ProposalIntent, boolean]>([
    ["owner", "comment", true],
    ["owner", "submit", true],
    ["owner", "approve", false],
    ["owner", "no_amendment", true],
    ["other", "comment", false],
    ["other", "withdraw", false],
    ["reviewer", "approve", true],
    ["reviewer", "submit", false],
    ["viewer", "comment", false],
    ["viewer", "approve", false],
    ["admin", "reopen", true],
  ])("the %s posting %s: allowed %s", async (who, intent, allowed) => {
    const post = authorizeProposalPost(db, actors[who], draft.code.toLowerCase(), intent);
    if (allowed) await expect(post).resolves.toBe(draft.code);
    else await expect(post).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("an unknown proposal is NotFoundError", async () => {
    await expect(authorizeProposalPost(db, actors.admin, "BYT-9999", "comment")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("readProposalEdit", () => {
  test.each<[Who, "open" | "locked" | "forbidden", "open" | "locked" | "forbidden"]>([
    ["owner", "open", "locked"],
    ["other", "forbidden", "forbidden"],
    ["reviewer", "open", "open"],
    ["viewer", "forbidden", "forbidden"],
    ["admin", "open", "open"],
  ])("the %s: a draft is %s, a submitted proposal %s", async (who, onDraft, onSubmitted) => {
    for (const [proposal, expected] of [
      [draft, onDraft],
      [submitted, onSubmitted],
    ] as const) {
      const read = readProposalEdit(db, actors[who], proposal.code);
      if (expected === "forbidden") {
        await expect(read).rejects.toBeInstanceOf(ForbiddenError);
        continue;
      }
      const form = await read;
      expect(form.locked).toBe(expected === "locked");
      expect(form.code).toBe(proposal.code);
      expect(form.values.agency).toBe("BYT");
    }
  });

  test("opens with the stored values and version; an unknown proposal is NotFoundError", async () => {
    const form = await readProposalEdit(db, actors.owner, draft.code);
    expect(form.values).toMatchObject({ title: "Quy định còn ở dạng nháp", action: "simplify", cost_before_vnd: "" });
    expect(form.version).toBe("1");
    await expect(readProposalEdit(db, actors.admin, "BYT-9999")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a stale save is refused with the proposal's current form values, which the conflict view shows", async () => {
    const proposal = await createProposalFor(db, actors.owner, { title: "Quy định được sửa hai lần" });
    const first = ProposalSchema.parse(proposalFields("BYT", { title: "Sửa lần thứ nhất" }));
    expect(await updateProposal(db, actors.owner, proposal.code, first, 1)).toBe(true);
    const second = ProposalSchema.parse(proposalFields("BYT", { title: "Sửa lần thứ hai" }));
    const error = await updateProposal(db, actors.reviewer, proposal.code, second, 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StaleVersionError);
    const stale = error as StaleVersionError;
    expect(stale.currentVersion).toBe(2);
    expect(stale.current).toEqual((await readProposalEdit(db, actors.owner, proposal.code)).values);
    expect(stale.current?.title).toBe("Sửa lần thứ nhất");
  });
});

describe("readNewProposal", () => {
  test.each<[Who, boolean, string[] | "forbidden", string]>([
    ["owner", true, ["BYT"], "BYT"],
    ["other", true, ["BCT"], "BCT"],
    ["reviewer", false, ["BCT", "BYT"], ""],
    ["viewer", false, "forbidden", ""],
    ["admin", false, ["BCT", "BYT"], ""],
  ])("the %s: agency fixed %s, agencies %j", async (who, agencyLocked, agencies, ownAgency) => {
    const read = readNewProposal(db, actors[who]);
    if (agencies === "forbidden") {
      await expect(read).rejects.toBeInstanceOf(ForbiddenError);
      return;
    }
    const form = await read;
    expect(form.agencyLocked).toBe(agencyLocked);
    expect(form.agencies.map((agency) => agency.code).sort()).toEqual(agencies);
    expect(form.ownAgency).toBe(ownAgency);
  });
});

describe("readProposalList", () => {
  test.each<[Who, { create: boolean; review: boolean }]>([
    ["owner", { create: true, review: false }],
    ["other", { create: true, review: false }],
    ["reviewer", { create: true, review: true }],
    ["viewer", { create: false, review: false }],
    ["admin", { create: true, review: true }],
  ])("the %s: %j", async (who, allowed) => {
    const list = await readProposalList(db, actors[who], parseListQuery(ProposalListParams, new URL("http://site.invalid/proposals?agency=BYT")));
    expect(list.allowed).toEqual(allowed);
    expect(list.rows.map((row) => row.code)).toContain(draft.code);
    expect(list.params.page).toBe(1);
  });

  test("a page past the last shows the last, and says so", async () => {
    const list = await readProposalList(db, actors.viewer, parseListQuery(ProposalListParams, new URL("http://site.invalid/proposals?page=99")));
    expect(list.params.page).toBe(1);
    expect(list.ignored.map((param) => param.name)).toEqual(["page"]);
  });
});

test("proposalFormValues is what the edit form opens with", async () => {
  const page = await readProposalPage(db, actors.owner, draft.code);
  expect((await readProposalEdit(db, actors.owner, draft.code)).values).toEqual(proposalFormValues(page.proposal));
});
