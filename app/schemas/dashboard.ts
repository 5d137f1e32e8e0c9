import { z } from "zod";
import { parseDateInput } from "~/domain/dates";
import { REGULATION_TYPES } from "~/domain/vocabulary";

// The dashboard keeps its view in the query string, read as leniently as the lists
// (app/schemas/list-params.ts): a value that does not parse is dropped, not refused.

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

const lenientDate = z
  .string()
  .optional()
  .transform((value) => (value ? (parseDateInput(value) ?? undefined) : undefined))
  .catch(undefined);

export const DashboardParams = z.object({
  agency: z.string().trim().toUpperCase().max(20).optional().catch(undefined),
  decision: z.coerce.number().int().positive().optional().catch(undefined),
  type: z.enum(REGULATION_TYPES).optional().catch(undefined),
  approved_from: lenientDate,
  approved_to: lenientDate,
  sort: z.enum(DASHBOARD_SORTS).catch("agency"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});
export type DashboardParams = z.output<typeof DashboardParams>;
