import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listAmendments } from "~/models/amendment.server";
import { listDeadlines } from "~/models/deadline.server";
import { listDecisionsWithCounts } from "~/models/decision.server";
import { listDocuments } from "~/models/legal-document.server";
import { listProposals } from "~/models/proposal.server";
import { computeSearch, globalSearch, matchExpression, parseSearch, searchIndexesConsistent } from "~/models/search.server";
import { AmendmentSchema } from "~/schemas/amendment";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { ProposalSchema } from "~/schemas/proposal";
import { createAmendment } from "~/services/amendment.server";
import { updateDocument } from "~/services/legal-document.server";
import { updateProposal } from "~/services/proposal.server";
import { dialectOf } from "~/db.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { client, fieldValue, mainContent, signedInClient, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { runScript } from "../support/cli";
import { VOWELS } from "../support/vietnamese";

// Search that understands Vietnamese: words typed without diacritics find the text written with
// them, word prefixes match, document numbers are found however typed; the full-text index stays
// in step with the tables in every writer's transaction; the search page and the lists agree.

let database: TestDatabase;
let db: Kysely<DB>;
let officer: TestUser;
let reviewer: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db);
  officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  reviewer = await createUserWith(db, { role: "reviewer" });
});

afterAll(async () => {
  await database?.remove();
});

const LIST = { sort: "code", dir: "asc", page: 1 } as const;

async function proposalCodes(q: string): Promise<string[]> {
  return (await globalSearch(db, q, { limit: 1000 })).proposals.rows.map((row) => row.code).sort();
}

async function documentNumbers(q: string): Promise<string[]> {
  return (await globalSearch(db, q, { limit: 1000 })).documents.rows.map((row) => row.number).sort();
}

const LETTERS: [folded: string, letter: string][] = [
  ...VOWELS.flatMap(([folded, lower, upper]) => [...lower, ...upper].map((letter): [string, string] => [folded, letter])),
  ["d", "đ"],
  ["d", "Đ"],
];

describe("typing without diacritics", () => {
  const codes = new Map<string, string>();

  beforeAll(async () => {
    // one proposal per letter, its word "q<letter>z" beside a tag ("m007") no other text has
    for (const [index, [, letter]] of LETTERS.entries()) {
      const tag = `m${String(index).padStart(3, "0")}`;
      const { code } = await createProposalFor(db, officer, { title: `Chữ thử q${letter}z số ${tag}` });
      codes.set(letter, code);
    }
  });

  test("finds every Vietnamese vowel with every tone, and đ and Đ, in lower and upper case", async () => {
    expect(LETTERS).toHaveLength(146);
    for (const [index, [folded, letter]] of LETTERS.entries()) {
      const tag = `m${String(index).padStart(3, "0")}`;
      expect(await proposalCodes(`q${folded}z ${tag}`), letter).toEqual([codes.get(letter)]);
      // typed upper case, and typed with the letter itself, it finds the same
      expect(await proposalCodes(`Q${folded.toUpperCase()}Z ${tag.toUpperCase()}`), letter).toEqual([codes.get(letter)]);
      expect(await proposalCodes(`q${letter}z ${tag}`), letter).toEqual([codes.get(letter)]);
    }
  });

  test("a folded word finds every letter that folds to it", async () => {
    const expected = LETTERS.filter(([folded]) => folded === "o").map(([, letter]) => codes.get(letter));
    expect(await proposalCodes("qoz")).toEqual(expected.sort());
    expect(expected).toHaveLength(36);
  });

  test("text typed decomposed (letter plus combining marks) is found too", async () => {
    const { code } = await createProposalFor(db, officer, { title: "Giấy phép vận chuyển hàng nguy hiểm".normalize("NFD") });
    expect(await proposalCodes("giay phep van chuyen nguy hiem")).toEqual([code]);
    expect(await proposalCodes("Giấy phép vận chuyển")).toEqual([code]);
  });
});

describe("words and fields", () => {
  let full: { code: string };

  beforeAll(async () => {
    full = await createProposalFor(db, officer, {
      title: "Thủ tục hành chính cấp lại giấy chứng nhận hành nghề xoa bóp",
      proposed_change: "Bãi bỏ yêu cầu xác nhận của Ủy ban nhân dân cấp xã",
      rationale: "Gây phiền hà, tốn kém thời gian của người dân ở vùng sâu",
      procedure_code: "1.004827",
      source_provision: "Khoản 3 Điều 12",
    });
  });

  test("word prefixes match: “thu tuc hanh” finds “thủ tục hành chính”, in any order", async () => {
    expect(await proposalCodes("thu tuc hanh xoa")).toEqual([full.code]);
    expect(await proposalCodes("xoa bop chinh hanh tuc")).toEqual([full.code]);
    expect(await proposalCodes("THỦ TỤC HÀNH CHÍNH XOA BÓP")).toEqual([full.code]);
  });

  test("every word must start a word: the inside of a word does not match, and one missing word excludes", async () => {
    expect(await proposalCodes("oa bop")).toEqual([]);
    expect(await proposalCodes("xoa bop khongcotu")).toEqual([]);
  });

  test("code, title, proposed change, rationale, procedure code and source provision are all searched", async () => {
    for (const q of [full.code, full.code.toLowerCase(), "xoa bop", "uy ban nhan dan xa xoa", "phien ha vung sau", "1.004827", "khoan 3 dieu 12 xoa"]) {
      expect(await proposalCodes(q), q).toContain(full.code);
    }
  });

  test("the list filters by the same words as the search box, with the same total", async () => {
    for (const q of ["thu tuc hanh xoa", "qoz", "qaz", "phien ha vung sau", "xoa bop khongcotu"]) {
      const search = await globalSearch(db, q);
      const list = await listProposals(db, { ...LIST, q });
      expect(list.total, q).toBe(search.proposals.total);
      expect(list.rows.map((row) => row.code).sort(), q).toEqual((await proposalCodes(q)).slice(0, 25));
    }
  });
});

