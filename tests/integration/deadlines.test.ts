import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatDate, todayIso } from "~/domain/dates";
import { addDays } from "~/models/deadline.server";
import { AmendmentSchema } from "~/schemas/amendment";
import { createAmendment } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import type { DB } from "../../db/types";
import { createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { signedInClient } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The deadlines page over HTTP, on the demo data plus work due 10, 45 and 80 days from today
// (so that every window has something in it whatever day the tests run), checked against the
// overdue and due-soon records counted here in plain SQL, and in the order asked for.

let server: TestServer;
let reviewer: TestUser;
let officer: TestUser;
const today = todayIso();

function ddmmyyyy(iso: string): string {
  return formatDate(iso, "vi");
}

beforeAll(async () => {
  server = await startServer({
    demo: { password: "demo-password-for-tests" },
    seed: async (db) => {
      reviewer = await createUserWith(db, { role: "reviewer", email: "deadlines.reviewer@tinhgon.test" });
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "deadlines.officer@tinhgon.test" });
      const decision = await db.selectFrom("decisions").select("id").orderBy("signed_on", "desc").executeTakeFirstOrThrow();
      const approvedDue = async (days: number) => {
        const proposal = await createProposalFor(db, officer, {
          title: `Thủ tục đến hạn sau ${days} ngày`,
          source_document: "15/2018/NĐ-CP",
          source_provision: "khoản 2 Điều 5",
          rationale: "Thủ tục trùng lặp, gây tốn kém cho doanh nghiệp.",
          cost_before_vnd: "1.000.000.000",
          cost_after_vnd: "250.000.000",
        });
        await transitionProposal(db, officer, proposal.code, "submit", { noAmendmentReason: "Sửa quy trình nội bộ, không cần sửa văn bản." });
        await transitionProposal(db, reviewer, proposal.code, "approve", { decisionId: decision.id, dueOn: addDays(today, days) });
        return proposal;
      };
      await approvedDue(45);
      await approvedDue(-3);
      const linked = await createProposalFor(db, officer, { title: "Điều kiện kinh doanh có văn bản sửa đổi đến hạn" });
      for (const [days, document] of [
        [10, "15/2018/NĐ-CP"],
        [80, "54/2017/NĐ-CP"],
      ] as const) {
        await createAmendment(
          db,
          officer,
          AmendmentSchema.parse({
            document,
            doc_type: "",
            agency: "BYT",
            provisions: "",
            form: "amend",
            deadline: ddmmyyyy(addDays(today, days)),
            note: "",
            proposals: linked.code,
          }),
        );
      }
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

interface Expected {
  record: string;
  agency: string;
  due: string;
}

/** Open work with a due date in [from, to), counted straight from the tables, earliest first. */
async function expectedBySql(db: Kysely<DB>, window: "overdue" | "soon", within: number, agency?: string): Promise<Expected[]> {
  const dueIn =
    window === "overdue"
      ? (column: string) => sql`${sql.ref(column)} < ${today}`
      : (column: string) => sql`${sql.ref(column)} >= ${today} and ${sql.ref(column)} <= ${addDays(today, within)}`;
  const agencyIs = agency ? sql`and g.code = ${agency}` : sql``;
  // amendments by id, proposals by code, after the day
  const { rows } = await sql<Expected & { kind: string; sort_id: number | null; sort_code: string | null }>`
    select 'amendment:' || a.id as record, g.code as agency, a.deadline as due, 'a' as kind, a.id as sort_id, null as sort_code
    from amendments a join agencies g on g.id = a.agency_id
    where a.stage not in ('in_force', 'cancelled') and a.deadline is not null and ${dueIn("a.deadline")} ${agencyIs}
    union all
    select 'proposal:' || p.code, g.code, p.due_on, 'p', null, p.code
    from proposals p join agencies g on g.id = p.agency_id
    where p.status = 'approved' and p.implementation_progress in ('not_started', 'in_progress') and p.due_on is not null
      and ${dueIn("p.due_on")} ${agencyIs}
    order by due, kind, sort_id, sort_code`.execute(db);
  return rows.map(({ record, agency: code, due }) => ({ record, agency: code, due }));
}

/** Approved proposals left with no amendment to carry them out, by agency and code, straight from the tables. */
async function needingAmendmentBySql(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ record: string }>`
    select 'proposal:' || p.code as record from proposals p join agencies g on g.id = p.agency_id
    where p.status = 'approved' and coalesce(p.no_amendment_reason, '') = ''
      and not exists (select 1 from proposal_amendments pa join amendments a on a.id = pa.amendment_id
        where pa.proposal_id = p.id and a.stage <> 'cancelled')
    order by g.code, p.code`.execute(db);
  return rows.map((row) => row.record);
}

/** The records listed in the page's tables of one kind, in page order. */
function listed(html: string, table: "overdue" | "due-soon" | "needs-amendment"): string[] {
  const records: string[] = [];
  for (const match of html.matchAll(new RegExp(`<table[^>]*data-deadlines="${table}"[^>]*>([\\s\\S]*?)</table>`, "g"))) {
    for (const row of (match[1] ?? "").matchAll(/data-record="([^"]+)"/g)) records.push(row[1] ?? "");
  }
  return records;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

describe("deadlines page", () => {
  test("lists exactly the overdue work, most days late first, and what falls due within 30, 60 and 90 days", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const overdue = await expectedBySql(server.db(), "overdue", 0);
    expect(overdue.length).toBeGreaterThan(5);
    for (const within of [30, 60, 90]) {
      const response = await browser.get(`/deadlines?within=${within}&group=none&all=1`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(listed(html, "overdue")).toEqual(overdue.map((row) => row.record));
      const soon = await expectedBySql(server.db(), "soon", within);
      expect(soon.length).toBeGreaterThan(0);
      expect(listed(html, "due-soon")).toEqual(soon.map((row) => row.record));
    }
    // the windows nest and the added work falls where its date puts it
    const soon90 = (await expectedBySql(server.db(), "soon", 90)).map((row) => row.due);
    expect(soon90.some((due) => daysBetween(today, due) === 10)).toBe(true);
    expect(soon90.some((due) => daysBetween(today, due) === 80)).toBe(true);
  });

  test("shows days late computed from today, and links every record", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const html = await (await browser.get("/deadlines?group=none&all=1")).text();
    const [first] = await expectedBySql(server.db(), "overdue", 0);
    if (!first) throw new Error("no overdue work in the demo data");
    const row = new RegExp(`data-record="${first.record}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
    expect(row).toContain(`>${daysBetween(first.due, today)}</td>`);
    const [kind, id] = first.record.split(":");
    expect(row).toContain(kind === "amendment" ? `href="/amendments/${id}"` : `href="/proposals/${id}"`);
  });

  test("groups by agency in code order, each agency's work in the order asked for", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const html = await (await browser.get("/deadlines?within=90&all=1&sort=due&dir=desc")).text();
    const expected = await expectedBySql(server.db(), "overdue", 0);
    const agencies = [...new Set(expected.map((row) => row.agency))].sort();
    const byAgencyThenLatestDue = agencies.flatMap((agency) =>
      expected
        .filter((row) => row.agency === agency)
        // due date descending; equal dates keep the SQL's tie order
        .map((row, index) => ({ row, index }))
        .sort((a, b) => (a.row.due < b.row.due ? 1 : a.row.due > b.row.due ? -1 : a.index - b.index))
        .map(({ row }) => row.record),
    );
    expect(listed(html, "overdue")).toEqual(byAgencyThenLatestDue);
    const headings = [...html.matchAll(/<h3 id="overdue-([^"]+)"/g)].map((match) => match[1]);
    expect(headings).toEqual(agencies);
  });

  test("an officer sees their own agency by default, with a link to all agencies", async () => {
    const browser = await signedInClient(server.url, officer);
    const html = await (await browser.get("/deadlines?within=90")).text();
    expect(listed(html, "overdue")).toEqual((await expectedBySql(server.db(), "overdue", 0, "BYT")).map((row) => row.record));
    expect(listed(html, "due-soon")).toEqual((await expectedBySql(server.db(), "soon", 90, "BYT")).map((row) => row.record));
    expect(html).toContain('href="/deadlines?all=1&amp;within=90"');
    const all = await (await browser.get("/deadlines?within=90&all=1")).text();
    expect(listed(all, "overdue").length).toBe((await expectedBySql(server.db(), "overdue", 0)).length);
  });

  test("the search box filters the deadlines as it does the lists: words without diacritics, document numbers", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const db = server.db();
    // expected: the deadlines whose folded text (the proposal's, or the amended document's) has
    // every word typed as the start of one of its words, worked out here without the index
    const startsWords = (text: string, words: string[]) => words.every((word) => new RegExp(`(^|[^a-z0-9])${word}`).test(text));
    const all = [...(await expectedBySql(db, "overdue", 0)), ...(await expectedBySql(db, "soon", 90))].map((row) => row.record);
    const texts = new Map<string, string>();
    for (const row of await db.selectFrom("proposals").select(["code", "search_text"]).execute()) texts.set(`proposal:${row.code}`, row.search_text);
    for (const row of await db
      .selectFrom("amendments")
      .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
      .select(["amendments.id", "legal_documents.search_text"])
      .execute()) {
      texts.set(`amendment:${row.id}`, row.search_text);
    }
    const words = ["giay", "phep"];
    const expected = all.filter((record) => startsWords(texts.get(record) ?? "", words)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const html = await (await browser.get("/deadlines?within=90&group=none&all=1&q=Gi%E1%BA%A5y+phep")).text();
    expect([...listed(html, "overdue"), ...listed(html, "due-soon")].sort()).toEqual(expected);

    // a document number typed loosely: the amendment due in 80 days, not the one due in 10
    const byNumber = await (await browser.get("/deadlines?within=90&group=none&all=1&q=nd-cp+54/2017")).text();
    const due = listed(byNumber, "due-soon");
    const [of54, of15] = await Promise.all(
      ["54/2017/NĐ-CP", "15/2018/NĐ-CP"].map((number) =>
        db
          .selectFrom("amendments")
          .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
          .select("amendments.id")
          .where("legal_documents.number", "=", number)
          .where("amendments.deadline", "in", [addDays(today, 80), addDays(today, 10)])
          .execute(),
      ),
    );
    expect(due).toContain(`amendment:${of54?.[0]?.id}`);
    expect(due).not.toContain(`amendment:${of15?.[0]?.id}`);

    // the export carries the same filter, with the proposals that need a new amendment
    const needing = (await needingAmendmentBySql(db)).filter((record) => startsWords(texts.get(record) ?? "", words));
    expect(listed(html, "needs-amendment").sort()).toEqual([...needing].sort());
    const csv = await (await browser.get("/deadlines/export.csv?within=90&all=1&q=giay+phep")).text();
    expect(csv.trim().split("\r\n").length - 1).toBe(expected.length + needing.length);
  });

  test("lists apart, never as overdue, the approved proposals whose amendments were all cancelled, each with the way to resolve it", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const html = await (await browser.get("/deadlines?group=none&all=1")).text();
    const needing = await needingAmendmentBySql(server.db());
    expect(needing.length, "the demo has some").toBeGreaterThan(0);
    expect(listed(html, "needs-amendment")).toEqual(needing);
    for (const record of needing) expect(listed(html, "overdue")).not.toContain(record);
    const code = needing[0]!.split(":")[1];
    expect(html).toContain(`href="/proposals/${code}#needs-amendment"`);
  });

  test("an unknown window falls back to 30 days", async () => {
    const browser = await signedInClient(server.url, reviewer);
    const html = await (await browser.get("/deadlines?within=45&group=none&all=1")).text();
    expect(listed(html, "due-soon")).toEqual((await expectedBySql(server.db(), "soon", 30)).map((row) => row.record));
  });
});
