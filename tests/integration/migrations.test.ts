import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrateToLatest, openDatabase } from "~/db.server";
import { migrations } from "../../db/migrations";
import type { DB } from "../../db/types";
import { globalSearch } from "~/models/search.server";
import { rebuildSearch } from "../../scripts/search-rebuild";
import { PROJECT_ROOT, testFileName } from "../support/database";
import { createAgencies, createProposalFor, createUserWith } from "../support/factories";

// A database written by an older version upgrades to what the current code would have written:
// rows are stored as the older services stored them, then the pending migrations run.

let file: string;
let db: Kysely<DB>;

/** A database migrated up to, but not including, the named migration. */
async function databaseBefore(migration: string): Promise<Kysely<DB>> {
  const names = Object.keys(migrations).sort();
  const previous = names[names.indexOf(migration) - 1];
  if (!previous) throw new Error(`No migration before ${migration}`);
  file = path.join(PROJECT_ROOT, "tests", ".tmp", `${testFileName()}-${randomBytes(4).toString("hex")}.db`);
  const opened = openDatabase(file);
  const { error } = await new Migrator({ db: opened, provider: { getMigrations: async () => migrations } }).migrateTo(previous);
  if (error) throw error;
  return opened;
}

afterAll(async () => {
  await db?.destroy();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});

beforeAll(async () => {
  db = await databaseBefore("0010_official_numbers");
  const { BYT } = await createAgencies(db, ["BYT"]);
  // as the services wrote them before: the number as typed, and as title when none was known;
  // the search text folded without the i/y rule ("đăng ký" → "dang ky", "đăng kí" → "dang ki")
  const fold = (text: string) => text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  const documents: [number: string, key: string, recognized: 0 | 1, issuer: string | null, title: string][] = [
    ["109/2016/nd-cp", "109/2016/ND-CP", 1, "CP", "109/2016/nd-cp"],
    ["1/2021/tt-bkhdt", "01/2021/TT-BKHDT", 1, "BKHDT", "Thông tư hướng dẫn về đăng kí doanh nghiệp"],
    ["2/2022/ubtvqh15", "02/2022/UBTVQH15", 1, "UBTVQH15", "2/2022/ubtvqh15"],
    ["15/2018/NĐ-CP", "15/2018/ND-CP", 1, "CP", "Nghị định quy định chi tiết Luật An toàn thực phẩm"],
    ["Công văn 123", "CONGVAN123", 0, null, "Công văn 123"],
  ];
  for (const [number, key, recognized, issuer, title] of documents) {
    await sql`insert into legal_documents (number, number_key, number_recognized, doc_type, year, issuer, title, status, lead_agency_id, search_text)
      values (${number}, ${key}, ${recognized}, 'other', null, ${issuer}, ${title}, 'in_force', ${BYT!.id}, ${fold(`${number} ${key} ${title}`)})`.execute(db);
  }
  const source = await db.selectFrom("legal_documents").select("id").where("number_key", "=", "02/2022/UBTVQH15").executeTakeFirstOrThrow();
  for (const [code, title, sourceId] of [
    ["BYT-0001", "Giấy đăng kí mĩ phẩm", source.id],
    ["BYT-0002", "Đăng ký kinh doanh", null],
  ] as const) {
    const text = fold([code, title, "Bãi bỏ", title === "Đăng ký kinh doanh" ? null : "2/2022/ubtvqh15"].filter(Boolean).join(" "));
    await sql`insert into proposals (code, agency_id, original_agency_id, regulation_type, title, source_document_id, action, proposed_change, status, search_text)
      values (${code}, ${BYT!.id}, ${BYT!.id}, 'other', ${title}, ${sourceId}, 'abolish', 'Bãi bỏ', 'draft', ${text})`.execute(db);
  }
  for (const [number, key] of [
    ["2150/qd-ttg", "2150/QD-TTG"],
    ["11/2022/qđ-ttg", "11/2022/QD-TTG"],
    ["abc", "ABC"],
  ]) {
    await sql`insert into decisions (number, number_key, signed_on, kind, title_vi) values (${number}, ${key}, '2022-01-01', 'other', 'Quyết định')`.execute(db);
  }
  await migrateToLatest(db);
});