describe("document numbers", () => {
  let decree: number;
  let lookalike: number;
  let circular: number;
  let ordinance: number;
  let fromDecree: { code: string };
  let fromLookalike: { code: string };
  let insertedByImport: string;

  beforeAll(async () => {
    decree = await createDocumentFor(db, reviewer, { number: "15/2018/NĐ-CP", title: "Nghị định quy định chi tiết Luật An toàn thực phẩm" });
    lookalike = await createDocumentFor(db, reviewer, { number: "115/2018/NĐ-CP", title: "Nghị định quy định xử phạt vi phạm hành chính về an toàn thực phẩm" });
    circular = await createDocumentFor(db, reviewer, { number: "15/2018/TT-BYT", title: "Thông tư quy định về đăng ký lưu hành thuốc" });
    ordinance = await createDocumentFor(db, reviewer, { number: "02/2022/UBTVQH15", title: "Pháp lệnh Cảnh sát môi trường" });
    fromDecree = await createProposalFor(db, officer, { title: "Công bố sản phẩm thực phẩm chức năng", source_document: "15/2018/nđ-cp" });
    fromLookalike = await createProposalFor(db, officer, { title: "Xử phạt vi phạm về nhãn thực phẩm chức năng", source_document: "115/2018/NĐ-CP" });
    // a row written with SQL whose folded text lacks the number: found through its source document
    const agency = officer.agency_id ?? 0;
    insertedByImport = "BYT-9001";
    await sql`insert into proposals (code, agency_id, original_agency_id, regulation_type, title, source_document_id, action, proposed_change, status, search_text)
      values (${insertedByImport}, ${agency}, ${agency}, 'business_condition', 'Kiểm nghiệm thực phẩm chức năng', ${decree}, 'simplify', 'Bãi bỏ', 'draft', 'byt-9001 kiem nghiem thuc pham chuc nang')`.execute(db);
  });

  test("the number typed in lower case without diacritics finds exactly that document", async () => {
    expect(await documentNumbers("15/2018/nd-cp")).toEqual(["15/2018/NĐ-CP"]);
    expect(await documentNumbers("15 / 2018 / NĐ-CP")).toEqual(["15/2018/NĐ-CP"]);
  });

  test("number and year find every document of that number and year, never 115/2018", async () => {
    expect(await documentNumbers("15/2018")).toEqual(["15/2018/NĐ-CP", "15/2018/TT-BYT"]);
  });

  test("the type first and the number after find the decree alone", async () => {
    expect(await documentNumbers("nđ-cp 15/2018")).toEqual(["15/2018/NĐ-CP"]);
    expect(await documentNumbers("ND-CP 15/2018")).toEqual(["15/2018/NĐ-CP"]);
  });

  test("a number typed without its leading zero finds it", async () => {
    expect(await documentNumbers("2/2022")).toEqual(["02/2022/UBTVQH15"]);
  });

  test("words beside a number narrow the documents by their titles", async () => {
    expect(await documentNumbers("15/2018 thuoc")).toEqual(["15/2018/TT-BYT"]);
    expect(await documentNumbers("15/2018 xu phat")).toEqual([]);
  });

  test("proposals whose source document has the number are found, never the lookalike's", async () => {
    for (const q of ["15/2018/nd-cp", "15/2018", "nđ-cp 15/2018"]) {
      const found = await proposalCodes(q);
      expect(found, q).toContain(fromDecree.code);
      expect(found, q).toContain(insertedByImport);
      expect(found, q).not.toContain(fromLookalike.code);
    }
    expect(await proposalCodes("115/2018")).toEqual([fromLookalike.code]);
    expect(await proposalCodes("15/2018 kiem nghiem")).toEqual([insertedByImport]);
  });

  test("the document list and the amendment list filter by the same rule as the search box", async () => {
    await createAmendment(db, officer, AmendmentSchema.parse({ document: "15/2018/NĐ-CP", agency: "BYT", form: "amend" }));
    await createAmendment(db, officer, AmendmentSchema.parse({ document: "115/2018/NĐ-CP", agency: "BYT", form: "amend" }));
    for (const q of ["15/2018/nd-cp", "15/2018", "nđ-cp 15/2018", "an toan thuc pham", "2/2022"]) {
      const search = await globalSearch(db, q, { limit: 1000 });
      const documents = await listDocuments(db, { q, page: 1 });
      expect(documents.total, q).toBe(search.documents.total);
      expect(documents.rows.map((row) => row.id).sort(), q).toEqual(search.documents.rows.map((row) => row.id).sort());
      const amendments = await listAmendments(db, { q, today: "2026-01-01", sort: "deadline", page: 1 });
      const targets = new Set(amendments.rows.map((row) => row.document_id));
      for (const id of targets) expect(search.documents.rows.map((row) => row.id), q).toContain(id);
    }
    const amendments = await listAmendments(db, { q: "15/2018", today: "2026-01-01", sort: "deadline", page: 1 });
    expect(amendments.rows.map((row) => row.document_id)).toEqual([decree]);
    expect([lookalike, circular, ordinance]).not.toContain(amendments.rows[0]?.document_id);
  });

  test("a number typed with spaces around its separators finds exactly what it finds typed without, never 155/2018", async () => {
    const beside = await createProposalFor(db, officer, { title: "Điều kiện đầu tư kinh doanh thực phẩm", source_document: "155/2018/NĐ-CP" });
    await createAmendment(db, officer, AmendmentSchema.parse({ document: "155/2018/NĐ-CP", agency: "BYT", form: "amend", deadline: "01/01/2026" }));
    await createAmendment(db, officer, AmendmentSchema.parse({ document: "15/2018/NĐ-CP", agency: "BYT", form: "replace", deadline: "15/01/2026" }));
    const found = async (q: string) => {
      const search = await globalSearch(db, q, { limit: 1000 });
      const proposals = await listProposals(db, { ...LIST, q });
      const documents = await listDocuments(db, { q, page: 1 });
      const amendments = await listAmendments(db, { q, today: "2026-01-01", sort: "deadline", page: 1 });
      const deadlines = await listDeadlines(db, { q, today: "2026-01-01", within: 30, sort: "late", dir: "desc" });
      return {
        proposals: search.proposals.rows.map((row) => row.code).sort(),
        proposalList: [proposals.total, proposals.rows.map((row) => row.code).sort()],
        documents: search.documents.rows.map((row) => row.number).sort(),
        documentList: documents.total,
        amendments: amendments.rows.map((row) => row.id).sort(),
        deadlines: deadlines.dueSoon.map((row) => `${row.kind}:${row.id}`).sort(),
      };
    };
    const unspaced = await found("15/2018/NĐ-CP");
    expect(unspaced.proposals).toContain(fromDecree.code);
    expect(unspaced.proposals).not.toContain(beside.code);
    expect(unspaced.documents).toEqual(["15/2018/NĐ-CP"]);
    expect(unspaced.deadlines).toHaveLength(1);
    for (const q of ["15 / 2018 / NĐ-CP", "15 /2018/ nđ - cp", " 15/ 2018 /ND-CP "]) expect(await found(q), q).toEqual(unspaced);
    expect(await found("15 / 2018")).toEqual(await found("15/2018"));
  });
});

