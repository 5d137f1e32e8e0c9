import { z } from "zod";
import { STAGE_ORDER } from "~/domain/amendment";
import { parseDateInput } from "~/domain/dates";
import {
  AMENDMENT_FORMS,
  AMENDMENT_STAGES,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  IMPLEMENTATION_STATUSES,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATUSES,
  REGULATION_TYPES,
} from "~/domain/vocabulary";

// List pages keep their view in the query string. A value that does not parse is dropped
// rather than refused, so an old or hand-edited link still opens a list.

/** Rows per page on every list. */
export const PAGE_SIZE = 25;

export const PROPOSAL_SORTS = ["code", "updated", "due", "saving"] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

export function searchParamsObject(url: URL): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (value.trim() !== "") values[key] = value;
  return values;
}

const lenientDate = z
  .string()
  .optional()
  .transform((value) => (value ? (parseDateInput(value) ?? undefined) : undefined));

export const page = z.coerce.number().int().min(1).max(100_000).catch(1);
export const query = z.string().trim().max(200).optional().catch(undefined);
export const agencyCode = z.string().trim().toUpperCase().max(20).optional().catch(undefined);
/** `predecessors=1`: an agency filter also matches the agencies it succeeded. */
export const withPredecessors = z.enum(["1"]).optional().catch(undefined);

/** The steering view's scope, as list parameters: which approved work a figure's list shows. */
const approvalPeriod = {
  approved_from: lenientDate.catch(undefined),
  approved_to: lenientDate.catch(undefined),
};
const steeringScope = {
  decision: z.coerce.number().int().positive().optional().catch(undefined),
  /** The proposals' regulation type (on lists of amendments and documents). */
  regulation_type: z.enum(REGULATION_TYPES).optional().catch(undefined),
  ...approvalPeriod,
};

export const ProposalListParams = z.object({
  agency: agencyCode,
  predecessors: withPredecessors,
  status: z.enum(PROPOSAL_STATUSES).optional().catch(undefined),
  type: z.enum(REGULATION_TYPES).optional().catch(undefined),
  action: z.enum(PROPOSAL_ACTIONS).optional().catch(undefined),
  decision: z.coerce.number().int().positive().optional().catch(undefined),
  due_from: lenientDate.catch(undefined),
  due_to: lenientDate.catch(undefined),
  /** Derived implementation status of approved proposals (`overdue` measured against today). */
  implementation: z.enum(IMPLEMENTATION_STATUSES).optional().catch(undefined),
  ...approvalPeriod,
  q: query,
  sort: z.enum(PROPOSAL_SORTS).catch("code"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page,
});
export type ProposalListParams = z.output<typeof ProposalListParams>;

export const DocumentListParams = z.object({
  q: query,
  type: z.enum(DOCUMENT_TYPES).optional().catch(undefined),
  status: z.enum(DOCUMENT_STATUSES).optional().catch(undefined),
  agency: agencyCode,
  /** `incomplete=1`: only documents still to be completed (title unknown). */
  incomplete: z.literal("1").optional().catch(undefined),
  /** `to_amend=1`: only documents that amendments needed by approved proposals target. */
  to_amend: z.literal("1").optional().catch(undefined),
  /** With to_amend: the agency responsible for those amendments. */
  amendment_agency: agencyCode,
  /** With to_amend, `amended=1`: only those whose needed amendments are all in force. */
  amended: z.literal("1").optional().catch(undefined),
  ...steeringScope,
  page,
});
export type DocumentListParams = z.output<typeof DocumentListParams>;

export const DecisionListParams = z.object({ q: query });
export type DecisionListParams = z.output<typeof DecisionListParams>;

export const AMENDMENT_SORTS = ["deadline", "updated", "document"] as const;
export type AmendmentSort = (typeof AMENDMENT_SORTS)[number];

export const AmendmentListParams = z.object({
  agency: agencyCode,
  predecessors: withPredecessors,
  stage: z.enum(AMENDMENT_STAGES).optional().catch(undefined),
  form: z.enum(AMENDMENT_FORMS).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  /** `needed=1`: only amendments approved proposals need (of the decision, type and period given). */
  needed: z.literal("1").optional().catch(undefined),
  /** Only amendments that reached this stage or a later one. */
  reached: z.enum(STAGE_ORDER).optional().catch(undefined),
  ...steeringScope,
  q: query,
  sort: z.enum(AMENDMENT_SORTS).catch("deadline"),
  page,
});
export type AmendmentListParams = z.output<typeof AmendmentListParams>;

/** /deadlines: officers see their own agency unless they ask for all (`all=1`). */
export const DEADLINE_WINDOWS = [30, 60, 90] as const;
export const DEADLINE_SORTS = ["late", "due"] as const;

export const DeadlineParams = z.object({
  q: query,
  agency: agencyCode,
  all: z.literal("1").optional().catch(undefined),
  within: z.coerce
    .number()
    .pipe(z.union(DEADLINE_WINDOWS.map((days) => z.literal(days))))
    .catch(30),
  sort: z.enum(DEADLINE_SORTS).catch("late"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  group: z.enum(["agency", "none"]).catch("agency"),
});
export type DeadlineParams = z.output<typeof DeadlineParams>;
