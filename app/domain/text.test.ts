import { describe, expect, it } from "vitest";
import { foldVietnamese, hasControlCharacters, searchTerms, unifySpelling } from "./text";
import { VOWELS } from "../../tests/support/vietnamese";


describe("foldVietnamese", () => {
  it("covers 12 vowels × 6 tones × 2 cases, each one precomposed code point", () => {
    const all = VOWELS.flatMap(([, lower, upper]) => [...lower, ...upper]);
    expect(all).toHaveLength(144);
    expect(new Set(all).size).toBe(144);
    for (const ch of all) expect(ch.normalize("NFC")).toBe(ch);
  });

  for (const [folded, lower, upper] of VOWELS) {
    it(`folds every precomposed form of ${lower[0]} and ${upper[0]} to "${folded}"`, () => {
      for (const ch of [...lower, ...upper]) expect(foldVietnamese(ch), ch).toBe(folded);
    });
    it(`folds every decomposed form of ${lower[0]} and ${upper[0]} to "${folded}"`, () => {
      for (const ch of [...lower, ...upper]) {
        const decomposed = ch.normalize("NFD");
        if (ch !== folded && ch.toLowerCase() !== folded) expect(decomposed.length).toBeGreaterThan(1);
        expect(foldVietnamese(decomposed), ch).toBe(folded);
      }
    });
  }

  it("folds đ and Đ to d", () => {
    expect(foldVietnamese("đ")).toBe("d");
    expect(foldVietnamese("Đ")).toBe("d");
    expect(foldVietnamese("Đường đi")).toBe("duong di");
  });

  it("folds marks typed in either order (ệ as e + circumflex + dot, or e + dot + circumflex)", () => {
    expect(foldVietnamese("e\u0302\u0323")).toBe("e");
    expect(foldVietnamese("e\u0323\u0302")).toBe("e");
    expect(foldVietnamese("Vie\u0323\u0302t Nam")).toBe("viet nam");
  });

  it("folds whole phrases", () => {
    expect(foldVietnamese("Thủ tục hành chính")).toBe("thu tuc hanh chinh");
    expect(foldVietnamese("ĐIỀU KIỆN")).toBe("dieu kien");
    expect(foldVietnamese("Điều kiện kinh doanh")).toBe("dieu kien kinh doanh");
    expect(foldVietnamese("Nghị định 15/2018/NĐ-CP")).toBe("nghi dinh 15/2018/nd-cp");
    expect(foldVietnamese("Bộ Kế hoạch và Đầu tư".normalize("NFD"))).toBe("bo ke hoach va dau tu");
  });

  it("collapses whitespace runs and trims", () => {
    expect(foldVietnamese("  Chế   độ\tbáo\n\ncáo  ")).toBe("che do bao cao");
    expect(foldVietnamese("kiểm\u00a0tra")).toBe("kiem tra");
    expect(foldVietnamese("   ")).toBe("");
    expect(foldVietnamese("")).toBe("");
  });

  it("leaves plain ASCII and digits alone apart from case", () => {
    expect(foldVietnamese("BTC-0042 1.001612")).toBe("btc-0042 1.001612");
  });
});

