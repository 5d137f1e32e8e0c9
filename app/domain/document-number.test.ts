import { describe, expect, it } from "vitest";
import {
  documentNumberKey,
  documentNumberKeyPrefix,
  documentNumberSearchKeys,
  isDecisionNumber,
  looksLikeDocumentNumber,
  numberYearMismatch,
  officialDocumentNumber,
  parseDocumentNumber,
  type ParsedDocumentNumber,
} from "./document-number";

type Expected = Omit<ParsedDocumentNumber, "official" | "recognized">;

// Each case: the official spelling, at least three other ways people type it, and the result.
const CASES: ReadonlyArray<{ official: string; typed: string[]; expected: Expected }> = [
  {
    official: "59/2020/QH14",
    typed: ["59/2020/qh14", "59 / 2020 / QH14", " 59/2020/Qh14 "],
    expected: { key: "59/2020/QH14", type: "law", number: "59", year: 2020, issuer: "QH14" },
  },
  {
    official: "02/2022/UBTVQH15",
    typed: ["2/2022/UBTVQH15", "02/2022/ubtvqh15", "02 / 2022 / UBTVQH 15"],
    expected: { key: "02/2022/UBTVQH15", type: "ordinance", number: "02", year: 2022, issuer: "UBTVQH15" },
  },
  {
    official: "15/2018/NĐ-CP",
    typed: ["15/2018/ND-CP", "15/2018/nđ-cp", "15 / 2018 / NĐ-CP", "15/2018/NĐ - CP", "15/2018/nd-cp"],
    expected: { key: "15/2018/ND-CP", type: "decree", number: "15", year: 2018, issuer: "CP" },
  },
  {
    official: "68/NQ-CP",
    typed: ["68/nq-cp", "68 / NQ-CP", "68/NQ - cp"],
    expected: { key: "68/NQ-CP", type: "government_resolution", number: "68", year: null, issuer: "CP" },
  },
  {
    official: "01/2021/NQ-CP",
    typed: ["1/2021/NQ-CP", "01/2021/nq-cp", "01 /2021/ NQ -CP"],
    expected: { key: "01/2021/NQ-CP", type: "government_resolution", number: "01", year: 2021, issuer: "CP" },
  },
  {
    official: "11/2022/QĐ-TTg",
    typed: ["11/2022/QD-TTG", "11/2022/qđ-ttg", "11 / 2022 / QĐ-TTg", "11/2022/Qd-Ttg"],
    expected: { key: "11/2022/QD-TTG", type: "pm_decision", number: "11", year: 2022, issuer: "TTg" },
  },
  {
    official: "1015/QĐ-TTg",
    typed: ["1015/QD-TTg", "1015/qđ-ttg", "1015 / QĐ - TTg", "1015/QD-TTG"],
    expected: { key: "1015/QD-TTG", type: "pm_decision", number: "1015", year: null, issuer: "TTg" },
  },
  {
    official: "01/2021/TT-BKHĐT",
    typed: ["01/2021/TT-BKHDT", "1/2021/tt-bkhđt", "01 / 2021 / TT-BKHĐT", "001/2021/TT-BKHĐT"],
    expected: { key: "01/2021/TT-BKHDT", type: "circular", number: "01", year: 2021, issuer: "BKHĐT" },
  },
  {
    official: "05/2019/TTLT-BTC-BKHĐT",
    typed: ["05/2019/TTLT-BTC-BKHDT", "5/2019/ttlt-btc-bkhđt", "05 / 2019 / TTLT - BTC - BKHĐT"],
    expected: { key: "05/2019/TTLT-BTC-BKHDT", type: "joint_circular", number: "05", year: 2019, issuer: "BTC-BKHĐT" },
  },
];

