import { describe, expect, it } from "vitest";
import type { Figures } from "~/domain/figures";
import { diffReports, hasChange, inForceShare, subtractFigures, type SteeringReport } from "./steering-report";

function figures(approved: number, implemented: number, inForce: number, amendments: number, overdue = 0): Figures {
  return {
    proposals: {
      byStatus: { draft: 0, submitted: 0, returned: 0, approved, rejected: 0, withdrawn: 0 },
      implemented,
      overdue: 0,
      needsAmendment: 0,
      savingApproved: approved * 10,
      savingRealized: implemented * 10,
    },
    amendments: { documents: amendments, documentsAmended: inForce, amendments, promulgated: inForce, inForce, overdue },
  };
}

const agency = (agencyId: number, code: string, f: Figures) => ({ ...f, agencyId, code, name_vi: code, name_en: code });
const decision = (decisionId: number, f: Figures) => ({ ...f, decisionId, number: `${decisionId}/QĐ-TTg`, agencies: 1 });

describe("diffReports", () => {
  const before: SteeringReport = {
    computedOn: "2023-04-19",
    total: figures(3, 1, 1, 4),
    byAgency: [agency(1, "BYT", figures(2, 1, 1, 3)), agency(2, "BTC", figures(1, 0, 0, 1))],
    byDecision: [decision(10, figures(3, 1, 1, 4))],
  };
  const after: SteeringReport = {
    computedOn: "2023-07-20",
    total: figures(5, 2, 2, 4, 1),
    byAgency: [agency(1, "BYT", figures(4, 2, 2, 3, 1)), agency(3, "BXD", figures(1, 0, 0, 1))],
    byDecision: [decision(10, figures(5, 2, 2, 4, 1))],
  };

  it("gives each figure's change overall, per agency and per decision", () => {
    const changes = diffReports(after, before);
    expect(changes.total.proposals.byStatus.approved).toBe(2);
    expect(changes.total.amendments.inForce).toBe(1);
    expect(changes.total.amendments.overdue).toBe(1);
    const byt = changes.byAgency.find((item) => item.row.code === "BYT");
    expect(byt?.change.proposals.byStatus.approved).toBe(2);
    expect(byt?.change.proposals.implemented).toBe(1);
    expect(byt?.change.proposals.savingApproved).toBe(20);
    expect(changes.byDecision[0]?.change.amendments.inForce).toBe(1);
  });

  it("counts a new row from zero and a row gone as falling to zero", () => {
    const changes = diffReports(after, before);
    expect(changes.byAgency.find((item) => item.row.code === "BXD")).toMatchObject({ gone: false, change: { proposals: { byStatus: { approved: 1 } } } });
    expect(changes.byAgency.find((item) => item.row.code === "BTC")).toMatchObject({ gone: true, change: { proposals: { byStatus: { approved: -1 } } } });
  });

  it("has no change to show for a figure a snapshot frozen before it existed lacks", () => {
    const old = figures(2, 1, 1, 3);
    delete (old.amendments as Partial<Figures["amendments"]>).documentsAmended;
    const change = subtractFigures(figures(2, 1, 1, 3), old);
    expect(change.amendments.documentsAmended).toBeNull();
    expect(change.amendments.inForce).toBe(0);
    expect(hasChange(change)).toBe(false);
  });

  it("says whether anything changed", () => {
    expect(hasChange(subtractFigures(figures(2, 1, 1, 3), figures(2, 1, 1, 3)))).toBe(false);
    expect(hasChange(subtractFigures(figures(2, 1, 1, 3), figures(2, 1, 0, 3)))).toBe(true);
  });
});

describe("inForceShare", () => {
  it("is the share of needed amendments in force, none without amendments", () => {
    expect(inForceShare(figures(1, 0, 1, 4))).toBe(0.25);
    expect(inForceShare(figures(1, 0, 0, 0))).toBeNull();
  });
});
