import { describe, expect, it } from "vitest";
import { excerpt, hasMatch, highlight, termTokens, type Segment } from "./highlight";
import { searchTerms } from "./text";
import { VOWELS } from "../../tests/support/vietnamese";

/** The text with its marked pieces in [brackets], to compare at a glance. */
function marked(segments: Segment[]): string {
  return segments.map((segment) => (segment.match ? `[${segment.text}]` : segment.text)).join("");
}

function mark(text: string, query: string): string {
  return marked(highlight(text, searchTerms(query)));
}


describe("highlight", () => {
  it("marks, in the text as written, every Vietnamese vowel with every tone, typed without diacritics", () => {
    for (const [folded, lower, upper] of VOWELS) {
      for (const vowel of [...lower, ...upper]) {
        const word = `x${vowel}m`;
        expect(mark(`một ${word} hai`, `x${folded}m`), vowel).toBe(`một [${word}] hai`);
      }
    }
  });

  it("marks đ and Đ for a d", () => {
    expect(mark("Điều kiện đăng ký", "dieu dang")).toBe("[Điều] kiện [đăng] ký");
  });

  it("marks a syllable written with i for one typed with y, and the other way round", () => {
    expect(mark("Giấy chứng nhận đăng kí kinh doanh", "dang ky")).toBe("Giấy chứng nhận [đăng] [kí] kinh doanh");
    expect(mark("Tiêu chuẩn kỹ thuật", "ki thuat")).toBe("Tiêu chuẩn [kỹ] [thuật]");
    expect(mark("Qui định về mĩ phẩm", "quy my")).toBe("[Qui] định về [mĩ] phẩm");
    // "ky" is the syllable: not the start of "kinh"
    expect(mark("Đăng kí kinh doanh", "ky")).toBe("Đăng [kí] kinh doanh");
    expect(mark("Tay nghề", "tai")).toBe("Tay nghề");
  });

  it("keeps combining marks with their letter in decomposed text", () => {
    const decomposed = "Thủ tục hành chính".normalize("NFD");
    const segments = highlight(decomposed, searchTerms("thu tuc"));
    expect(segments.filter((s) => s.match).map((s) => s.text.normalize("NFC"))).toEqual(["Thủ", "tục"]);
    expect(segments.map((s) => s.text).join("")).toBe(decomposed);
  });

  it("marks words that start with what was typed, not the inside of words", () => {
    expect(mark("Thủ tục hành chính", "thu tuc hanh")).toBe("[Thủ] [tục] [hành] chính");
    expect(mark("Thủ tục hành chính", "chin")).toBe("Thủ tục hành [chín]h");
    expect(mark("An toàn thực phẩm", "an")).toBe("[An] toàn thực phẩm");
    expect(mark("An toàn thực phẩm", "THỰC")).toBe("An toàn [thực] phẩm");
  });

  it("marks a document number however it was typed, never a longer number", () => {
    expect(mark("Nghị định 15/2018/NĐ-CP", "15/2018/nd-cp")).toBe("Nghị định [15/2018/NĐ-CP]");
    expect(mark("Nghị định 15/2018/NĐ-CP", "nđ-cp 15/2018")).toBe("Nghị định [15/2018/NĐ-CP]");
    expect(mark("Nghị định 15/2018/NĐ-CP", "15/2018")).toBe("Nghị định [15/2018]/NĐ-CP");
    expect(mark("Nghị định 115/2018/NĐ-CP", "15/2018")).toBe("Nghị định 115/2018/NĐ-CP");
    expect(mark("Pháp lệnh 02/2022/UBTVQH15", "2/2022")).toBe("Pháp lệnh [02/2022]/UBTVQH15");
    expect(mark("Mã BTC-0042", "btc-0042")).toBe("Mã [BTC-0042]");
  });

  it("treats the user's punctuation and operators as plain text", () => {
    for (const query of ['"', "*", "AND (", "NEAR", "-", "/", "(.*)", "[a-z]+", "\\"]) {
      expect(() => highlight("Thủ tục (AND) near [a-z]", searchTerms(query)), query).not.toThrow();
    }
    expect(mark("Thủ tục (AND) hành", '"')).toBe("Thủ tục (AND) hành");
    expect(mark("Thủ tục (AND) hành", "AND (")).toBe("Thủ tục ([AND]) hành");
  });

  it("returns the whole text unmarked when nothing matches or nothing was searched", () => {
    expect(highlight("Thủ tục", [])).toEqual([{ text: "Thủ tục", match: false }]);
    expect(highlight("Thủ tục", ["xyz"])).toEqual([{ text: "Thủ tục", match: false }]);
    expect(highlight("", ["thu"])).toEqual([]);
  });
});

describe("hasMatch", () => {
  it("says whether any term starts a word of the text", () => {
    expect(hasMatch("Thủ tục hành chính", ["chinh"])).toBe(true);
    expect(hasMatch("Thủ tục hành chính", ["inh"])).toBe(false);
    expect(hasMatch(null, ["thu"])).toBe(false);
  });
});

describe("excerpt", () => {
  const long = `${"Một hai ba bốn năm sáu bảy tám chín mười. ".repeat(8)}Bãi bỏ thủ tục cấp phép. ${"Mười một mười hai. ".repeat(12)}`;

  it("cuts the text around its first match, at spaces, with an ellipsis where cut", () => {
    const pieces = excerpt(long, searchTerms("cap phep"), 80);
    expect(pieces).not.toBeNull();
    const text = marked(pieces ?? []);
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text).toContain("thủ tục [cấp] [phép]");
    expect(text.length).toBeLessThan(100);
    expect(text).not.toMatch(/…\S*[a-zà-ỹ]…/u);
  });

  it("gives a short text whole", () => {
    expect(marked(excerpt("Bãi bỏ thủ tục", searchTerms("bai bo")) ?? [])).toBe("[Bãi] [bỏ] thủ tục");
  });

  it("gives nothing when no term matches", () => {
    expect(excerpt(long, searchTerms("giay to"))).toBeNull();
  });
});

describe("termTokens", () => {
  it("splits a folded term the way the full-text index splits text", () => {
    expect(termTokens("15/2018/NĐ-CP")).toEqual(["15", "2018", "nd", "cp"]);
    expect(termTokens("1.001612")).toEqual(["1", "001612"]);
    expect(termTokens("Thủ")).toEqual(["thu"]);
    expect(termTokens('"*()-/')).toEqual([]);
  });
});
