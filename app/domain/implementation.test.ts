import { describe, expect, it } from "vitest";
import { implementationProgress, implementationStatus } from "./implementation";

const approved = { status: "approved" as const, noAmendmentReason: null };

describe("implementationProgress", () => {
  it("is null until the proposal is approved", () => {
    for (const status of ["draft", "submitted", "returned", "rejected", "withdrawn"] as const) {
      expect(implementationProgress({ status, noAmendmentReason: null, stages: ["in_force"] })).toBeNull();
    }
  });
  it("is implemented when every needed amendment is in force", () => {
    expect(implementationProgress({ ...approved, stages: ["in_force", "in_force"] })).toBe("implemented");
    expect(implementationProgress({ ...approved, stages: ["in_force", "cancelled"] })).toBe("implemented");
  });
  it("is in progress once any needed amendment has moved", () => {
    expect(implementationProgress({ ...approved, stages: ["in_force", "drafting"] })).toBe("in_progress");
    expect(implementationProgress({ ...approved, stages: ["not_started", "promulgated"] })).toBe("in_progress");
  });
  it("is not started while every needed amendment is not started", () => {
    expect(implementationProgress({ ...approved, stages: ["not_started"] })).toBe("not_started");
  });
  it("needs a new amendment (or a reason) once no linked amendment is left to carry it out", () => {
    expect(implementationProgress({ ...approved, stages: [] })).toBe("needs_amendment");
    expect(implementationProgress({ ...approved, stages: ["cancelled"] })).toBe("needs_amendment");
    expect(implementationProgress({ ...approved, stages: ["cancelled", "cancelled"] })).toBe("needs_amendment");
    expect(implementationProgress({ status: "approved", noAmendmentReason: "Đã xử lý bằng văn bản khác", stages: ["cancelled"] })).toBe("implemented");
  });
  it("is implemented at approval when no document needs amending", () => {
    expect(implementationProgress({ status: "approved", noAmendmentReason: "Bãi bỏ bằng văn bản hành chính", stages: [] })).toBe(
      "implemented",
    );
  });
});

describe("implementationStatus", () => {
  it("marks overdue past the due date unless implemented", () => {
    expect(implementationStatus("in_progress", "2024-06-30", "2024-07-01")).toBe("overdue");
    expect(implementationStatus("not_started", "2024-06-30", "2024-07-01")).toBe("overdue");
    expect(implementationStatus("implemented", "2024-06-30", "2024-07-01")).toBe("implemented");
    expect(implementationStatus("in_progress", "2024-06-30", "2024-06-30")).toBe("in_progress");
    expect(implementationStatus("in_progress", null, "2024-07-01")).toBe("in_progress");
    expect(implementationStatus(null, "2024-06-30", "2024-07-01")).toBeNull();
  });
  it("never marks overdue a proposal that has no amendment left to be late in", () => {
    expect(implementationStatus("needs_amendment", "2024-06-30", "2024-07-01")).toBe("needs_amendment");
  });
});
