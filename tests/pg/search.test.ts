import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { documentNumberKey } from "~/domain/document-number";
import { globalSearch, parseSearch, proposalMatches, documentMatches, searchIndexCounts, searchIndexesConsistent, tsQueryText } from "~/models/search.server";
import { documentSearchText } from "~/services/legal-document.server";
import { proposalSearchText } from "~/services/proposal.server";
import type { DB } from "../../db/types";
import { bothDatabases, type BothDatabases } from "../support/both-databases";

// Search finds the same records on PostgreSQL as on SQLite, for the same rows and the same words:
// folded Vietnamese, word prefixes, a document number typed any way, the totals the lists show.
// (The order within equally good matches may differ: bm25 and ts_rank score differently.)

let both: BothDatabases;

const DOCUMENTS = [
  { number: "15/2018/NĐ-CP", title: "Quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm" },
  { number: "115/2018/NĐ-CP", title: "Xử phạt vi phạm hành chính về an toàn thực phẩm" },
  { number: "09/2016/TT-BYT", title: "Giấy phép hoạt động khám bệnh, chữa bệnh" },
];

const PROPOSALS = [
  { code: "BYT-0001", title: "Bãi bỏ giấy phép kinh doanh thực phẩm chức năng", change: "Bỏ yêu cầu giấy phép", source: 1 },
  { code: "BYT-0002", title: "Đơn giản hóa thủ tục cấp chứng chỉ hành nghề y", change: "Nộp hồ sơ trực tuyến", source: 3 },
  { code: "BYT-0003", title: "Phân cấp cấp phép quảng cáo thực phẩm", change: "Giao Sở Y tế cấp phép", source: 2 },
  { code: "BTC-0001", title: "Bãi bỏ báo cáo định kỳ về phí, lệ phí", change: "Kết nối dữ liệu", source: null },
  { code: "BTC-0002", title: "Giảm điều kiện kinh doanh dịch vụ kế toán", change: "Bỏ điều kiện về vốn", source: null },
];

async function arrange(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto("agencies")
    .values([
      { code: "BYT", name_vi: "Bộ Y tế", name_en: "Ministry of Health", kind: "ministry" },
      { code: "BTC", name_vi: "Bộ Tài chính", name_en: "Ministry of Finance", kind: "ministry" },
    ])
    .execute();
  for (const [index, document] of DOCUMENTS.entries()) {
    const key = documentNumberKey(document.number);
    await db
      .insertInto("legal_documents")
      .values({ id: index + 1, number: document.number, number_key: key, doc_type: "decree", status: "in_force", title: document.title, search_text: documentSearchText(document.number, key, document.title) })
      .execute();
  }
  for (const [index, proposal] of PROPOSALS.entries()) {
    const source = proposal.source ? DOCUMENTS[proposal.source - 1]!.number : null;
    await db
      .insertInto("proposals")
      .values({
        id: index + 1,
        code: proposal.code,
        agency_id: proposal.code.startsWith("BYT") ? 1 : 2,
        original_agency_id: proposal.code.startsWith("BYT") ? 1 : 2,
        regulation_type: "other",
        title: proposal.title,
        action: "abolish",
        proposed_change: proposal.change,
        status: "draft",
        source_document_id: proposal.source,
        search_text: proposalSearchText({ code: proposal.code, title: proposal.title, proposed_change: proposal.change, rationale: null, procedure_code: null, source_provision: null, source_document: source }),
      })
      .execute();
  }
}

beforeAll(async () => {
  both = await bothDatabases(arrange);
});

afterAll(() => both?.remove());

const onBoth = <T>(read: (db: Kysely<DB>) => Promise<T>) => both.onBoth(read);

const QUERIES = [
  "giấy phép",
  "giay phep",
  "GIẤY PHÉP thực phẩm",
  "thuc pham",
  "phep",
  "ph",
  "y te",
  "15/2018/NĐ-CP",
  "15/2018/nd-cp",
  "nđ-cp 15/2018 an toan",
  "115/2018",
  "BYT-0002",
  "byt",
  "bãi bỏ báo cáo",
  "\"giấy\" AND (phép*)",
  "không có gì",
];

test("each query finds the same proposals and documents, with the same totals", async () => {
  for (const q of QUERIES) {
    const found = await onBoth(async (db) => {
      const results = await globalSearch(db, q);
      return {
        proposals: { total: results.proposals.total, codes: results.proposals.rows.map((row) => row.code).sort() },
        documents: { total: results.documents.total, numbers: results.documents.rows.map((row) => row.number).sort() },
      };
    });
    expect(found.postgres, q).toEqual(found.sqlite);
  }
  // the queries find something, or the comparison above proves little
  const some = await globalSearch(both.backends[1]!.db, "giay phep");
  expect(some.proposals.total).toBeGreaterThan(0);
  expect(some.documents.total).toBeGreaterThan(0);
});

test("the lists' search filters keep the same rows", async () => {
  for (const q of QUERIES) {
    const search = parseSearch(q);
    const rows = await onBoth(async (db) => {
      const proposals = proposalMatches(db, search);
      const documents = documentMatches(db, search);
      return {
        proposals: proposals ? (await db.selectFrom("proposals").select("code").where(proposals).orderBy("code").execute()).map((row) => row.code) : null,
        documents: documents ? (await db.selectFrom("legal_documents").select("number").where(documents).orderBy("number").execute()).map((row) => row.number) : null,
      };
    });
    expect(rows.postgres, q).toEqual(rows.sqlite);
  }
});

test("PostgreSQL's query reads each word's tokens in a row, the last a prefix, every word required", () => {
  expect(tsQueryText(parseSearch("giấy phép 15/2018/nđ-cp").phrases)).toBe("giay:* & phep:* & 15 <-> 2018 <-> nd <-> cp:*");
});

test("the indexes hold every row and are consistent on both", async () => {
  expect(await onBoth((db) => searchIndexCounts(db))).toEqual({ sqlite: { proposals: 5, documents: 3 }, postgres: { proposals: 5, documents: 3 } });
  expect(await onBoth((db) => searchIndexesConsistent(db))).toEqual({ sqlite: true, postgres: true });
});
