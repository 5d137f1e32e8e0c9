import { z } from "zod";
import { SteeringScopeParams } from "./list-params";

// The dashboard keeps its view in the query string, read as the lists read theirs
// (parseListQuery in app/schemas/list-params.ts): a value that does not parse is left out and reported.

/** `agency=all`: the whole of government, also for an officer (who otherwise sees their own agency). */
export const ALL_AGENCIES = "ALL";

export const DASHBOARD_SORTS = [
  "agency",
  "approved",
  "implemented",
  "overdue",
  "amendments",
  "in_force",
  "overdue_amendments",
  "saving",
] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

export const DashboardParams = SteeringScopeParams.omit({ all: true }).extend({
  sort: z.enum(DASHBOARD_SORTS, { error: "errors.invalid_choice" }).default("agency"),
  dir: z.enum(["asc", "desc"], { error: "errors.invalid_choice" }).default("asc"),
});
export type DashboardParams = z.output<typeof DashboardParams>;