describe("decisions", () => {
  let decentralization: number;
  let health: number;
  let lookalike: number;

  beforeAll(async () => {
    decentralization = await createDecisionFor(db, reviewer, { number: "1015/QĐ-TTg" });
    health = await createDecisionFor(db, reviewer, {
      number: "1661/QĐ-TTg",
      signed_on: "04/10/2021",
      kind: "reduction_plan",
      title_vi: "Phê duyệt phương án cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh thuộc phạm vi chức năng quản lý của Bộ Y tế",
      title_en: "Approving the plan to cut business regulations of the Ministry of Health",
    });
    lookalike = await createDecisionFor(db, reviewer, { number: "11015/QĐ-TTg", signed_on: "01/01/2023", title_vi: "Quyết định thử" });
  });

  async function decisionIds(q: string): Promise<number[]> {
    return (await globalSearch(db, q, { limit: 1000 })).decisions.rows.map((row) => row.id);
  }

  test("are found by their number typed any way, never by a longer number", async () => {
    for (const q of ["1015", "1015/qd-ttg", "1015/QĐ-TTg", "1015 / qđ - ttg", "qd-ttg 1015"]) expect(await decisionIds(q), q).toEqual([decentralization]);
    expect(await decisionIds("11015")).toEqual([lookalike]);
    expect((await decisionIds("qd-ttg")).sort()).toEqual([decentralization, health, lookalike].sort());
  });

  test("are found by the words of their titles, in Vietnamese or English, with or without diacritics", async () => {
    expect(await decisionIds("phan cap thu tuc")).toEqual([decentralization]);
    expect(await decisionIds("Bộ Y tế kinh doanh")).toEqual([health]);
    expect(await decisionIds("ministry health")).toEqual([health]);
    expect(await decisionIds("phan cap y te")).toEqual([]);
  });

  test("the decisions list filters by the same rule, with the same total", async () => {
    for (const q of ["1015", "1015/qd-ttg", "phan cap", "qd-ttg", "khongcotunay"]) {
      const search = await globalSearch(db, q, { limit: 1000 });
      const list = await listDecisionsWithCounts(db, { q });
      expect(list.map((row) => row.id).sort(), q).toEqual(search.decisions.rows.map((row) => row.id).sort());
      expect(list.length, q).toBe(search.decisions.total);
    }
    expect(await listDecisionsWithCounts(db, { q: "/" })).toHaveLength(await db.selectFrom("decisions").select("id").execute().then((rows) => rows.length));
  });
});