describe("syllables written with i or y", () => {
  const same = (a: string, b: string) => expect(foldVietnamese(a), `${a} / ${b}`).toBe(foldVietnamese(b));
  const different = (a: string, b: string) => expect(foldVietnamese(a), `${a} / ${b}`).not.toBe(foldVietnamese(b));

  it("fold alike after a consonant at the end of the syllable, with or without diacritics", () => {
    for (const [i, y] of [
      ["kí", "ký"],
      ["lí", "lý"],
      ["kĩ", "kỹ"],
      ["mĩ", "mỹ"],
      ["hi", "hy"],
      ["tỉ", "tỷ"],
      ["sĩ", "sỹ"],
      ["quí", "quý"],
      ["qui", "quy"],
      ["Kí", "KÝ"],
      ["ki", "ky"],
      ["đăng kí", "đăng ký"],
      ["Đăng kí kinh doanh", "đăng ký kinh doanh"],
      ["kĩ thuật", "KỸ THUẬT"],
      ["công ti", "công ty"],
      ["bác sĩ", "bác sỹ"],
      ["lí do", "lý do"],
      ["qui định", "quy định"],
      ["Quí II/2023", "Quý II/2023"],
      ["hi vọng", "hy vọng"],
      ["mĩ phẩm", "mỹ phẩm"],
    ] as const) {
      same(i, y);
    }
  });

  it("write the y form, so the syllable is no prefix of longer words", () => {
    expect(foldVietnamese("đăng kí")).toBe("dang ky");
    expect(foldVietnamese("qui định")).toBe("quy dinh");
    expect(foldVietnamese("kí, lí; mĩ/tỉ-sĩ")).toBe("ky, ly; my/ty-sy");
  });

  it("keep i and y apart after a vowel, at a syllable's start and after other onsets", () => {
    for (const [a, b] of [
      ["tai", "tay"],
      ["hui", "huy"],
      ["tui", "tuy"],
      ["mai", "may"],
      ["yêu", "iêu"],
      ["ý", "í"],
      ["thi", "thy"],
      ["chi", "chy"],
      ["khi", "khy"],
      ["gi", "gy"],
    ] as const) {
      different(a, b);
    }
  });

  it("leave other words alone: an i or y inside a word, or a y that is its own syllable", () => {
    for (const word of ["kinh", "kiem", "tien", "liet", "quyet", "quyen", "y te", "y kien", "thuy", "khuyen", "hieu", "tinh"]) {
      expect(foldVietnamese(word), word).toBe(word);
    }
    expect(foldVietnamese("kinh tế")).toBe("kinh te");
    expect(foldVietnamese("Bộ Y tế")).toBe("bo y te");
  });

  it("changes letters one for one, so positions in folded text stay", () => {
    const folded = "dang ki kinh doanh, qui dinh, tai, hui";
    expect(unifySpelling(folded)).toHaveLength(folded.length);
    expect(unifySpelling(folded)).toBe("dang ky kinh doanh, quy dinh, tai, hui");
  });
});

describe("tone marks placed the old or the new way", () => {
  it("fold alike: hoá/hóa, thuỷ/thủy, khoẻ/khỏe, quý/qúy", () => {
    for (const [old, current] of [
      ["hoá", "hóa"],
      ["thuỷ", "thủy"],
      ["khoẻ", "khỏe"],
      ["hoà", "hòa"],
      ["đơn giản hoá", "đơn giản hóa"],
      ["thuỷ lợi", "thủy lợi"],
    ] as const) {
      expect(foldVietnamese(old), old).toBe(foldVietnamese(current));
    }
  });
});

describe("searchTerms", () => {
  it("folds and splits on whitespace", () => {
    expect(searchTerms("  Thủ tục   hành chính ")).toEqual(["thu", "tuc", "hanh", "chinh"]);
  });

  it("drops duplicates, including those that differ only in diacritics or case", () => {
    expect(searchTerms("báo cáo Bao CAO bảo")).toEqual(["bao", "cao"]);
  });

  it("returns no terms for a blank query", () => {
    expect(searchTerms("")).toEqual([]);
    expect(searchTerms(" \t\n ")).toEqual([]);
  });

  it("keeps at most 10 terms, the first ones", () => {
    const query = "một hai ba bốn năm sáu bảy tám chín mười mười_một mười_hai";
    expect(searchTerms(query)).toEqual(["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"]);
  });

  it("counts the limit after dropping duplicates", () => {
    const query = "a a b b c c d d e e f f g g h h i i j j k";
    expect(searchTerms(query)).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
  });
});

describe("hasControlCharacters", () => {
  it("finds the C0 controls no typed text holds, not tabs and line breaks", () => {
    expect(["a\u0000b", "\u0007", "x\u001b[31m", "\u0008"].map(hasControlCharacters)).toEqual([true, true, true, true]);
    expect(["Dòng 1\r\nDòng 2", "\tcột", "giấy phép", "\u202Egnp.exe\u200B", "\u000b\u000c"].map(hasControlCharacters)).toEqual([false, false, false, false, false]);
  });
});
