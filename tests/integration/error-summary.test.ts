import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import { createProposalFor, createSubmittedCase, type TestUser } from "../support/factories";
import { mainContent, signedInClient, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Without JavaScript a refused post reloads its page at the top, while the form it came from may
// be a screen or more below: the answer starts its content with a summary of the errors
// (role="alert", data-result-message), each linking to its field by an id the page has once.

let server: TestServer;
let officer: TestUser;
let reviewer: TestUser;
let submitted: string;
let draft: string;
let amendmentId: number;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      ({ officer, reviewer, submitted } = await createSubmittedCase(db));
      ({ code: draft } = await createProposalFor(db, officer, { title: "Đề xuất còn là dự thảo" }));
      amendmentId = await createAmendment(db, officer, AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", proposals: "" }));
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

interface Summary {
  /** The summary's opening tag. */
  tag: string;
  heading: string;
  /** Each listed error: its text and the id its link goes to (null: a message about the whole form). */
  items: { text: string; target: string | null }[];
  /** Where it starts in the page's <main>. */
  at: number;
}

/** The error summary of a page's content, read as markup; undefined when there is none. */
function errorSummary(main: string): Summary | undefined {
  const match = /(<div\b[^>]*\bdata-error-summary=""[^>]*>)([\s\S]*?)<\/ul><\/div>/.exec(main);
  if (!match) return undefined;
  const body = match[2] ?? "";
  return {
    tag: match[1] ?? "",
    heading: visibleText(/<h2\b[^>]*>([\s\S]*?)<\/h2>/.exec(body)?.[1] ?? ""),
    items: [...body.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map(([, item = ""]) => ({
      text: visibleText(item),
      target: /<a\b[^>]*\bhref="#([^"]+)"/.exec(item)?.[1] ?? null,
    })),
    at: match.index,
  };
}

/** Every element of the markup whose id is `id`, as its opening tag. */
function elementsWithId(html: string, id: string): string[] {
  return [...html.matchAll(new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`, "g"))].map(([tag]) => tag);
}

/** The ids the markup gives more than one element. */
function duplicateIds(html: string): string[] {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map(([, id = ""]) => id);
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}

/**
 * The refused answer's page: the summary at the start of <main>'s content, before its heading and
 * every form, each link going to the one element with that id, a control of the posted form.
 */
async function expectSummaryFirst(response: Response, status: number): Promise<{ main: string; summary: Summary }> {
  expect(response.status).toBe(status);
  const main = mainContent(await response.text());
  const summary = errorSummary(main);
  expect(summary, visibleText(main).slice(0, 400)).toBeDefined();
  expect(summary!.tag).toContain('role="alert"');
  expect(summary!.tag).toContain('data-result-message=""');
  expect(summary!.at).toBeLessThan(main.search(/<form\b/));
  expect(summary!.at).toBeLessThan(main.search(/<h1\b/));
  for (const { target } of summary!.items) {
    if (target !== null) expect(elementsWithId(main, target), target).toHaveLength(1);
  }
  expect(duplicateIds(main)).toEqual([]);
  return { main, summary: summary! };
}

/** The form of the page's content that posts `intent`, as markup. */
function formOf(main: string, intent: string): string {
  return (main.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find((form) => form.includes(`name="intent" value="${intent}"`)) ?? "";
}

async function inEnglish(http: Client): Promise<Client> {
  http.setCookie("tg_lang", "en");
  return http;
}

async function proposalVersion(code: string): Promise<string> {
  return String((await server.db().selectFrom("proposals").select("version").where("code", "=", code).executeTakeFirstOrThrow()).version);
}

describe("a refused post without JavaScript starts its page with the errors", () => {
  it("a return without a comment: one error, linked to the return form's comment box", async () => {
    const http = await signedInClient(server.url, reviewer);
    const response = await http.post(`/proposals/${submitted}?index`, { intent: "return", comment: "", version: await proposalVersion(submitted) });
    const { main, summary } = await expectSummaryFirst(response, 422);
    expect(summary.heading).toBe("Chưa thực hiện được: 1 lỗi");
    expect(summary.items).toEqual([{ text: "Vui lòng nhập thông tin này.", target: "field-comment" }]);
    const [comment] = elementsWithId(main, "field-comment");
    expect(comment).toMatch(/^<textarea\b[^>]*\bname="comment"/);
    // the comment box is the return form's, not the comment form's below it
    expect(formOf(main, "return")).toContain('id="field-comment"');
    expect(formOf(main, "comment")).not.toContain('id="field-comment"');
  });

  it("in English, an approval without a decision links to the decision's select", async () => {
    const http = await inEnglish(await signedInClient(server.url, reviewer));
    const response = await http.post(`/proposals/${submitted}?index`, { intent: "approve", decision: "", version: await proposalVersion(submitted) });
    const { main, summary } = await expectSummaryFirst(response, 422);
    expect(summary.heading).toBe("Could not be done: 1 error");
    expect(summary.items.map((item) => item.target)).toEqual(["field-decision"]);
    expect(elementsWithId(main, "field-decision")[0]).toMatch(/^<select\b[^>]*\bname="decision"/);
  });

  it("a step the proposal's state refuses (409) is listed first, without a link", async () => {
    const http = await signedInClient(server.url, officer);
    const response = await http.post(`/proposals/${draft}?index`, { intent: "submit", version: "0" });
    const { summary } = await expectSummaryFirst(response, 409);
    expect(summary.items).toHaveLength(1);
    expect(summary.items[0]?.target).toBeNull();
    expect(summary.items[0]?.text).toContain("Hồ sơ vừa được người khác thay đổi");
  });

  it("cancelling an amendment without a reason or the tick: two errors, each linked to its control", async () => {
    const http = await signedInClient(server.url, officer);
    const version = String((await server.db().selectFrom("amendments").select("version").where("id", "=", amendmentId).executeTakeFirstOrThrow()).version);
    const response = await http.post(`/amendments/${amendmentId}`, { intent: "stage", stage: "cancelled", reason: "", version });
    const { main, summary } = await expectSummaryFirst(response, 422);
    expect(summary.heading).toBe("Chưa thực hiện được: 2 lỗi");
    expect(summary.items.map((item) => item.target).sort()).toEqual(["field-confirmed", "field-reason"]);
    expect(elementsWithId(main, "field-confirmed")[0]).toMatch(/type="checkbox"/);
    expect(formOf(main, "stage")).toContain('id="field-reason"');
  });

  it("an edit form refused on two fields links to both", async () => {
    const http = await signedInClient(server.url, officer);
    const response = await http.post(`/proposals/${draft}/edit`, {
      agency: "BYT",
      title: "",
      regulation_type: "",
      action: "simplify",
      proposed_change: "Bỏ",
      version: await proposalVersion(draft),
    });
    const { summary } = await expectSummaryFirst(response, 422);
    expect(summary.heading).toBe("Chưa thực hiện được: 2 lỗi");
    expect(summary.items.map((item) => item.target).sort()).toEqual(["field-regulation_type", "field-title"]);
  });

  it("a page not posted, or posted and accepted, has no summary", async () => {
    const http = await signedInClient(server.url, reviewer);
    expect(errorSummary(mainContent(await (await http.get(`/proposals/${submitted}`)).text()))).toBeUndefined();
    const posted = await http.post(`/proposals/${submitted}?index`, { intent: "comment", comment: "Đề nghị bổ sung số liệu." });
    expect(posted.status).toBe(302);
    expect(errorSummary(mainContent(await (await http.get(`/proposals/${submitted}`)).text()))).toBeUndefined();
  });
});
