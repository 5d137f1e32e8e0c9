import { describe, expect, it } from "vitest";
import { findHeader, HEADER_SEARCH_ROWS, importRows, type HeaderLayout } from "./header";
import { columnForHeader, IMPORT_COLUMNS, REQUIRED_COLUMNS } from "./layout";
import { MAX_REPORT_NOTES } from "./report";
import type { SheetRow } from "./sheet";

// The header of a plan mapped to the layout's columns, and the rows below it: no database, a grid in.

const rows = (...lines: string[][]): SheetRow[] => lines.map((cells, index) => ({ rowNumber: index + 1, cells }));
const LAYOUT_HEADERS = IMPORT_COLUMNS.map((column) => column.header);

function layoutOf(grid: SheetRow[]): HeaderLayout {
  const found = findHeader(grid);
  if ("error" in found) throw new Error(`expected a header, got ${found.error}`);
  return found;
}

describe("findHeader", () => {
  it("knows each column by its header, its key and each alias, and no two columns by the same words", () => {
    for (const column of IMPORT_COLUMNS) {
      for (const name of [column.header, column.key, ...(column.aliases ?? [])]) expect(columnForHeader(name), name).toBe(column.key);
    }
  });

  it("maps the sample plan's Vietnamese headers to the layout's keys, in the file's order", () => {
    const layout = layoutOf(rows(LAYOUT_HEADERS));
    expect(layout.rowNumber).toBe(1);
    expect(layout.columns.map((column) => [column.index, column.key])).toEqual(IMPORT_COLUMNS.map((column, index) => [index, column.key]));
    expect(layout.notes).toEqual([]);
  });

  it("reads headers typed without diacritics, in any case, with odd spacing, punctuation and units", () => {
    const layout = layoutOf(rows(["  bo ,  NGANH ", "Nhom  quy_dinh", "NỘI DUNG QUY ĐỊNH", "phuong an", "Nội dung cắt giảm, đơn giản hóa (đồng)", "Chi phí tuân thủ trước (triệu đồng/năm)"]));
    expect(layout.columns.map((column) => column.key)).toEqual(["agency", "regulation_type", "title", "action", "proposed_change", "cost_before_vnd"]);
    // the header as the file writes it, for the report
    expect(layout.columns[0]?.header).toBe("  bo ,  NGANH ");
  });

  it("reads the English keys and aliases in another order", () => {
    const layout = layoutOf(rows(["proposed_change", "Title", "Ministry", "Type", "action", "Code", "Documents to amend"]));
    expect(layout.columns.map((column) => column.key)).toEqual(["proposed_change", "title", "agency", "regulation_type", "action", "code", "documents_to_amend"]);
  });

  it("skips a title and a date above the header", () => {
    const layout = layoutOf(rows(["KẾ HOẠCH CẮT GIẢM QUY ĐỊNH KINH DOANH"], ["Ngày 01/10/2026"], [], LAYOUT_HEADERS, ["BYT-0001", "BYT"]));
    expect(layout.rowNumber).toBe(4);
  });

  it("looks for the header in the first rows only", () => {
    const titles = Array.from({ length: HEADER_SEARCH_ROWS }, (_, index) => [`Dòng tiêu đề ${index + 1}`]);
    expect(findHeader(rows(...titles, LAYOUT_HEADERS))).toEqual({ error: "imports.errors.no_header" });
    expect(layoutOf(rows(...titles.slice(1), LAYOUT_HEADERS)).rowNumber).toBe(HEADER_SEARCH_ROWS);
  });

  it("needs three known columns to take a row for the header", () => {
    expect(findHeader(rows(["Mã", "Bộ, ngành", "Ghi chú"], ["BYT-1", "BYT", "x"]))).toEqual({ error: "imports.errors.no_header" });
    expect(findHeader(rows(["a", "b", "c"], ["1", "2", "3"]))).toEqual({ error: "imports.errors.no_header" });
  });

  it("names every missing required column with its header and key", () => {
    expect(findHeader(rows(["Mã", "Bộ, ngành", "Nội dung quy định"]))).toEqual({
      error: "imports.errors.missing_columns|columns=“Nhóm quy định” (regulation_type), “Phương án” (action), “Nội dung cắt giảm, đơn giản hóa” (proposed_change)",
    });
    for (const key of REQUIRED_COLUMNS) {
      const without = IMPORT_COLUMNS.filter((column) => column.key !== key).map((column) => column.header);
      const found = findHeader(rows(without));
      expect("error" in found && found.error).toContain(`(${key})`);
    }
  });

  it("refuses a column named twice, however it is spelled", () => {
    expect(findHeader(rows([...LAYOUT_HEADERS, "Bo nganh"]))).toEqual({ error: "imports.errors.duplicate_column|column=Bo nganh" });
    expect(findHeader(rows([...LAYOUT_HEADERS, "title"]))).toEqual({ error: "imports.errors.duplicate_column|column=title" });
  });

  it("notes the columns it does not know, and ignores the export's own columns silently", () => {
    const layout = layoutOf(rows(["Ghi chú", ...LAYOUT_HEADERS, "Trạng thái", "due_on", "", "Người nhập"]));
    expect(layout.columns).toHaveLength(IMPORT_COLUMNS.length);
    expect(layout.columns[0]).toMatchObject({ index: 1, key: "code" });
    expect(layout.notes).toEqual([
      { row: 1, column: null, header: "Ghi chú", value: null, message: "imports.notes.ignored_column" },
      { row: 1, column: null, header: "Người nhập", value: null, message: "imports.notes.ignored_column" },
    ]);
  });

  it("names the first 100 unknown columns and counts the rest; a huge header is kept as an excerpt", () => {
    const unknown = Array.from({ length: MAX_REPORT_NOTES + 5 }, (_, index) => `Cột lạ ${index + 1}`);
    const layout = layoutOf(rows([...LAYOUT_HEADERS, `Ghi chú ${"rất dài ".repeat(100)}`, ...unknown]));
    expect(layout.notes).toHaveLength(MAX_REPORT_NOTES + 1);
    expect(layout.notes[0]?.header).toHaveLength(201);
    expect(layout.notes[0]?.header?.endsWith("…")).toBe(true);
    expect(layout.notes.at(-1)).toEqual({ row: 1, column: null, header: null, value: null, message: "imports.notes.more_ignored|count=6" });
  });
});

describe("importRows", () => {
  it("reads each row below the header as the cells of its known columns", () => {
    const grid = rows(["Kế hoạch 2026"], ["Ghi chú", "Mã", "Bộ, ngành", "Nhóm quy định", "Nội dung quy định", "Phương án", "Nội dung cắt giảm"], ["x", " BYT-0001 ", "BYT", "Thủ tục hành chính", "'=HYPERLINK(1)", "Bãi bỏ"]);
    const layout = layoutOf(grid);
    const [row, ...others] = importRows(grid, layout);
    expect(others).toEqual([]);
    expect(row?.rowNumber).toBe(3);
    expect(Object.fromEntries(row?.cells ?? [])).toEqual({
      code: "BYT-0001",
      agency: "BYT",
      regulation_type: "Thủ tục hành chính",
      // the apostrophe an export writes before a formula-like text is taken off again
      title: "=HYPERLINK(1)",
      action: "Bãi bỏ",
      // a row ends at its last non-empty cell: the missing cells are empty
      proposed_change: "",
    });
    expect(row?.headers.get("proposed_change")).toBe("Nội dung cắt giảm");
    // a column the file does not have is absent, not empty: the stored value stays
    expect(row?.cells.has("rationale")).toBe(false);
  });
});
