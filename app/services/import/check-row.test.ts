import { describe, expect, it } from "vitest";
import { documentNumberKey } from "~/domain/document-number";
import type { Actor } from "~/domain/permissions";
import { translateMessage, translator } from "~/i18n";
import { checkRow, type CheckedRow } from "./check-row";
import { createContext, proposalsToLookUp, addProposalsByCode, addProposalsByContent, type Context, type ImportedProposal } from "./context";
import type { ImportRow } from "./header";
import { columnHeader, type ImportColumnKey } from "./layout";

// A row's checks against plain lookups: no database. The agencies: BYT and BTC; BKHĐT, merged
// fully into BTC on 1 March 2025; BTTTT, whose main successor is BKHCN; BLĐTBXH, ceased with
// only a partial successor.

const TODAY = "2026-06-01";
const AGENCIES = [
  { id: 1, code: "BYT", name_vi: "Bộ Y tế", name_en: "Ministry of Health", active_to: null },
  { id: 2, code: "BTC", name_vi: "Bộ Tài chính", name_en: "Ministry of Finance", active_to: null },
  { id: 3, code: "BKHĐT", name_vi: "Bộ Kế hoạch và Đầu tư", name_en: "Ministry of Planning and Investment", active_to: "2025-02-28" },
  { id: 4, code: "BTTTT", name_vi: "Bộ Thông tin và Truyền thông", name_en: "Ministry of Information and Communications", active_to: "2025-02-28" },
  { id: 5, code: "BKHCN", name_vi: "Bộ Khoa học và Công nghệ", name_en: "Ministry of Science and Technology", active_to: null },
  { id: 6, code: "BLĐTBXH", name_vi: "Bộ Lao động - Thương binh và Xã hội", name_en: "Ministry of Labour", active_to: "2025-02-28" },
];
const SUCCESSIONS = [
  { predecessor_id: 4, successor_id: 5, scope: "main" as const },
  { predecessor_id: 3, successor_id: 2, scope: "full" as const },
  { predecessor_id: 6, successor_id: 1, scope: "partial" as const },
];
const DECISIONS = [
  { id: 10, number: "1661/QĐ-TTg", number_key: documentNumberKey("1661/QĐ-TTg"), due_on: "2026-12-31" },
  { id: 11, number: "1015/QĐ-TTg", number_key: documentNumberKey("1015/QĐ-TTg"), due_on: null },
];

const officer: Actor = { id: 1, role: "officer", agency_id: 1 };
const reviewer: Actor = { id: 2, role: "reviewer", agency_id: null };
const admin: Actor = { id: 3, role: "admin", agency_id: null };
const vi = translator("vi");

function stored(overrides: Partial<ImportedProposal> = {}): ImportedProposal {
  return {
    id: 100,
    code: "BYT-0001",
    agency_id: 1,
    agency_code: "BYT",
    status: "draft",
    decision_id: null,
    decision_number: null,
    regulation_type: "administrative_procedure",
    title: "Cấp giấy phép nhập khẩu trang thiết bị y tế",
    source_document_number: "98/2021/NĐ-CP",
    source_provision: "Điều 48",
    action: "simplify",
    proposed_change: "Bỏ bản sao chứng thực",
    rationale: "Lý do đã lưu",
    procedure_code: null,
    cost_before_vnd: 1_200_000_000,
    cost_after_vnd: 800_000_000,
    timeline: "Quý IV/2026",
    due_on: "2026-12-31",
    ...overrides,
  };
}

function context(actor: Actor, proposals: { byCode?: ImportedProposal[]; byContent?: ImportedProposal[] } = {}): Context {
  const lookups = createContext(actor, TODAY, { agencies: AGENCIES, successions: SUCCESSIONS, decisions: DECISIONS });
  addProposalsByCode(lookups, proposals.byCode ?? []);
  addProposalsByContent(lookups, proposals.byContent ?? []);
  return lookups;
}