describe("parseDocumentNumber", () => {
  for (const { official, typed, expected } of CASES) {
    it(`recognizes ${official} as a ${expected.type}`, () => {
      expect(parseDocumentNumber(official)).toEqual({ ...expected, official, recognized: true });
    });
    it(`gives ${official} the same key however it is typed`, () => {
      for (const t of typed) {
        const parsed = parseDocumentNumber(t);
        expect(parsed.recognized, t).toBe(true);
        expect(parsed.key, t).toBe(expected.key);
        expect(parsed.type, t).toBe(expected.type);
        expect(parsed.year, t).toBe(expected.year);
        expect(documentNumberKey(t), t).toBe(expected.key);
      }
    });
    it(`spells ${official} officially however it is typed`, () => {
      for (const t of typed) {
        expect(officialDocumentNumber(t), t).toBe(official);
        expect(parseDocumentNumber(t).issuer, t).toBe(expected.issuer);
      }
    });
  }

  it("reads decomposed (NFD) input like precomposed", () => {
    const parsed = parseDocumentNumber("01/2021/TT-BKHĐT".normalize("NFD"));
    expect(parsed.key).toBe("01/2021/TT-BKHDT");
    expect(parsed.official).toBe("01/2021/TT-BKHĐT");
    expect(parsed.issuer).toBe("BKHĐT");
  });

  it("keeps an unknown shape as typed, only tidying spaces", () => {
    expect(parseDocumentNumber("Công   văn\t123").official).toBe("Công văn 123");
    expect(parseDocumentNumber(" 123 / btc - pc ").official).toBe("123/btc-pc");
  });

  it("treats typographic dashes as hyphens", () => {
    expect(documentNumberKey("15/2018/NĐ–CP")).toBe("15/2018/ND-CP");
    expect(documentNumberKey("15/2018/NĐ‑CP")).toBe("15/2018/ND-CP");
  });

  describe("the hint", () => {
    it("makes a QH number a National Assembly resolution", () => {
      const parsed = parseDocumentNumber("176/2025/QH15", "na_resolution");
      expect(parsed).toMatchObject({ recognized: true, type: "na_resolution", key: "176/2025/QH15", issuer: "QH15" });
    });
    it("defaults a QH number to a law", () => {
      expect(parseDocumentNumber("176/2025/QH15").type).toBe("law");
      expect(parseDocumentNumber("176/2025/QH15", "law").type).toBe("law");
    });
    it("does not change the key", () => {
      expect(parseDocumentNumber("176/2025/qh15", "na_resolution").key).toBe(documentNumberKey("176/2025/QH15"));
    });
    it("does not override what the number itself says", () => {
      expect(parseDocumentNumber("15/2018/NĐ-CP", "na_resolution").type).toBe("decree");
      expect(parseDocumentNumber("02/2022/UBTVQH15", "law").type).toBe("ordinance");
      expect(parseDocumentNumber("1015/QĐ-TTg", "circular").type).toBe("pm_decision");
    });
    it("does not make an unknown shape recognized", () => {
      expect(parseDocumentNumber("abc", "decree")).toMatchObject({ recognized: false, type: "other" });
    });
  });

  it("recognizes well-formed numbers of other issuers as type other", () => {
    expect(parseDocumentNumber("123/QĐ-BTC")).toMatchObject({
      recognized: true,
      type: "other",
      key: "123/QD-BTC",
      issuer: "BTC",
    });
    expect(parseDocumentNumber("01/2024/NQ-HĐND")).toMatchObject({ recognized: true, type: "other", issuer: "HĐND" });
  });

  describe("unknown shapes are kept and flagged, never rejected", () => {
    const unknown = [
      "Công văn 123",
      "abc",
      "123",
      "123/BTC-PC",
      "15/2018",
      "15/2018/XYZ-CP",
      "15/2018/NĐ-BTC",
      "15/2018/TT-BTC-BYT",
      "05/2019/TTLT-BTC",
      "59/QH14",
      "02/UBTVQH15",
      "15/18/NĐ-CP",
      "15/1900/NĐ-CP",
      "15/2101/NĐ-CP",
      "x15/2018/NĐ-CP",
      "15/2018/NĐ-CP/extra",
      "15/2018/NĐ-",
      "/2018/NĐ-CP",
    ];
    for (const input of unknown) {
      it(`flags "${input}"`, () => {
        const parsed = parseDocumentNumber(input);
        expect(parsed).toMatchObject({ recognized: false, type: "other", number: null, year: null, issuer: null });
        expect(parsed.official).toBe(input);
      });
    }

    it("still gives an unknown shape a normalized key", () => {
      expect(parseDocumentNumber("Công văn 123")).toEqual({
        official: "Công văn 123",
        key: "CONGVAN123",
        recognized: false,
        type: "other",
        number: null,
        year: null,
        issuer: null,
      });
      expect(documentNumberKey("công  VĂN 123")).toBe("CONGVAN123");
    });

    it("treats empty input as unrecognized with an empty key", () => {
      for (const input of ["", "   "]) {
        expect(parseDocumentNumber(input)).toEqual({
          official: "",
          key: "",
          recognized: false,
          type: "other",
          number: null,
          year: null,
          issuer: null,
        });
      }
    });
  });

  it("accepts years from 1945 to 2100", () => {
    expect(parseDocumentNumber("01/1945/NĐ-CP").year).toBe(1945);
    expect(parseDocumentNumber("01/2100/NĐ-CP").year).toBe(2100);
    expect(parseDocumentNumber("01/1944/NĐ-CP").recognized).toBe(false);
  });
});

