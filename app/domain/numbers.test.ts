import { describe, expect, it } from "vitest";
import { formatCount, formatPercent } from "./numbers";

describe("formatCount", () => {
  it("groups thousands as each language does, exactly for large numbers", () => {
    expect(formatCount(1234, "vi")).toBe("1.234");
    expect(formatCount(1234, "en")).toBe("1,234");
    expect(formatCount(0, "vi")).toBe("0");
    expect(formatCount(-50_000, "vi")).toBe("-50.000");
    expect(formatCount(9_007_199_254_740_991, "en")).toBe("9,007,199,254,740,991");
    expect(formatCount(12.6, "vi")).toBe("13");
  });
});

describe("formatPercent", () => {
  it("writes at most one decimal with the language's decimal mark", () => {
    expect(formatPercent(12.5, "vi")).toBe("12,5%");
    expect(formatPercent(12.5, "en")).toBe("12.5%");
    expect(formatPercent(20, "vi")).toBe("20%");
    expect(formatPercent(66.666, "en")).toBe("66.7%");
  });
});
