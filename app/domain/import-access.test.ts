import { describe, expect, it } from "vitest";
import { canSeeEveryImport, canSeeImport, canSettleImport, importAllowed } from "./import-access";
import type { Actor } from "./permissions";

const uploader: Actor = { id: 1, role: "officer", agency_id: 1 };
const colleague: Actor = { id: 2, role: "officer", agency_id: 1 };
const reviewer: Actor = { id: 3, role: "reviewer", agency_id: null };
const admin: Actor = { id: 4, role: "admin", agency_id: null };
const upload = { actor_id: uploader.id };

describe("an upload's rules", () => {
  it("is read by its uploader and by an admin only", () => {
    expect([uploader, colleague, reviewer, admin].map((actor) => canSeeImport(actor, upload))).toEqual([true, false, false, true]);
    expect([uploader, reviewer, admin].map(canSeeEveryImport)).toEqual([false, false, true]);
  });

  it("is confirmed or discarded by its uploader only, while it is staged", () => {
    expect([uploader, colleague, reviewer, admin].map((actor) => canSettleImport(actor, upload))).toEqual([true, false, false, false]);
    expect(importAllowed(uploader, { ...upload, status: "staged" })).toEqual({ commit: true, discard: true });
    expect(importAllowed(admin, { ...upload, status: "staged" })).toEqual({ commit: false, discard: false });
    for (const status of ["committed", "discarded"]) expect(importAllowed(uploader, { ...upload, status })).toEqual({ commit: false, discard: false });
  });
});