describe("officialDocumentNumber", () => {
  // typed as people type them (DOMAIN.md): any case, with or without Đ, spaces around separators,
  // leading zeros dropped or doubled, typographic dashes
  const SPELLINGS: ReadonlyArray<[official: string, typed: string[]]> = [
    ["109/2016/NĐ-CP", ["109/2016/nd-cp", "109/2016/ND-CP", "109/2016/nđ-cp", "109 / 2016 / NĐ - CP", "109/2016/Nđ–cp", "0109/2016/nd-cp"]],
    ["2150/QĐ-TTg", ["2150/qd-ttg", "2150/QD-TTG", "2150/qđ-ttg", "2150 / QĐ-TTg", "2150/Qd-tTg"]],
    ["11/2022/QĐ-TTg", ["11/2022/qd-ttg", "11 / 2022 / qđ - ttg"]],
    ["32/2023/TT-BYT", ["32/2023/tt-byt", "32/2023/Tt-Byt", "32 /2023/ TT-BYT"]],
    ["01/2021/TT-BKHĐT", ["1/2021/tt-bkhdt", "01/2021/TT-BKHDT", "001/2021/tt-bkhđt", "1 / 2021 / TT - BKHĐT"]],
    ["05/2019/TTLT-BTC-BKHĐT", ["5/2019/ttlt-btc-bkhdt", "05/2019/TTLT-BTC-BKHDT", "05 / 2019 / ttlt - btc - bkhđt"]],
    ["12/2020/TT-BGDĐT", ["12/2020/tt-bgddt", "12/2020/TT-BGDĐT"]],
    ["09/2019/TT-BLĐTBXH", ["9/2019/tt-bldtbxh", "09/2019/TT-BLĐTBXH"]],
    ["59/2020/QH14", ["59/2020/qh14", "59 / 2020 / Qh14"]],
    ["176/2025/QH15", ["176/2025/qh15"]],
    ["02/2022/UBTVQH15", ["2/2022/ubtvqh15", "02/2022/UBTVQH15", "2 / 2022 / UbtvQH15"]],
    ["68/NQ-CP", ["68/nq-cp", "68 / NQ - cp", "068/NQ-CP"]],
    ["01/2021/NQ-CP", ["1/2021/nq-cp"]],
    ["01/2024/NQ-HĐND", ["1/2024/nq-hdnd", "01/2024/NQ-HĐND"]],
    ["04/2018/NQ-HĐTP", ["4/2018/nq-hdtp"]],
    ["123/QĐ-BTC", ["123/qd-btc", "123 / QĐ - btc"]],
    ["07/QĐ-BCĐ", ["7/qd-bcd", "07/QĐ-BCĐ"]],
  ];
  for (const [official, typed] of SPELLINGS) {
    it(`writes ${official} for ${typed.join(", ")}`, () => {
      expect(officialDocumentNumber(official)).toBe(official);
      for (const t of typed) {
        expect(officialDocumentNumber(t), t).toBe(official);
        expect(documentNumberKey(t), t).toBe(documentNumberKey(official));
      }
    });
  }

  it("keeps Đ that was typed in an issuer it does not know, and adds none", () => {
    expect(officialDocumentNumber("1/2024/tt-bđx")).toBe("01/2024/TT-BĐX");
    expect(officialDocumentNumber("1/2024/tt-bdx")).toBe("01/2024/TT-BDX");
    expect(officialDocumentNumber("15/2018/tt-btc")).toBe("15/2018/TT-BTC");
  });

  it("leaves numbers of unknown shape as typed", () => {
    for (const typed of ["abc", "Công văn 123", "15/2018/xyz-cp", "123/btc-pc", "15/18/nđ-cp"]) {
      expect(officialDocumentNumber(typed), typed).toBe(typed);
    }
  });
});

describe("documentNumberKeyPrefix", () => {
  it("reads a number typed so far as the start of its key", () => {
    expect(documentNumberKeyPrefix("15/2018/nđ")).toBe("15/2018/ND");
    expect(documentNumberKeyPrefix(" 15 / 2018 / nd - c")).toBe("15/2018/ND-C");
    expect(documentNumberKeyPrefix("1/2021/tt-bkhđ")).toBe("01/2021/TT-BKHD");
    expect(documentNumberKeyPrefix("001/")).toBe("01/");
    expect(documentNumberKeyPrefix("1015/qđ-ttg")).toBe("1015/QD-TTG");
    expect(documentNumberKeyPrefix("15/2018/NĐ–CP")).toBe(documentNumberKey("15/2018/NĐ-CP"));
  });

  it("leaves a number without its slash as typed: 1 may still become 109 or 1015", () => {
    expect(documentNumberKeyPrefix("1")).toBe("1");
    expect(documentNumberKeyPrefix("15")).toBe("15");
  });

  it("is empty for nothing typed, and folds words too", () => {
    expect(documentNumberKeyPrefix("   ")).toBe("");
    expect(documentNumberKeyPrefix("Công văn")).toBe("CONGVAN");
  });
});