type Cells = Partial<Record<ImportColumnKey, string>>;
const VALID: Cells = {
  code: "BYT-0101",
  agency: "BYT",
  regulation_type: "Thủ tục hành chính",
  title: "Cấp giấy phép nhập khẩu trang thiết bị y tế",
  action: "Đơn giản hóa",
  proposed_change: "Bỏ yêu cầu nộp bản sao chứng thực",
  rationale: "Giảm chi phí cho doanh nghiệp",
  cost_before_vnd: "1.200.000.000",
  cost_after_vnd: "800.000.000",
  timeline: "Quý IV/2026",
};

let nextRow = 2;
function row(cells: Cells, rowNumber = nextRow++): ImportRow {
  const entries = Object.entries(cells) as [ImportColumnKey, string][];
  return { rowNumber, cells: new Map(entries), headers: new Map(entries.map(([key]) => [key, columnHeader(key)])) };
}

/** The row's errors as [column, message key] pairs. */
function errorsOf(checked: CheckedRow): [ImportColumnKey | null, string][] {
  return checked.errors.map((error) => [error.column, error.message]);
}

describe("checkRow: a valid row", () => {
  it("reads the cells with the proposal form's schema, labels as typed in either language or without diacritics", () => {
    for (const [regulationType, action] of [
      ["Thủ tục hành chính", "Đơn giản hóa"],
      ["Administrative procedure", "Simplify"],
      ["thu tuc hanh chinh", "don gian hoa"],
      ["administrative_procedure", "simplify"],
    ]) {
      const checked = checkRow(row({ ...VALID, regulation_type: regulationType, action }), context(officer));
      expect(errorsOf(checked)).toEqual([]);
      expect(checked.input).toMatchObject({ agency: "BYT", regulation_type: "administrative_procedure", action: "simplify", cost_before_vnd: 1_200_000_000 });
      expect(checked.input?.timeline.dueOn).toBe("2026-12-31");
      expect(checked).toMatchObject({ code: "BYT-0101", existing: null, agency: { id: 1 }, decision: null, pairs: null });
    }
  });

  it("takes a code in any case, with spaces around it", () => {
    expect(checkRow(row({ ...VALID, code: "  byt-0101 " }), context(officer)).code).toBe("BYT-0101");
  });

  it("names its agency by code or name, in either language, without diacritics", () => {
    for (const agency of ["BYT", "byt", "Bộ Y tế", "bo y te", "Ministry of Health"]) {
      const checked = checkRow(row({ ...VALID, agency }), context(officer));
      expect(errorsOf(checked), agency).toEqual([]);
      expect(checked.agency?.code).toBe("BYT");
    }
  });

  it("follows a ceased agency to its full or main successor", () => {
    expect(checkRow(row({ ...VALID, code: "", agency: "BKHĐT" }), context(reviewer)).agency?.code).toBe("BTC");
    expect(checkRow(row({ ...VALID, code: "", agency: "Bộ Thông tin và Truyền thông" }), context(reviewer)).agency?.code).toBe("BKHCN");
  });
});

