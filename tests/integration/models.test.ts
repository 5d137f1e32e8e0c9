import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDocument, ensureDocument } from "~/services/legal-document.server";
import { listProposals } from "~/models/proposal.server";
import type { ProposalSort } from "~/schemas/list-params";
import { InvalidError } from "~/domain/errors";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createProposalFor, createUserWith, type TestUser } from "../support/factories";

// Rules the database and the services keep whoever calls them: straight on a SQLite file,
// without a server.

let database: TestDatabase;
let db: Kysely<DB>;
let officerByt: TestUser;
let officerBtc: TestUser;
let reviewer: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db);
  officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  officerBtc = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
  reviewer = await createUserWith(db, { role: "reviewer" });
});

afterAll(async () => {
  await database?.remove();
});

describe("proposal codes", () => {
  test("each agency numbers its proposals from 0001", async () => {
    const codes = [
      (await createProposalFor(db, officerByt)).code,
      (await createProposalFor(db, officerByt)).code,
      (await createProposalFor(db, officerBtc)).code,
      (await createProposalFor(db, officerByt)).code,
    ];
    expect(codes).toEqual(["BYT-0001", "BYT-0002", "BTC-0001", "BYT-0003"]);
  });
});

/** SQLite's words for a refused CHECK, or PostgreSQL's. */
const CHECK_REFUSED = /CHECK constraint failed|violates check constraint/;

describe("constraints", () => {
  async function insertProposal(code: string, values: { status: string; regulationType: string }) {
    const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow();
    // raw SQL: the typed query builder would not let these values through in the first place
    return sql`insert into proposals (code, agency_id, original_agency_id, regulation_type, title, action, proposed_change, status)
      values (${code}, ${agency.id}, ${agency.id}, ${values.regulationType}, 'Kiểm tra ràng buộc', 'simplify', 'Không đổi', ${values.status})`.execute(db);
  }

  test("an unknown status or regulation type is refused by the database itself", async () => {
    await expect(insertProposal("BYT-9001", { status: "pending", regulationType: "business_condition" })).rejects.toThrow(CHECK_REFUSED);
    await expect(insertProposal("BYT-9002", { status: "draft", regulationType: "rumour" })).rejects.toThrow(CHECK_REFUSED);
    await expect(insertProposal("BYT-9003", { status: "draft", regulationType: "business_condition" })).resolves.toBeDefined();
  });

  test("an approved proposal must name its decision", async () => {
    const { id } = await createProposalFor(db, officerByt);
    await expect(db.updateTable("proposals").set({ status: "approved" }).where("id", "=", id).execute()).rejects.toThrow(
      CHECK_REFUSED,
    );
  });
});

describe("legal document numbers", () => {
  test("one document however its number is typed", async () => {
    const first = await ensureDocument(db, officerByt, "15/2018/nd-cp");
    const second = await ensureDocument(db, officerByt, "15 / 2018 / NĐ-CP");
    const third = await ensureDocument(db, officerBtc, "15/2018/ND-CP");
    expect(second).toBe(first);
    expect(third).toBe(first);
    const rows = await db.selectFrom("legal_documents").selectAll().where("number_key", "like", "15/2018/%").execute();
    expect(rows).toHaveLength(1);
  });

  test("registering a number already in the register is refused, naming the existing document", async () => {
    await createDocumentWith("59/2020/QH14", "Luật Doanh nghiệp");
    const duplicate = createDocumentWith("59 / 2020 / qh14", "Luật Doanh nghiệp (bản trùng)");
    await expect(duplicate).rejects.toBeInstanceOf(InvalidError);
    const error = (await duplicate.catch((caught: unknown) => caught)) as InvalidError;
    expect(error.errors).toEqual({ number: "errors.duplicate_document|number=59/2020/QH14|title=Luật Doanh nghiệp" });
    expect(await db.selectFrom("legal_documents").select("id").where("title", "like", "Luật Doanh nghiệp%").execute()).toHaveLength(1);
  });

  function createDocumentWith(number: string, title: string) {
    return createDocument(
      db,
      reviewer,
      LegalDocumentSchema.parse({ number, title, status: "in_force", doc_type: "", issued_on: "", effective_on: "", lead_agency: "" }),
    );
  }
});

