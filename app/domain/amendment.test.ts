import { describe, expect, it } from "vitest";
import {
  mergedProvisions,
  canCommentOnAmendment,
  classifyStageMove,
  daysLate,
  documentStatusOnDate,
  isAmendmentOverdue,
  STAGE_ORDER,
  stageMoveNeedsReason,
  stageOnEffectiveDate,
  targetDocumentStatus,
} from "./amendment";
import { AMENDMENT_STAGES } from "./vocabulary";

describe("stage moves", () => {
  it("allows any forward jump without a reason (simplified procedure)", () => {
    STAGE_ORDER.forEach((from, i) => {
      for (const to of STAGE_ORDER.slice(i + 1)) {
        expect(classifyStageMove(from, to)).toEqual({ kind: "forward" });
        expect(stageMoveNeedsReason(from, to)).toBe(false);
      }
    });
  });

  it("needs a reason for every backward move", () => {
    STAGE_ORDER.forEach((from, i) => {
      for (const to of STAGE_ORDER.slice(0, i)) {
        expect(classifyStageMove(from, to)).toEqual({ kind: "backward" });
        expect(stageMoveNeedsReason(from, to)).toBe(true);
      }
    });
  });

  it("needs a reason to cancel from any stage and to revive a cancelled task", () => {
    for (const from of STAGE_ORDER) {
      expect(classifyStageMove(from, "cancelled")).toEqual({ kind: "cancel" });
      expect(stageMoveNeedsReason(from, "cancelled")).toBe(true);
      expect(classifyStageMove("cancelled", from)).toEqual({ kind: "reopen" });
      expect(stageMoveNeedsReason("cancelled", from)).toBe(true);
    }
  });

  it("treats staying in place as no move", () => {
    for (const stage of AMENDMENT_STAGES) expect(classifyStageMove(stage, stage)).toEqual({ kind: "none" });
  });
});

describe("overdue", () => {
  it("is late only before the end of the work", () => {
    expect(isAmendmentOverdue("drafting", "2024-01-01", "2024-01-02")).toBe(true);
    expect(isAmendmentOverdue("promulgated", "2024-01-01", "2024-01-02")).toBe(true);
    expect(isAmendmentOverdue("in_force", "2024-01-01", "2024-01-02")).toBe(false);
    expect(isAmendmentOverdue("cancelled", "2024-01-01", "2024-01-02")).toBe(false);
    expect(isAmendmentOverdue("drafting", "2024-01-02", "2024-01-02")).toBe(false);
    expect(isAmendmentOverdue("drafting", null, "2024-01-02")).toBe(false);
  });

  it("counts calendar days late", () => {
    expect(daysLate("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysLate("2024-03-01", "2024-03-01")).toBe(0);
  });
});

describe("the target document's status", () => {
  it("is repealed once a repeal is in force, whatever else is", () => {
    expect(targetDocumentStatus(["repeal"])).toBe("repealed");
    expect(targetDocumentStatus(["amend", "repeal", "replace"])).toBe("repealed");
  });

  it("is amended once any other amendment is in force", () => {
    for (const form of ["amend", "replace", "new"] as const) expect(targetDocumentStatus([form])).toBe("amended");
    expect(targetDocumentStatus(["amend", "amend"])).toBe("amended");
  });

  it("is back in force when no amendment of it is (any longer)", () => {
    expect(targetDocumentStatus([])).toBe("in_force");
  });
});

describe("the stage an amending document's effective date gives", () => {
  it("is in force from the effective date on, promulgated before it", () => {
    expect(stageOnEffectiveDate("2027-02-01", "2026-12-04")).toBe("promulgated");
    expect(stageOnEffectiveDate("2027-02-01", "2027-01-31")).toBe("promulgated");
    expect(stageOnEffectiveDate("2027-02-01", "2027-02-01")).toBe("in_force");
    expect(stageOnEffectiveDate("2027-02-01", "2027-03-01")).toBe("in_force");
  });

  it("is promulgated while the effective date is unknown", () => {
    expect(stageOnEffectiveDate(null, "2027-02-01")).toBe("promulgated");
  });
});

describe("a register document's status on its effective date", () => {
  it("turns in force on the day, and back when the date moves ahead", () => {
    expect(documentStatusOnDate("not_yet_in_force", "2027-02-01", "2027-01-31")).toBe("not_yet_in_force");
    expect(documentStatusOnDate("not_yet_in_force", "2027-02-01", "2027-02-01")).toBe("in_force");
    expect(documentStatusOnDate("in_force", "2027-02-01", "2026-12-04")).toBe("not_yet_in_force");
  });

  it("leaves amended, repealed and undated documents as they are", () => {
    expect(documentStatusOnDate("amended", "2027-02-01", "2026-12-04")).toBe("amended");
    expect(documentStatusOnDate("repealed", "2020-02-01", "2026-12-04")).toBe("repealed");
    expect(documentStatusOnDate("not_yet_in_force", null, "2026-12-04")).toBe("not_yet_in_force");
  });
});

describe("who may comment on an amendment", () => {
  const amendment = { agency_id: 1 };
  it("its agency's officers and the secretariat; not another agency's officers nor viewers", () => {
    expect(canCommentOnAmendment({ id: 1, role: "officer", agency_id: 1 }, amendment)).toBe(true);
    expect(canCommentOnAmendment({ id: 2, role: "officer", agency_id: 2 }, amendment)).toBe(false);
    expect(canCommentOnAmendment({ id: 3, role: "reviewer", agency_id: null }, amendment)).toBe(true);
    expect(canCommentOnAmendment({ id: 4, role: "admin", agency_id: null }, amendment)).toBe(true);
    expect(canCommentOnAmendment({ id: 5, role: "viewer", agency_id: 1 }, amendment)).toBe(false);
    expect(canCommentOnAmendment(null, amendment)).toBe(false);
  });
});

describe("mergedProvisions", () => {
  it("adds a provision the amendment does not name yet, and none it names already, however written", () => {
    expect(mergedProvisions(null, "Điều 5")).toBe("Điều 5");
    expect(mergedProvisions("Điều 5", "Điều 7")).toBe("Điều 5; Điều 7");
    expect(mergedProvisions("Điều 5; Điều 7", "điều 7")).toBeNull();
  });
});