describe("checkRow: the row's agency", () => {
  it("refuses an unknown agency, and asks for a missing one", () => {
    expect(errorsOf(checkRow(row({ ...VALID, agency: "BXYZ" }), context(reviewer)))).toEqual([["agency", "errors.unknown_agency"]]);
    expect(errorsOf(checkRow(row({ ...VALID, agency: "" }), context(reviewer)))).toEqual([["agency", "errors.required"]]);
  });

  it("refuses an agency that ceased with no full or main successor, naming it", () => {
    expect(errorsOf(checkRow(row({ ...VALID, code: "", agency: "BLĐTBXH" }), context(reviewer)))).toEqual([["agency", "imports.errors.agency_ceased|agency=BLĐTBXH"]]);
  });

  it("lets an officer import only their own agency's rows; a reviewer or an admin any agency's", () => {
    const btc = { ...VALID, code: "BTC-0101", agency: "BTC" };
    const refused = checkRow(row(btc), context(officer));
    expect(errorsOf(refused)).toEqual([["agency", "imports.errors.other_agency"]]);
    expect(translateMessage(vi, refused.errors[0]?.message)).toBe("Bạn chỉ nhập được các dòng của bộ, ngành mình.");
    expect(errorsOf(checkRow(row(btc), context(reviewer)))).toEqual([]);
    expect(errorsOf(checkRow(row(btc), context(admin)))).toEqual([]);
  });

  it("refuses an officer's row naming their agency for another agency's stored proposal", () => {
    const other = stored({ code: "BTC-0001", agency_id: 2, agency_code: "BTC" });
    expect(errorsOf(checkRow(row({ ...VALID, code: "BTC-0001" }), context(officer, { byCode: [other] })))).toEqual([
      ["agency", "imports.errors.agency_differs|agency=BTC"],
    ]);
  });

  it("takes a stored proposal of a merged agency as its successor's", () => {
    const old = stored({ code: "BKHĐT-0001", agency_id: 3, agency_code: "BKHĐT" });
    const checked = checkRow(row({ ...VALID, code: "BKHĐT-0001", agency: "BTC" }), context(reviewer, { byCode: [old] }));
    expect(errorsOf(checked)).toEqual([]);
    expect(checked.existing?.id).toBe(old.id);
  });
});

describe("checkRow: codes and duplicates", () => {
  it("refuses a code of another shape", () => {
    const long = `X${"9".repeat(300)}`;
    const checked = checkRow(row({ ...VALID, code: long }), context(reviewer));
    expect(errorsOf(checked)).toEqual([["code", "imports.errors.invalid_code"]]);
    // the report keeps an excerpt of it
    expect(checked.code).toBe(`${long.toUpperCase().slice(0, 200)}…`);
    expect(checked.errors[0]?.value).toBe(`${long.slice(0, 200)}…`);
    expect(errorsOf(checkRow(row({ ...VALID, code: "BYT 01" }), context(reviewer)))).toEqual([["code", "imports.errors.invalid_code"]]);
  });

  it("refuses a code the file gives twice, naming the first row", () => {
    const lookups = context(officer);
    expect(errorsOf(checkRow(row({ ...VALID }, 5), lookups))).toEqual([]);
    expect(errorsOf(checkRow(row({ ...VALID, code: "byt-0101", title: "Một quy định khác" }, 9), lookups))).toEqual([["code", "imports.errors.duplicate_code|row=5"]]);
  });

  it("refuses a row without a code that repeats another's agency, title and proposed change, however typed", () => {
    const lookups = context(officer);
    expect(errorsOf(checkRow(row({ ...VALID, code: "" }, 3), lookups))).toEqual([]);
    const again = { ...VALID, code: "", title: "CẤP GIẤY PHÉP NHẬP KHẨU TRANG THIẾT BỊ Y TẾ", proposed_change: "bo yeu cau nop ban sao chung thuc" };
    expect(errorsOf(checkRow(row(again, 4), lookups))).toEqual([["title", "imports.errors.duplicate_row|row=3"]]);
    // another agency's row of the same content is no duplicate
    expect(errorsOf(checkRow(row({ ...again, agency: "BTC" }, 6), context(reviewer)))).toEqual([]);
  });

  it("matches a row without a code to its agency's stored proposal of the same content", () => {
    const existing = stored({ proposed_change: VALID.proposed_change ?? "" });
    const lookups = context(officer, { byContent: [existing] });
    const checked = checkRow(row({ ...VALID, code: "" }), lookups);
    expect(checked.existing?.code).toBe("BYT-0001");
    expect(checked.code).toBeNull();
  });

  it("fills the columns the file does not have from the stored proposal", () => {
    const { rationale: _rationale, cost_before_vnd: _before, cost_after_vnd: _after, timeline: _timeline, ...cells } = VALID;
    const checked = checkRow(row({ ...cells, code: "BYT-0001" }), context(officer, { byCode: [stored()] }));
    expect(errorsOf(checked)).toEqual([]);
    expect(checked.input).toMatchObject({ rationale: "Lý do đã lưu", cost_before_vnd: 1_200_000_000, cost_after_vnd: 800_000_000, source_document: "98/2021/NĐ-CP" });
    // an empty cell is a value: it clears what is stored
    expect(checkRow(row({ ...cells, code: "BYT-0001", rationale: "" }), context(officer, { byCode: [stored()] })).input?.rationale).toBeNull();
  });
});

