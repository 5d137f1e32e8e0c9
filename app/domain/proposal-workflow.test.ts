import { describe, expect, it } from "vitest";
import { can, type Actor } from "./permissions";
import { canTransition, PROPOSAL_TRANSITIONS, TRANSITION_RULES, transitionsFrom } from "./proposal-workflow";
import { PROPOSAL_STATUSES, type ProposalStatus } from "./vocabulary";

// Every (status, transition) pair: the allowed ones and everything else refused.
const ALLOWED: Record<string, ProposalStatus> = {
  "draft:submit": "submitted",
  "returned:submit": "submitted",
  "draft:withdraw": "withdrawn",
  "submitted:withdraw": "withdrawn",
  "returned:withdraw": "withdrawn",
  "submitted:return": "returned",
  "submitted:reject": "rejected",
  "submitted:approve": "approved",
  "approved:reopen": "submitted",
  "rejected:reopen": "submitted",
  "withdrawn:reopen": "submitted",
};

describe("proposal transitions", () => {
  for (const status of PROPOSAL_STATUSES) {
    for (const transition of PROPOSAL_TRANSITIONS) {
      const key = `${status}:${transition}`;
      const expected = ALLOWED[key];
      it(`${expected ? "allows" : "refuses"} ${transition} from ${status}`, () => {
        expect(canTransition(status, transition)).toBe(Boolean(expected));
        if (expected) expect(TRANSITION_RULES[transition].to).toBe(expected);
      });
    }
  }

  it("lists the transitions open from a status", () => {
    expect(transitionsFrom("submitted")).toEqual(["withdraw", "return", "reject", "approve"]);
    expect(transitionsFrom("approved")).toEqual(["reopen"]);
  });

  it("requires a comment to withdraw, return, reject and reopen, and a decision to approve", () => {
    for (const transition of ["withdraw", "return", "reject", "reopen"] as const) {
      expect(TRANSITION_RULES[transition].requires).toContain("comment");
    }
    expect(TRANSITION_RULES.approve.requires).toEqual(["decision"]);
    expect(TRANSITION_RULES.submit.requires).toEqual([]);
  });

  it("gives each transition to the roles DOMAIN.md names", () => {
    const officer: Actor = { id: 1, role: "officer", agency_id: 5 };
    const reviewer: Actor = { id: 2, role: "reviewer", agency_id: null };
    const viewer: Actor = { id: 3, role: "viewer", agency_id: null };
    const admin: Actor = { id: 4, role: "admin", agency_id: null };
    const own = { agency_id: 5 };
    const other = { agency_id: 6 };
    const allowed = (actor: Actor, transition: (typeof PROPOSAL_TRANSITIONS)[number], record = own) =>
      can(actor, TRANSITION_RULES[transition].permission, record);
    expect(allowed(officer, "submit")).toBe(true);
    expect(allowed(officer, "withdraw")).toBe(true);
    expect(allowed(officer, "submit", other)).toBe(false);
    expect(allowed(officer, "approve")).toBe(false);
    expect(allowed(officer, "return")).toBe(false);
    expect(allowed(reviewer, "approve", other)).toBe(true);
    expect(allowed(reviewer, "reject")).toBe(true);
    expect(allowed(reviewer, "reopen")).toBe(false);
    expect(allowed(reviewer, "submit")).toBe(false);
    expect(allowed(admin, "reopen")).toBe(true);
    for (const transition of PROPOSAL_TRANSITIONS) expect(allowed(viewer, transition)).toBe(false);
  });
});