describe("syllables written with i or y", () => {
  const codes: Record<string, string> = {};
  let registration: number;
  let licensing: number;

  beforeAll(async () => {
    for (const [key, title] of [
      ["withY", "Đăng ký hộ kinh doanh cá thể ở xã vùng cao"],
      ["withI", "Giấy đăng kí hộ kinh doanh trên mạng"],
      ["inspection", "Đăng kiểm hộ phương tiện thủy nội địa"],
      ["hand", "Chứng chỉ tay nghề hộ thợ hàn"],
      ["cosmetics", "Công bố mĩ phẩm hộ nhập khẩu"],
      ["rules", "Qui định hộ về kỹ thuật cân"],
    ] as const) {
      codes[key] = (await createProposalFor(db, officer, { title })).code;
    }
    registration = await createDocumentFor(db, reviewer, { number: "88/2021/NĐ-CP", title: "Nghị định về đăng ký hộ kinh doanh cá thể" });
    licensing = await createDocumentFor(db, reviewer, { number: "89/2021/NĐ-CP", title: "Nghị định về đăng kí hộ lưu hành thuốc" });
  });

  test("đăng ký, đăng kí, dang ky and dang ki find the same proposals and documents, written either way", async () => {
    const expected = { proposals: [codes.withY, codes.withI].sort(), documents: [registration, licensing].sort() };
    for (const q of ["đăng ký hộ", "đăng kí hộ", "dang ky ho", "dang ki ho", "ĐĂNG KÝ HỘ", "Đăng Kí hộ"]) {
      const search = await globalSearch(db, q, { limit: 1000 });
      expect(search.proposals.rows.map((row) => row.code).sort(), q).toEqual(expected.proposals);
      expect(search.documents.rows.map((row) => row.id).sort(), q).toEqual(expected.documents);
      expect((await listProposals(db, { ...LIST, q })).total, q).toBe(2);
      expect((await listDocuments(db, { q, page: 1 })).total, q).toBe(2);
    }
  });

  test("mĩ/mỹ, qui/quy and kĩ/kỹ find each other too", async () => {
    for (const q of ["mỹ phẩm hộ", "mĩ phẩm hộ", "my pham ho", "mi pham ho"]) expect(await proposalCodes(q), q).toEqual([codes.cosmetics]);
    for (const q of ["quy định hộ kĩ thuật", "qui dinh ho ky thuat", "Quy định hộ kỹ"]) expect(await proposalCodes(q), q).toEqual([codes.rules]);
  });

  test("unrelated words stay apart: ký is not the start of kiểm, tay is not tai", async () => {
    for (const q of ["đăng ký hộ", "dang ki ho"]) expect(await proposalCodes(q), q).not.toContain(codes.inspection);
    expect(await proposalCodes("dang kiem ho")).toEqual([codes.inspection]);
    expect(await proposalCodes("tay nghe ho")).toEqual([codes.hand]);
    expect(await proposalCodes("tai nghe ho")).toEqual([]);
  });
});

describe("ranking and groups", () => {
  test("the record where the words weigh most comes first; a code typed in full before anything", async () => {
    const weak = await createProposalFor(db, officer, {
      title: "Hồ sơ đề nghị cấp phép",
      rationale: `Quy định hiện hành ${"còn nhiều bất cập về thủ tục giấy tờ và thời gian xử lý ".repeat(6)}, ảnh hưởng tới cà phê hòa tan`,
    });
    const strong = await createProposalFor(db, officer, { title: "Kiểm tra chuyên ngành cà phê hòa tan nhập khẩu, cà phê hòa tan xuất khẩu" });
    const ranked = (await globalSearch(db, "ca phe hoa tan")).proposals.rows.map((row) => row.code);
    expect(ranked.slice(0, 2)).toEqual([strong.code, weak.code]);

    const byCode = (await globalSearch(db, weak.code.toLowerCase())).proposals.rows.map((row) => row.code);
    expect(byCode[0]).toBe(weak.code);
  });

  test("each group is cut to its limit and still counts every match", async () => {
    for (let i = 0; i < 12; i++) await createProposalFor(db, officer, { title: `Báo cáo thống kê nuôi trồng hải sâm lần ${i}` });
    const results = await globalSearch(db, "hai sam", { limit: 10 });
    expect(results.proposals.rows).toHaveLength(10);
    expect(results.proposals.total).toBe(12);
    expect(results.terms).toEqual(["hai", "sam"]);
    expect((await listProposals(db, { ...LIST, q: "hai sam" })).total).toBe(12);
  });

  test("the kept results are the ones computed afresh, until a write changes them (the bench times computeSearch)", async () => {
    for (let i = 0; i < 3; i++) await createProposalFor(db, officer, { title: `Kiểm dịch hạt điều xuất khẩu đợt ${i}` });
    const kept = await globalSearch(db, "hat dieu");
    expect(kept.proposals.total).toBe(3);
    expect(await computeSearch(db, "hat dieu")).toEqual(kept);
    await createProposalFor(db, officer, { title: "Kiểm dịch hạt điều nhập khẩu" });
    expect((await globalSearch(db, "hat dieu")).proposals.total).toBe(4);
    expect(await computeSearch(db, "hat dieu")).toEqual(await globalSearch(db, "hat dieu"));
  });
});