describe("checkRow: the form's fields", () => {
  it("refuses an unknown regulation type or action with the allowed labels", () => {
    const checked = checkRow(row({ ...VALID, regulation_type: "Thủ tục đặc biệt", action: "Xóa" }), context(officer));
    expect(errorsOf(checked)).toEqual([
      ["regulation_type", "imports.errors.unknown_regulation_type|allowed=Thủ tục hành chính; Điều kiện kinh doanh; Chế độ báo cáo; Kiểm tra chuyên ngành; Quy chuẩn, tiêu chuẩn kỹ thuật; Quy định khác"],
      ["action", "imports.errors.unknown_action|allowed=Bãi bỏ; Đơn giản hóa; Sửa đổi, bổ sung; Thay thế; Phân cấp"],
    ]);
    expect(checked.input).toBeNull();
  });

  it("reports the schema's messages at their columns, one per column", () => {
    const checked = checkRow(row({ ...VALID, title: "", cost_before_vnd: "12,5 tỷ", timeline: "Sớm nhất có thể" }), context(officer));
    expect(errorsOf(checked)).toEqual([
      ["title", "errors.required"],
      ["cost_before_vnd", "errors.amount_invalid"],
      ["timeline", "errors.timeline_invalid"],
    ]);
    expect(checked.errors[1]).toMatchObject({ row: checked.rowNumber, header: "Chi phí tuân thủ trước (đồng/năm)", value: "12,5 tỷ" });
  });

  it("refuses savings that go the wrong way", () => {
    expect(errorsOf(checkRow(row({ ...VALID, cost_before_vnd: "100", cost_after_vnd: "200" }), context(officer)))).toEqual([["cost_after_vnd", "errors.cost_after_exceeds"]]);
  });
});

describe("checkRow: the approving decision", () => {
  it("refuses a decision that is not recorded", () => {
    expect(errorsOf(checkRow(row({ ...VALID, decision: "9999/QĐ-TTg" }), context(reviewer)))).toEqual([["decision", "errors.unknown_decision"]]);
  });

  it("lets the secretariat record a decision, typed any way; an officer may not", () => {
    for (const actor of [reviewer, admin]) {
      const checked = checkRow(row({ ...VALID, decision: "1661/qd-ttg" }), context(actor));
      expect(errorsOf(checked)).toEqual([]);
      expect(checked.decision).toMatchObject({ id: 10, due_on: "2026-12-31" });
    }
    expect(errorsOf(checkRow(row({ ...VALID, decision: "1661/QĐ-TTg" }), context(officer)))).toEqual([["decision", "imports.errors.decision_reviewer_only"]]);
  });

  it("leaves a proposal approved under the decision named as it is, even for an officer", () => {
    const approved = stored({ status: "approved", decision_id: 10, decision_number: "1661/QĐ-TTg" });
    const checked = checkRow(row({ ...VALID, code: "BYT-0001", decision: "1661/QĐ-TTg" }), context(officer, { byCode: [approved] }));
    expect(errorsOf(checked)).toEqual([]);
    expect(checked.decision).toBeNull();
  });

  it("refuses another decision for an approved proposal, and any for a closed one", () => {
    const approved = stored({ status: "approved", decision_id: 10, decision_number: "1661/QĐ-TTg" });
    expect(errorsOf(checkRow(row({ ...VALID, code: "BYT-0001", decision: "1015/QĐ-TTg" }), context(reviewer, { byCode: [approved] })))).toEqual([
      ["decision", "imports.errors.decision_differs|current=1661/QĐ-TTg"],
    ]);
    for (const status of ["withdrawn", "rejected"] as const) {
      expect(errorsOf(checkRow(row({ ...VALID, code: "BYT-0001", decision: "1015/QĐ-TTg" }), context(reviewer, { byCode: [stored({ status })] })))).toEqual([
        ["decision", "imports.errors.cannot_approve_closed"],
      ]);
    }
    for (const status of ["draft", "returned", "submitted"] as const) {
      expect(errorsOf(checkRow(row({ ...VALID, code: "BYT-0001", decision: "1015/QĐ-TTg" }), context(reviewer, { byCode: [stored({ status })] })))).toEqual([]);
    }
  });
});

