import { describe, expect, it } from "vitest";
import { can, type Actor } from "./permissions";
import {
  submitGaps,
  canCommentOnProposal,
  canEditProposalContent,
  canTransition,
  PROPOSAL_TRANSITIONS,
  TRANSITION_RULES,
  transitionsFor,
  transitionsFrom,
} from "./proposal-workflow";
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

describe("what each user may do to a proposal now", () => {
  const officer: Actor = { id: 1, role: "officer", agency_id: 5 };
  const otherOfficer: Actor = { id: 5, role: "officer", agency_id: 6 };
  const reviewer: Actor = { id: 2, role: "reviewer", agency_id: null };
  const viewer: Actor = { id: 3, role: "viewer", agency_id: null };
  const admin: Actor = { id: 4, role: "admin", agency_id: null };
  const proposal = (status: ProposalStatus) => ({ agency_id: 5, status });

  it("offers only the transitions open from the status that the user's role may take", () => {
    expect(transitionsFor(officer, proposal("draft"))).toEqual(["submit", "withdraw"]);
    expect(transitionsFor(officer, proposal("returned"))).toEqual(["submit", "withdraw"]);
    expect(transitionsFor(officer, proposal("submitted"))).toEqual(["withdraw"]);
    expect(transitionsFor(officer, proposal("approved"))).toEqual([]);
    expect(transitionsFor(otherOfficer, proposal("draft"))).toEqual([]);
    expect(transitionsFor(reviewer, proposal("submitted"))).toEqual(["return", "reject", "approve"]);
    expect(transitionsFor(reviewer, proposal("draft"))).toEqual([]);
    expect(transitionsFor(reviewer, proposal("approved"))).toEqual([]);
    expect(transitionsFor(admin, proposal("approved"))).toEqual(["reopen"]);
    expect(transitionsFor(admin, proposal("submitted"))).toEqual(["return", "reject", "approve"]);
    expect(transitionsFor(null, proposal("draft"))).toEqual([]);
    for (const status of PROPOSAL_STATUSES) expect(transitionsFor(viewer, proposal(status))).toEqual([]);
  });

  it("lets an officer edit the content only before submission, the secretariat always", () => {
    const officerMay: Record<ProposalStatus, boolean> = {
      draft: true,
      returned: true,
      submitted: false,
      approved: false,
      rejected: false,
      withdrawn: false,
    };
    for (const status of PROPOSAL_STATUSES) {
      expect(canEditProposalContent(officer, proposal(status)), `officer, ${status}`).toBe(officerMay[status]);
      expect(canEditProposalContent(otherOfficer, proposal(status)), `other agency's officer, ${status}`).toBe(false);
      expect(canEditProposalContent(reviewer, proposal(status)), `reviewer, ${status}`).toBe(true);
      expect(canEditProposalContent(admin, proposal(status)), `admin, ${status}`).toBe(true);
      expect(canEditProposalContent(viewer, proposal(status)), `viewer, ${status}`).toBe(false);
    }
  });

  it("lets the agency's officers and the secretariat comment, nobody else", () => {
    expect(canCommentOnProposal(officer, { agency_id: 5 })).toBe(true);
    expect(canCommentOnProposal(otherOfficer, { agency_id: 5 })).toBe(false);
    expect(canCommentOnProposal(reviewer, { agency_id: 5 })).toBe(true);
    expect(canCommentOnProposal(admin, { agency_id: 5 })).toBe(true);
    expect(canCommentOnProposal(viewer, { agency_id: 5 })).toBe(false);
    expect(canCommentOnProposal(undefined, { agency_id: 5 })).toBe(false);
  });
});

describe("submitGaps", () => {
  const complete = { source_document_id: 1, source_provision: "Điều 5", rationale: "Giảm chi phí", cost_before_vnd: 10, cost_after_vnd: 5 };
  it("asks for the source, rationale, both costs, and an amendment or the reason none is needed", () => {
    expect(submitGaps(complete, null, true)).toEqual({});
    expect(submitGaps(complete, "Không cần sửa văn bản", false)).toEqual({});
    expect(submitGaps({ ...complete, cost_after_vnd: null, rationale: null }, null, false)).toEqual({
      rationale: "errors.required_to_submit",
      cost_after_vnd: "errors.required_to_submit",
      no_amendment_reason: "errors.needs_amendment_or_reason",
    });
  });
});