describe("a search matching thousands of proposals", () => {
  beforeAll(async () => {
    const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BCT").executeTakeFirstOrThrow();
    // written with SQL in one statement, as a bulk import may: the triggers index every row
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2100)
      insert into proposals (code, agency_id, original_agency_id, regulation_type, title, action, proposed_change, status, cost_before_vnd, cost_after_vnd, search_text)
      select 'BCT-' || substr(cast(100000 + i as text), 2), ${agency.id}, ${agency.id}, 'other', 'Quy định zucchini ' || i, 'abolish', 'Bãi bỏ', 'draft',
        (i * 7919) % 100000, 0, 'bct-' || substr(cast(100000 + i as text), 2) || ' quy dinh zucchini ' || i || ' bai bo' from n`.execute(db);
  });

  test("the list, sorted by code or by saving, pages through exactly the matching rows", async () => {
    const all = await db.selectFrom("proposals").select(["code", "cost_before_vnd", "id"]).where("code", "like", "BCT-%").execute();
    const byCode = all.map((row) => row.code).sort();
    const bySaving = [...all].sort((a, b) => (b.cost_before_vnd ?? 0) - (a.cost_before_vnd ?? 0) || b.id - a.id).map((row) => row.code);
    for (const page of [1, 2, 84]) {
      const codes = await listProposals(db, { q: "zucchini", sort: "code", dir: "asc", page });
      expect(codes.total).toBe(2100);
      expect(codes.rows.map((row) => row.code)).toEqual(byCode.slice((page - 1) * 25, page * 25));
      const savings = await listProposals(db, { q: "zucchini", sort: "saving", dir: "desc", page });
      expect(savings.rows.map((row) => row.code)).toEqual(bySaving.slice((page - 1) * 25, page * 25));
    }
    const narrowed = await listProposals(db, { q: "zucchini 1234", sort: "code", dir: "asc", page: 1 });
    expect(narrowed.rows.map((row) => row.code)).toEqual(["BCT-01234"]);
    const search = await globalSearch(db, "zucchini");
    expect(search.proposals.total).toBe(2100);
    expect(search.proposals.rows).toHaveLength(10);
  });
});

describe("hostile input", () => {
  const HOSTILE = ['"', '""', "*", "**", "AND (", "OR", "NOT", "NEAR", "NEAR(a b)", "-", "--", "/", "//", "^", ":", "title:x", "{search_text}: x", "a\"b", "'); drop table proposals; --", "(((", "%", "_", "\\", "\u0000", "  ", "15/", "/2018", "nđ-cp", "Đ-"];

  test("punctuation, quotes and FTS5 operators never break a query; they are plain text", async () => {
    for (const q of HOSTILE) {
      await expect(globalSearch(db, q), JSON.stringify(q)).resolves.toBeDefined();
      await expect(listProposals(db, { ...LIST, q }), JSON.stringify(q)).resolves.toBeDefined();
      await expect(listDocuments(db, { q, page: 1 }), JSON.stringify(q)).resolves.toBeDefined();
      await expect(listAmendments(db, { q, today: "2026-01-01", sort: "deadline", page: 1 }), JSON.stringify(q)).resolves.toBeDefined();
      const expression = matchExpression(parseSearch(q).terms);
      if (expression !== null) expect(expression, JSON.stringify(q)).toMatch(/^"[\p{L}\p{N} ]+"\*( AND "[\p{L}\p{N} ]+"\*)*$/u);
    }
    expect(await db.selectFrom("proposals").select("id").limit(1).execute()).toHaveLength(1);
  });

  test("operator words are searched as words; punctuation alone searches for nothing", async () => {
    const { code } = await createProposalFor(db, officer, { title: "Quy định AND và NEAR trong mẫu đơn kỳ lạ" });
    expect(await proposalCodes("AND (")).toEqual([code]);
    expect(await proposalCodes("near")).toEqual([code]);
    const nothing = await globalSearch(db, '"*/-');
    expect(nothing).toEqual({ terms: [], proposals: { total: 0, rows: [] }, documents: { total: 0, rows: [] }, decisions: { total: 0, rows: [] } });
  });
});

/** The ids whose folded text has a word starting with `word`, read straight from the table. */
async function scannedIds(table: "proposals" | "legal_documents", word: string): Promise<number[]> {
  const rows = await db.selectFrom(table).select(["id", "search_text"]).where("search_text", "like", `%${word}%`).execute();
  return rows
    .filter((row) => row.search_text.split(/[^\p{L}\p{N}]+/u).some((token) => token.startsWith(word)))
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

async function indexedIds(table: "proposals" | "legal_documents", word: string): Promise<number[]> {
  const results = await globalSearch(db, word, { limit: 100_000 });
  return (table === "proposals" ? results.proposals.rows : results.documents.rows).map((row) => row.id).sort((a, b) => a - b);
}

async function expectConsistent(words: string[]) {
  for (const word of words) {
    expect(await indexedIds("proposals", word), word).toEqual(await scannedIds("proposals", word));
    expect(await indexedIds("legal_documents", word), word).toEqual(await scannedIds("legal_documents", word));
  }
  expect(await searchIndexesConsistent(db)).toBe(true);
}

describe("the index stays consistent with the tables", () => {
  const WORDS = ["kiwi", "mango", "papaya", "guava", "durian", "thuc", "pham", "qoz", "15", "byt"];

  test("after creating and editing through the services", async () => {
    const created = await createProposalFor(db, officer, { title: "Điều kiện trồng kiwi" });
    expect(await proposalCodes("kiwi")).toEqual([created.code]);
    const row = await db.selectFrom("proposals").select("version").where("code", "=", created.code).executeTakeFirstOrThrow();
    await updateProposal(db, officer, created.code, ProposalSchema.parse(proposalFields("BYT", { title: "Điều kiện trồng mango" })), row.version);
    expect(await proposalCodes("kiwi")).toEqual([]);
    expect(await proposalCodes("mango")).toEqual([created.code]);

    const document = await createDocumentFor(db, reviewer, { number: "77/2019/NĐ-CP", title: "Nghị định về cây durian" });
    expect(await documentNumbers("durian")).toEqual(["77/2019/NĐ-CP"]);
    await updateDocument(
      db,
      reviewer,
      document,
      LegalDocumentSchema.parse({ number: "77/2019/NĐ-CP", doc_type: "", title: "Nghị định về cây papaya", issued_on: "", effective_on: "", status: "in_force", lead_agency: "" }),
      1,
    );
    expect(await documentNumbers("durian")).toEqual([]);
    expect(await documentNumbers("papaya")).toEqual(["77/2019/NĐ-CP"]);
    await expectConsistent(WORDS);
  });

  test("after SQL inserts and deletes in a transaction, as a bulk import writes", async () => {
    const agency = officer.agency_id ?? 0;
    const insert = (trx: Kysely<DB>, code: string, word: string) =>
      trx
        .insertInto("proposals")
        .values({
          code,
          agency_id: agency,
          original_agency_id: agency,
          regulation_type: "other",
          title: `Nhập ${word}`,
          action: "abolish",
          proposed_change: "Bãi bỏ",
          status: "draft",
          search_text: `${code.toLowerCase()} nhap ${word}`,
        })
        .execute();
    await db.transaction().execute(async (trx) => {
      await insert(trx, "BYT-9101", "papaya");
      await insert(trx, "BYT-9102", "papaya");
      // inside the transaction its own writes are already found
      expect((await globalSearch(trx, "papaya")).proposals.total).toBe(2);
    });
    expect(await proposalCodes("papaya")).toEqual(["BYT-9101", "BYT-9102"]);

    await db.deleteFrom("proposals").where("code", "=", "BYT-9102").execute();
    expect(await proposalCodes("papaya")).toEqual(["BYT-9101"]);
    await expectConsistent(WORDS);
  });

  test("after a transaction that rolls back, nothing it wrote is found", async () => {
    const agency = officer.agency_id ?? 0;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into proposals (code, agency_id, original_agency_id, regulation_type, title, action, proposed_change, status, search_text)
          values ('BYT-9201', ${agency}, ${agency}, 'other', 'Ổi guava', 'abolish', 'Bãi bỏ', 'draft', 'byt-9201 oi guava')`.execute(trx);
        await trx.updateTable("proposals").set({ search_text: "byt-9101 guava" }).where("code", "=", "BYT-9101").execute();
        await trx.deleteFrom("proposals").where("code", "=", "BYT-0001").execute();
        expect((await globalSearch(trx, "guava")).proposals.total).toBe(2);
        throw new Error("the import found a bad row");
      }),
    ).rejects.toThrow("the import found a bad row");
    expect(await proposalCodes("guava")).toEqual([]);
    expect(await proposalCodes("papaya")).toEqual(["BYT-9101"]);
    expect(await proposalCodes("BYT-0001")).toEqual(["BYT-0001"]);
    await expectConsistent(WORDS);
  });
});

