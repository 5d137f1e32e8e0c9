import { describe, expect, it } from "vitest";
import { agencyRestriction, can, canLink, type Actor } from "./permissions";

const officer: Actor = { id: 1, role: "officer", agency_id: 7 };
const reviewer: Actor = { id: 2, role: "reviewer", agency_id: null };
const viewer: Actor = { id: 3, role: "viewer", agency_id: null };
const admin: Actor = { id: 4, role: "admin", agency_id: null };

describe("can", () => {
  it("lets an officer change only its own agency's proposals", () => {
    expect(can(officer, "proposal:update", { agency_id: 7 })).toBe(true);
    expect(can(officer, "proposal:update", { agency_id: 8 })).toBe(false);
    expect(can(officer, "amendment:update", { agency_id: 8 })).toBe(false);
  });
  it("lets every role read", () => {
    for (const actor of [officer, reviewer, viewer, admin]) expect(can(actor, "record:read")).toBe(true);
  });
  it("gives a viewer no write permission", () => {
    for (const p of ["proposal:create", "proposal:update", "document:create", "decision:create", "user:manage"] as const) {
      expect(can(viewer, p, { agency_id: 1 })).toBe(false);
    }
  });
  it("keeps user management and agency edits for admins", () => {
    expect(can(admin, "user:manage")).toBe(true);
    expect(can(reviewer, "user:manage")).toBe(false);
    expect(can(officer, "agency:update")).toBe(false);
  });
  it("lets reviewers record decisions but not officers", () => {
    expect(can(reviewer, "decision:create")).toBe(true);
    expect(can(officer, "decision:create")).toBe(false);
  });
  it("lets reviewers and admins freeze a meeting snapshot, nobody else", () => {
    expect([officer, reviewer, viewer, admin].map((actor) => can(actor, "snapshot:create"))).toEqual([false, true, false, true]);
  });
  it("refuses anonymous users", () => {
    expect(can(null, "record:read")).toBe(false);
  });
  it("refuses an own-scoped record without an agency", () => {
    expect(can(officer, "proposal:update", { agency_id: null })).toBe(false);
  });
});

describe("canLink", () => {
  const own = { agency_id: 7 };
  const other = { agency_id: 8 };
  it("lets an officer link only its own agency's proposals to its own agency's amendments", () => {
    expect(canLink(officer, own, own)).toBe(true);
    expect(canLink(officer, own, other)).toBe(false);
    expect(canLink(officer, other, own)).toBe(false);
    expect(canLink(officer, other, other)).toBe(false);
  });
  it("lets the secretariat put several ministries' proposals on one amendment", () => {
    for (const actor of [reviewer, admin]) expect(canLink(actor, own, other)).toBe(true);
  });
  it("refuses viewers and anonymous users", () => {
    expect(canLink(viewer, own, own)).toBe(false);
    expect(canLink(null, own, own)).toBe(false);
  });
});

describe("agencyRestriction", () => {
  it("pins an officer to its agency and leaves reviewers free", () => {
    expect(agencyRestriction(officer, "proposal:create")).toBe(7);
    expect(agencyRestriction(reviewer, "proposal:create")).toBe(null);
    expect(agencyRestriction(viewer, "proposal:create")).toBe("none");
  });
});