describe("isDecisionNumber", () => {
  it("accepts a decision's number however typed, with or without a year", () => {
    for (const typed of ["1015/QĐ-TTg", "2150/qd-ttg", "1015 / qđ - ttg", "11/2022/QĐ-TTg", "123/QĐ-BTC", "07/qd-bcd"]) {
      expect(isDecisionNumber(typed), typed).toBe(true);
    }
  });

  it("refuses anything else: words, other documents, unknown shapes", () => {
    for (const typed of ["", "abc", "1015", "1015/TTg", "QĐ-TTg", "15/2018/NĐ-CP", "68/NQ-CP", "32/2023/TT-BYT", "59/2020/QH14", "1015/QĐ-TTg-BYT", "1015/QĐ"]) {
      expect(isDecisionNumber(typed), typed).toBe(false);
    }
  });
});

describe("documentNumberSearchKeys", () => {
  it("turns a full number into its key", () => {
    expect(documentNumberSearchKeys("15/2018/nd-cp")).toEqual(["15/2018/ND-CP"]);
    expect(documentNumberSearchKeys("15 / 2018 / NĐ-CP")).toEqual(["15/2018/ND-CP"]);
    expect(documentNumberSearchKeys("1015/qđ-ttg")).toEqual(["1015/QD-TTG"]);
  });

  it("turns number/year into a key prefix", () => {
    expect(documentNumberSearchKeys("15/2018")).toEqual(["15/2018/"]);
    expect(documentNumberSearchKeys("1/2021")).toEqual(["01/2021/"]);
  });

  it("keeps a partly typed tail as a prefix", () => {
    expect(documentNumberSearchKeys("15/2018/nđ")).toEqual(["15/2018/ND"]);
    expect(documentNumberSearchKeys("1015/qđ")).toEqual(["1015/QD"]);
  });

  it("splits type-issuer and number/year given separately, number first", () => {
    expect(documentNumberSearchKeys("nđ-cp 15/2018")).toEqual(["15/2018/", "ND-CP"]);
    expect(documentNumberSearchKeys("NĐ - CP  15 / 2018")).toEqual(["15/2018/", "ND-CP"]);
    expect(documentNumberSearchKeys("tt-bkhđt")).toEqual(["TT-BKHDT"]);
    expect(documentNumberSearchKeys("ttlt-btc-bkhđt")).toEqual(["TTLT-BTC-BKHDT"]);
    expect(documentNumberSearchKeys("qh14")).toEqual(["QH14"]);
  });

  it("ignores ordinary words around a number", () => {
    expect(documentNumberSearchKeys("Nghị định số 15/2018/NĐ-CP")).toEqual(["15/2018/ND-CP"]);
  });

  it("drops duplicate fragments", () => {
    expect(documentNumberSearchKeys("nd-cp NĐ-CP")).toEqual(["ND-CP"]);
  });

  it("finds nothing in text, dates and timelines", () => {
    for (const q of ["", "thủ tục hành chính", "15", "covid-19", "30/06/2024", "Quý II/2023", "BTC-0042", "tt"]) {
      expect(documentNumberSearchKeys(q), q).toEqual([]);
    }
  });
});

describe("looksLikeDocumentNumber", () => {
  it("is true for numbers and their parts", () => {
    for (const q of ["15/2018", "15/2018/nd-cp", "nđ-cp 15/2018", "1015/QĐ-TTg", "Nghị định 15/2018/NĐ-CP", "TT-BTC"]) {
      expect(looksLikeDocumentNumber(q), q).toBe(true);
    }
  });

  it("is false for ordinary search text", () => {
    for (const q of ["", "điều kiện kinh doanh", "BTC-0042", "1.001612", "2023", "15/1800"]) {
      expect(looksLikeDocumentNumber(q), q).toBe(false);
    }
  });
});

describe("numberYearMismatch", () => {
  it("warns when a number's year is not the year it was issued", () => {
    expect(numberYearMismatch("12/2025/NĐ-CP", "2026-01-03")).toEqual({ numberYear: 2025, issuedYear: 2026 });
  });

  it("is silent when they agree or either is unknown", () => {
    expect(numberYearMismatch("12/2026/NĐ-CP", "2026-01-03")).toBeNull();
    expect(numberYearMismatch("1015/QĐ-TTg", "2022-08-20")).toBeNull();
    expect(numberYearMismatch("12/2025/NĐ-CP", null)).toBeNull();
    expect(numberYearMismatch("not a number", "2026-01-03")).toBeNull();
  });
});
