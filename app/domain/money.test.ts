import { describe, expect, it } from "vitest";
import { formatVnd, parseVnd } from "./money";

const value = (v: number) => ({ ok: true, value: v });
const error = (e: string) => ({ ok: false, error: e });

describe("parseVnd", () => {
  it("reads amounts as ministries write them", () => {
    for (const s of [
      "1.250.000.000",
      "1250000000",
      "1.250.000.000 đ",
      "1.250.000.000đ",
      "1.250.000.000 VND",
      "1.250.000.000 vnđ",
      "1.250.000.000 VNĐ",
      "1.250.000.000 đồng",
      "1.250.000.000₫",
      "1 250 000 000",
      "1\u00a0250\u00a0000\u00a0000",
      "1\u202f250\u202f000\u202f000",
      "1,250,000,000",
      "  1.250.000.000  ",
    ]) {
      expect(parseVnd(s), s).toEqual(value(1_250_000_000));
    }
  });

  it("reads small and zero amounts", () => {
    expect(parseVnd("0")).toEqual(value(0));
    expect(parseVnd("0 đ")).toEqual(value(0));
    expect(parseVnd("999")).toEqual(value(999));
    expect(parseVnd("1.000")).toEqual(value(1000));
    expect(parseVnd("1,000")).toEqual(value(1000));
    expect(parseVnd("12.345")).toEqual(value(12345));
    expect(parseVnd("123.456.789")).toEqual(value(123456789));
  });

  it("reads the đ sign typed decomposed", () => {
    expect(parseVnd("1.000 đồng".normalize("NFD"))).toEqual(value(1000));
  });

  it("reads spreadsheet numbers", () => {
    expect(parseVnd(1250000000)).toEqual(value(1_250_000_000));
    expect(parseVnd(0)).toEqual(value(0));
    expect(parseVnd(-0)).toEqual(value(0));
    expect(Object.is((parseVnd(-0) as { value: number }).value, 0)).toBe(true);
  });

  it("rejects negative amounts", () => {
    for (const input of ["-1.000", "-1000", "−1.000", "- 1.000 đ", -1000, -1.5]) {
      expect(parseVnd(input), String(input)).toEqual(error("amount.negative"));
    }
  });

  it("rejects decimals", () => {
    for (const input of ["1,25", "1.5", "1.250.000,50", "1,250,000.50", "0.5", 1.5, 0.1]) {
      expect(parseVnd(input), String(input)).toEqual(error("amount.invalid"));
    }
  });

  it("rejects words", () => {
    for (const s of ["1,25 tỷ", "1 tỷ", "5 triệu", "một triệu", "1.250.000.000 USD"]) {
      expect(parseVnd(s), s).toEqual(error("amount.invalid"));
    }
  });

  it("rejects malformed grouping", () => {
    for (const s of [
      "1.25.000",
      "1.2500.000",
      "1250.000.000.",
      ".250",
      "1.250,000",
      "1,250.000",
      "1 250.000",
      "1  250",
      "1000.000",
    ]) {
      expect(parseVnd(s), s).toEqual(error("amount.invalid"));
    }
  });

  it("rejects empty and non-numeric input", () => {
    for (const input of ["", "  ", "đ", "abc", "-", "--1", "+1000", "1e6", "0x10", "NaN", Number.NaN]) {
      expect(parseVnd(input), String(input)).toEqual(error("amount.invalid"));
    }
  });

  it("rejects amounts beyond exact integers", () => {
    expect(parseVnd(Number.MAX_SAFE_INTEGER)).toEqual(value(Number.MAX_SAFE_INTEGER));
    expect(parseVnd("9007199254740991")).toEqual(value(Number.MAX_SAFE_INTEGER));
    expect(parseVnd("9.007.199.254.740.991")).toEqual(value(Number.MAX_SAFE_INTEGER));
    expect(parseVnd("9007199254740992")).toEqual(error("amount.too_large"));
    expect(parseVnd("9".repeat(400))).toEqual(error("amount.too_large"));
    expect(parseVnd(Number.MAX_SAFE_INTEGER + 1)).toEqual(error("amount.too_large"));
    expect(parseVnd(Number.POSITIVE_INFINITY)).toEqual(error("amount.too_large"));
  });
});

describe("formatVnd", () => {
  it("groups thousands with . in Vietnamese and , in English", () => {
    expect(formatVnd(1_250_000_000, "vi")).toBe("1.250.000.000");
    expect(formatVnd(1_250_000_000, "en")).toBe("1,250,000,000");
    expect(formatVnd(12_345, "vi")).toBe("12.345");
    expect(formatVnd(123_456, "en")).toBe("123,456");
    expect(formatVnd(999, "vi")).toBe("999");
    expect(formatVnd(0, "en")).toBe("0");
  });

  it("formats negative amounts (a saving can be negative)", () => {
    expect(formatVnd(-1_500_000, "vi")).toBe("-1.500.000");
    expect(formatVnd(-1_500_000, "en")).toBe("-1,500,000");
  });

  it("formats the largest exact amount in full", () => {
    expect(formatVnd(Number.MAX_SAFE_INTEGER, "vi")).toBe("9.007.199.254.740.991");
  });

  it("returns an empty string for no amount", () => {
    expect(formatVnd(null, "vi")).toBe("");
    expect(formatVnd(undefined, "en")).toBe("");
    expect(formatVnd(Number.NaN, "vi")).toBe("");
  });

  it("round-trips with parseVnd", () => {
    for (const n of [0, 7, 1000, 1_250_000_000, 987_654_321_012]) {
      expect(parseVnd(formatVnd(n, "vi"))).toEqual(value(n));
      expect(parseVnd(formatVnd(n, "en"))).toEqual(value(n));
    }
  });
});
