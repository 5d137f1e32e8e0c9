import { describe, expect, it } from "vitest";
import { agencyInView } from "./agency-view";

const officer = { role: "officer" as const, agency_code: "BYT" };
const reviewer = { role: "reviewer" as const, agency_code: null };

describe("agencyInView", () => {
  it("shows an officer their own agency by default", () => expect(agencyInView(officer, undefined, false)).toBe("BYT"));
  it("shows what was asked for", () => expect(agencyInView(officer, "BTC", false)).toBe("BTC"));
  it("shows everything when the whole was asked for", () => expect(agencyInView(officer, undefined, true)).toBeUndefined());
  it("shows others every agency by default", () => expect(agencyInView(reviewer, undefined, false)).toBeUndefined());
});