describe("history", () => {
  test("events are append-only: updating or deleting one is refused", async () => {
    const { id } = await createProposalFor(db, officerByt);
    const event = await db.selectFrom("events").selectAll().where("entity_type", "=", "proposal").where("entity_id", "=", id).executeTakeFirstOrThrow();
    await expect(db.updateTable("events").set({ comment: "sửa lịch sử" }).where("id", "=", event.id).execute()).rejects.toThrow(
      /events are append-only/,
    );
    await expect(db.deleteFrom("events").where("id", "=", event.id).execute()).rejects.toThrow(/events are append-only/);
    expect(await db.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirst()).toEqual(event);
  });
});

describe("sorting by saving", () => {
  test("orders by cost before minus cost after, an unknown cost counting as no saving", async () => {
    const officer = await createUserWith(db, { role: "officer", agencyCode: "BCT", email: "officer.saving@tinhgon.test" });
    const made = [
      await createProposalFor(db, officer, { cost_before_vnd: "5.000.000", cost_after_vnd: "1.000.000" }),
      await createProposalFor(db, officer, { cost_before_vnd: "9.000.000", cost_after_vnd: "0" }),
      await createProposalFor(db, officer, {}),
      await createProposalFor(db, officer, { cost_before_vnd: "2.000.000" }),
    ];
    const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BCT").executeTakeFirstOrThrow();
    const { rows } = await listProposals(db, { agencies: [agency.id], sort: "saving", dir: "desc", page: 1 });
    // savings 4,000,000; 9,000,000; none; 2,000,000
    expect(rows.map((row) => row.code)).toEqual([made[1]!.code, made[0]!.code, made[3]!.code, made[2]!.code]);
  });
});

describe("paging a sorted list", () => {
  test("the pages of every sort, each way, are the whole list in that order, each proposal once", async () => {
    const demo = await createTestDatabase({ demo: { password: "demo-password-for-tests" } });
    try {
      const demoDb = demo.open();
      const all = await demoDb.selectFrom("proposals").select(["id", "code", "updated_at", "due_on", "cost_before_vnd", "cost_after_vnd"]).execute();
      expect(all.length).toBeGreaterThan(20);
      // some ties, so the id must break them the same way on every page
      const ties = all.slice(0, 6).map((row) => row.id);
      await demoDb.updateTable("proposals").set({ updated_at: "2026-01-01T00:00:00.000Z", due_on: "2026-06-30" }).where("id", "in", ties).execute();
      const rows = await demoDb.selectFrom("proposals").select(["id", "code", "updated_at", "due_on", "cost_before_vnd", "cost_after_vnd"]).execute();
      const saving = (row: (typeof rows)[number]) => (row.cost_before_vnd === null ? 0 : row.cost_before_vnd - (row.cost_after_vnd ?? 0));
      const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
      const expected = (sort: ProposalSort, dir: "asc" | "desc") => {
        const sign = dir === "asc" ? 1 : -1;
        return [...rows]
          .sort((a, b) => {
            if (sort === "code") return sign * compare(a.code, b.code);
            if (sort === "due" && (a.due_on === null) !== (b.due_on === null)) return a.due_on === null ? 1 : -1;
            const key = sort === "updated" ? compare(a.updated_at, b.updated_at) : sort === "due" ? compare(a.due_on ?? "", b.due_on ?? "") : compare(saving(a), saving(b));
            return sign * (key || compare(a.id, b.id));
          })
          .map((row) => row.code);
      };
      for (const sort of ["code", "updated", "due", "saving"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          const paged: string[] = [];
          for (let page = 1; paged.length < rows.length; page++) {
            const listed = await listProposals(demoDb, { sort, dir, page, pageSize: 7 });
            expect(listed.total).toBe(rows.length);
            expect(listed.rows.length, `${sort} ${dir} page ${page}`).toBeGreaterThan(0);
            paged.push(...listed.rows.map((row) => row.code));
          }
          expect(paged, `${sort} ${dir}`).toEqual(expected(sort, dir));
        }
      }
    } finally {
      await demo.remove();
    }
  });
});