describe("npm run search:rebuild", () => {
  const rebuild = () => runScript("search-rebuild.ts", database.location);

  test("restores an emptied index and recomputes a folded text written wrong", async () => {
    const proposals = await db.selectFrom("proposals").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const documents = await db.selectFrom("legal_documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const before = await proposalCodes("thu tuc hanh xoa");
    expect(before).toHaveLength(1);

    // a row whose folded text an import got wrong (the index follows it, the text is stale)
    await db.updateTable("proposals").set({ search_text: "sai" }).where("code", "=", "BYT-0001").execute();
    // SQLite: an emptied index (writes to rows it lacks would now fail as "malformed" until
    // rebuilt). PostgreSQL's index is a generated column of each row, which cannot be emptied.
    if (dialectOf(db) === "sqlite") {
      await sql`insert into proposals_fts(proposals_fts) values ('delete-all')`.execute(db);
      await sql`insert into legal_documents_fts(legal_documents_fts) values ('delete-all')`.execute(db);
      expect(await proposalCodes("thu tuc hanh xoa")).toEqual([]);
      expect(await documentNumbers("15/2018/nd-cp")).toEqual(["15/2018/NĐ-CP"]);
      expect(await documentNumbers("an toan thuc pham")).toEqual([]);
      expect(await searchIndexesConsistent(db)).toBe(false);
    }

    const run = await rebuild();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`proposals: ${proposals.n} indexed`);
    expect(run.stdout).toContain(`legal documents: ${documents.n} indexed`);
    // BYT-0001 and the row inserted with SQL without its source number's key
    expect(run.stdout).toMatch(/proposals: \d+ indexed, [1-9]\d* search texts recomputed/);

    expect(await searchIndexesConsistent(db)).toBe(true);
    expect(await proposalCodes("thu tuc hanh xoa")).toEqual(before);
    expect(await documentNumbers("an toan thuc pham")).toEqual(["115/2018/NĐ-CP", "15/2018/NĐ-CP"]);
    expect(await proposalCodes("qaz m000")).toEqual(["BYT-0001"]);
    await expectConsistent(["kiwi", "mango", "papaya", "thuc", "qoz", "15", "byt"]);
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  let viewer: TestUser;
  let officerBtc: TestUser;
  let bytCode: string;
  let btcCode: string;
  let decisionId: number;

  beforeAll(async () => {
    server = await startServer({
      seed: async (seedDb) => {
        await createAgencies(seedDb);
        const officerByt = await createUserWith(seedDb, { role: "officer", agencyCode: "BYT" });
        officerBtc = await createUserWith(seedDb, { role: "officer", agencyCode: "BTC" });
        viewer = await createUserWith(seedDb, { role: "viewer" });
        const admin = await createUserWith(seedDb, { role: "admin" });
        await createDocumentFor(seedDb, admin, { number: "15/2018/NĐ-CP", title: "Nghị định quy định chi tiết Luật An toàn thực phẩm" });
        await createDocumentFor(seedDb, admin, { number: "115/2018/NĐ-CP", title: "Nghị định quy định xử phạt về an toàn thực phẩm" });
        ({ code: bytCode } = await createProposalFor(seedDb, officerByt, {
          title: "Thủ tục hành chính cấp giấy xác nhận kiến thức an toàn thực phẩm",
          source_document: "15/2018/NĐ-CP",
        }));
        ({ code: btcCode } = await createProposalFor(seedDb, officerBtc, {
          title: "Chế độ báo cáo thuế",
          rationale: "Giảm thủ tục hành chính cho doanh nghiệp nhỏ",
        }));
        await createAmendment(seedDb, officerByt, AmendmentSchema.parse({ document: "15/2018/NĐ-CP", agency: "BYT", form: "amend" }));
        decisionId = await createDecisionFor(seedDb, admin, { number: "1015/QĐ-TTg" });
        await createDecisionFor(seedDb, admin, { number: "11015/QĐ-TTg", title_vi: "Quyết định khác" });
      },
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  function resultCount(html: string): number {
    return Number(/(\d+) kết quả/.exec(visibleText(mainContent(html)))?.[1] ?? -1);
  }

  test("the search page needs a signed-in user", async () => {
    const response = await client(server.url).get("/search?q=thu+tuc");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  test("the words searched for are shown as typed, never read as markup or as a placeholder (the heading marks them Vietnamese through a message)", async () => {
    const browser = await signedInClient(server.url, viewer);
    for (const q of ["<strong>giấy</strong> phép", "<vi>a</vi><0>b</0>", "<p>x & y</p>", "{{q}} &amp; {q}"]) {
      const html = await (await browser.get(`/search?q=${encodeURIComponent(q)}`)).text();
      const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? "";
      expect(heading, q).not.toMatch(/<(strong|p|0)\b/);
      expect(heading.match(/<span lang="vi">/g), q).toHaveLength(1);
      expect(visibleText(heading), q).toContain(q);
    }
  });

  test("results are grouped, counted, linked to their lists, and the matched words marked in the text as written", async () => {
    const browser = await signedInClient(server.url, viewer);
    const response = await browser.get(`/search?${new URLSearchParams({ q: "thu tuc hanh" })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const main = mainContent(html);
    // the words searched for are marked lang="vi" in the heading: visibleText spaces the mark
    expect(visibleText(main)).toMatch(/Kết quả tìm kiếm cho “ ?thu tuc hanh ?”/);
    expect(visibleText(main)).toMatch(/Phương án \(2 kết quả\)/);
    expect(visibleText(main)).toMatch(/Văn bản \(0 kết quả\)/);
    expect(main).toContain(`href="/proposals/${bytCode}"`);
    expect(main).toContain(`href="/proposals/${btcCode}"`);
    expect(main).toMatch(/<mark[^>]*>Thủ<\/mark> <mark[^>]*>tục<\/mark> <mark[^>]*>hành<\/mark> chính cấp giấy/);
    // the BTC proposal has the words in its rationale: the snippet shows them there
    expect(visibleText(main)).toMatch(/Khớp trong “Lý do”: Giảm thủ tục hành chính/);
    expect(main).toContain('href="/proposals?q=thu+tuc+hanh"');
    expect(visibleText(main)).toContain("Xem tất cả 2 kết quả trong danh sách");
    // the header box keeps the words searched for
    expect(html).toMatch(/<form[^>]*action="\/search"[^>]*role="search"|<form[^>]*role="search"[^>]*action="\/search"/);
    expect(html).toMatch(/<input[^>]*id="header-search"[^>]*value="thu tuc hanh"/);
  });

  test("a document number typed three ways finds the decree, not 115/2018, in both groups, and the lists agree", async () => {
    const browser = await signedInClient(server.url, viewer);
    for (const q of ["15/2018/nd-cp", "15/2018", "nđ-cp 15/2018"]) {
      const main = mainContent(await (await browser.get(`/search?${new URLSearchParams({ q })}`)).text());
      expect(visibleText(main), q).toMatch(/Phương án \(1 kết quả\)/);
      expect(visibleText(main), q).toMatch(/Văn bản \(1 kết quả\)/);
      expect(main, q).toContain(`href="/proposals/${bytCode}"`);
      expect(main, q).toMatch(/<mark[^>]*>15\/2018(\/NĐ-CP)?<\/mark>/);
      expect(visibleText(main), q).not.toContain("115/2018");

      const documents = await (await browser.get(`/documents?${new URLSearchParams({ q })}`)).text();
      expect(resultCount(documents), q).toBe(1);
      expect(mainContent(documents), q).toContain("15/2018/NĐ-CP");
      const proposals = await (await browser.get(`/proposals?${new URLSearchParams({ q })}`)).text();
      expect(resultCount(proposals), q).toBe(1);
      const amendments = await (await browser.get(`/amendments?${new URLSearchParams({ q })}`)).text();
      expect(resultCount(amendments), q).toBe(1);
    }
  });

  test("decisions are a group of the search page and the decisions list filters by the same words", async () => {
    const browser = await signedInClient(server.url, viewer);
    for (const q of ["1015", "1015/qd-ttg", "phan cap"]) {
      const main = mainContent(await (await browser.get(`/search?${new URLSearchParams({ q })}`)).text());
      expect(visibleText(main), q).toMatch(/Quyết định \(1 kết quả\)/);
      expect(main, q).toContain(`href="/decisions/${decisionId}"`);
      expect(main, q).toContain(`href="/decisions?${new URLSearchParams({ q })}"`);
      const list = await (await browser.get(`/decisions?${new URLSearchParams({ q })}`)).text();
      expect(resultCount(list), q).toBe(1);
      expect(mainContent(list), q).toContain(`href="/decisions/${decisionId}"`);
      expect(fieldValue(mainContent(list), "q"), q).toBe(q);
    }
    expect(mainContent(await (await browser.get("/search?q=1015")).text())).toMatch(/<mark[^>]*>1015<\/mark>\/QĐ-TTg/);
    expect(resultCount(await (await browser.get("/decisions")).text())).toBe(2);
  });

  test("every list page filters by q without diacritics", async () => {
    const browser = await signedInClient(server.url, viewer);
    const proposals = await (await browser.get("/proposals?q=che+do+bao+cao")).text();
    expect(resultCount(proposals)).toBe(1);
    expect(mainContent(proposals)).toContain(btcCode);
    const documents = await (await browser.get("/documents?q=xu+phat+an+toan")).text();
    expect(resultCount(documents)).toBe(1);
    expect(mainContent(documents)).toContain("115/2018/NĐ-CP");
    const amendments = await (await browser.get("/amendments?q=luat+an+toan+thuc")).text();
    expect(resultCount(amendments)).toBe(1);
  });

  test("an officer finds every agency's proposals, as the proposal list shows them", async () => {
    const browser = await signedInClient(server.url, officerBtc);
    const main = mainContent(await (await browser.get("/search?q=thu+tuc+hanh")).text());
    expect(main).toContain(`href="/proposals/${bytCode}"`);
    expect(main).toContain(`href="/proposals/${btcCode}"`);
  });

  test("no words, punctuation alone, and words that match nothing each say so", async () => {
    const browser = await signedInClient(server.url, viewer);
    for (const path of ["/search", "/search?q=", `/search?${new URLSearchParams({ q: '"*/-' })}`]) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(200);
      expect(visibleText(mainContent(await response.text())), path).toContain("Nhập từ khóa (có chữ hoặc số)");
    }
    const none = mainContent(await (await browser.get("/search?q=khongcotunay")).text());
    expect(visibleText(none)).toContain("Không tìm thấy đề xuất, văn bản hay quyết định nào phù hợp.");
    expect(none).not.toContain("<mark");
  });

  test("hostile input answers the page, never an error", async () => {
    const browser = await signedInClient(server.url, viewer);
    for (const q of ['"', "AND (", "NEAR", "-", "/", "a\" OR \"b", "*", "x".repeat(5000)]) {
      for (const path of ["/search", "/proposals", "/documents", "/amendments", "/decisions"]) {
        const response = await browser.get(`${path}?${new URLSearchParams({ q })}`);
        expect(response.status, `${path} ${q.slice(0, 20)}`).toBe(200);
      }
    }
  });
});