describe("0010: numbers in their official spelling, titles unknown", () => {
  test("recognized numbers of documents take their official spelling and issuer; keys and unknown shapes stay", async () => {
    const rows = await db.selectFrom("legal_documents").select(["number", "number_key", "issuer"]).orderBy("id").execute();
    expect(rows).toEqual([
      { number: "109/2016/NĐ-CP", number_key: "109/2016/ND-CP", issuer: "CP" },
      { number: "01/2021/TT-BKHĐT", number_key: "01/2021/TT-BKHDT", issuer: "BKHĐT" },
      { number: "02/2022/UBTVQH15", number_key: "02/2022/UBTVQH15", issuer: "UBTVQH15" },
      { number: "15/2018/NĐ-CP", number_key: "15/2018/ND-CP", issuer: "CP" },
      { number: "Công văn 123", number_key: "CONGVAN123", issuer: null },
    ]);
  });

  test("a title that was only the number becomes unknown; real titles stay; the incomplete ones are indexed", async () => {
    const rows = await db.selectFrom("legal_documents").select(["number", "title"]).orderBy("id").execute();
    expect(rows.map((row) => row.title)).toEqual([
      null,
      "Thông tư hướng dẫn về đăng kí doanh nghiệp",
      null,
      "Nghị định quy định chi tiết Luật An toàn thực phẩm",
      null,
    ]);
    const plan = await sql<{ detail: string }>`explain query plan select count(*) from legal_documents where title is null and lead_agency_id = 1`.execute(db);
    expect(plan.rows.map((row) => row.detail).join(" ")).toContain("legal_documents_incomplete");
  });

  test("decision numbers take their official spelling; a number that is no decision's stays as typed", async () => {
    const rows = await db.selectFrom("decisions").select(["number", "number_key"]).orderBy("id").execute();
    expect(rows).toEqual([
      { number: "2150/QĐ-TTg", number_key: "2150/QD-TTG" },
      { number: "11/2022/QĐ-TTg", number_key: "11/2022/QD-TTG" },
      { number: "abc", number_key: "ABC" },
    ]);
  });
});

describe("0011: search texts folded with the i/y rule", () => {
  test("proposals and documents are found by either spelling, and their numbers and titles as 0010 left them", async () => {
    const texts = await db.selectFrom("proposals").select(["code", "search_text"]).orderBy("code").execute();
    expect(texts).toEqual([
      { code: "BYT-0001", search_text: "byt-0001 giay dang ky my pham bai bo 02/2022/ubtvqh15" },
      { code: "BYT-0002", search_text: "byt-0002 dang ky kinh doanh bai bo" },
    ]);
    const document = await db.selectFrom("legal_documents").select("search_text").where("number_key", "=", "109/2016/ND-CP").executeTakeFirstOrThrow();
    expect(document.search_text).toBe("109/2016/nd-cp 109/2016/nd-cp");
    for (const q of ["đăng kí", "đăng ký", "dang ki"]) {
      const found = await globalSearch(db, q);
      expect(found.proposals.rows.map((row) => row.code).sort(), q).toEqual(["BYT-0001", "BYT-0002"]);
      expect(found.documents.rows.map((row) => row.number), q).toEqual(["01/2021/TT-BKHĐT"]);
    }
  });

  test("what the migration wrote is what the services write: search:rebuild finds nothing to correct", async () => {
    // and rows the services write on the upgraded database, with numbers typed loosely
    const officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
    await createProposalFor(db, officer, { title: "Giấy đăng kí lưu hành", source_document: "2/2022/ubtvqh15" });
    await createProposalFor(db, officer, { title: "Công bố mĩ phẩm", source_document: "9 / 2026 / nd - cp" });
    const rebuilt = await rebuildSearch(db);
    expect(rebuilt.proposals.corrected).toBe(0);
    expect(rebuilt.documents.corrected).toBe(0);
  });
});