describe("checkRow: documents to amend", () => {
  it("pairs each document with its provisions, in order; one document takes the whole cell", () => {
    expect(checkRow(row({ ...VALID, documents_to_amend: "98/2021/NĐ-CP", provisions_to_amend: "Điều 48; Điều 49" }), context(officer)).pairs).toEqual([
      { document: "98/2021/NĐ-CP", provision: "Điều 48; Điều 49" },
    ]);
    expect(checkRow(row({ ...VALID, documents_to_amend: "98/2021/NĐ-CP; 07/2023/NĐ-CP", provisions_to_amend: "Điều 48; Điều 2" }), context(officer)).pairs).toEqual([
      { document: "98/2021/NĐ-CP", provision: "Điều 48" },
      { document: "07/2023/NĐ-CP", provision: "Điều 2" },
    ]);
    expect(checkRow(row({ ...VALID, documents_to_amend: "98/2021/NĐ-CP; 07/2023/NĐ-CP" }), context(officer)).pairs).toEqual([
      { document: "98/2021/NĐ-CP", provision: null },
      { document: "07/2023/NĐ-CP", provision: null },
    ]);
  });

  it("leaves the links alone without the column, and links nothing new with an empty cell", () => {
    expect(checkRow(row(VALID), context(officer)).pairs).toBeNull();
    expect(checkRow(row({ ...VALID, documents_to_amend: "" }), context(officer)).pairs).toEqual([]);
  });

  it("refuses provisions without documents, provisions that do not pair, and a document named twice", () => {
    expect(errorsOf(checkRow(row({ ...VALID, documents_to_amend: "", provisions_to_amend: "Điều 48" }), context(officer)))).toEqual([
      ["provisions_to_amend", "imports.errors.provisions_without_documents"],
    ]);
    expect(errorsOf(checkRow(row({ ...VALID, documents_to_amend: "98/2021/NĐ-CP; 07/2023/NĐ-CP", provisions_to_amend: "Điều 48; Điều 2; Điều 3" }), context(officer)))).toEqual([
      ["provisions_to_amend", "imports.errors.provisions_count|documents=2|provisions=3"],
    ]);
    expect(errorsOf(checkRow(row({ ...VALID, documents_to_amend: "98/2021/NĐ-CP; 98/2021/nd-cp" }), context(officer)))).toEqual([
      ["documents_to_amend", "imports.errors.duplicate_document|document=98/2021/nd-cp"],
    ]);
  });
});

describe("proposalsToLookUp", () => {
  it("asks for the codes the rows give, and for the agencies of the rows without one", () => {
    const rows = [row({ ...VALID, code: " byt-0001" }), row({ ...VALID, code: "BYT-0001" }), row({ ...VALID, code: "", agency: "BKHĐT" }), row({ ...VALID, code: "", agency: "BXYZ" })];
    expect(proposalsToLookUp(context(reviewer), rows)).toEqual({ codes: ["BYT-0001"], agencyIds: [2] });
  });
});
