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

// List pages keep their view in the query string. A value that does not parse is left out
// rather than refused, so an old or hand-edited link still opens a list, and it is reported
// (parseListQuery), so the page says which of its values it did not use and why.

/** Rows per page on every list. */
export const PAGE_SIZE = 25;

export const PROPOSAL_SORTS = ["code", "updated", "due", "saving"] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

export function searchParamsObject(url: URL): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (value.trim() !== "") values[key] = value;
  return values;
}

/** A query-string value a list could not use: which parameter, as given, and the message key saying why. */
export interface IgnoredParam {
  name: string;
  value: string;
  message: string;
}

export interface ListQuery<T> {
  params: T;
  ignored: IgnoredParam[];
}

/**
 * A list's view from its query string: each value the schema refuses is left out (the list then
 * reads as if it were not given) and reported in `ignored`, once per parameter.
 */
export function parseListQuery<S extends z.ZodObject>(schema: S, url: URL): ListQuery<z.output<S>> {
  const values = searchParamsObject(url);
  const ignored: IgnoredParam[] = [];
  for (;;) {
    const result = schema.safeParse(values);
    if (result.success) return { params: result.data, ignored };
    const before = ignored.length;
    for (const issue of result.error.issues) {
      const name = issue.path[0];
      // one reason per parameter given: the first of its issues
      if (typeof name !== "string" || !(name in values) || ignored.some((param) => param.name === name)) continue;
      ignored.push({ name, value: values[name] ?? "", message: issue.message });
      delete values[name];
    }
    // a list schema checks each parameter given on its own; an issue of none is a mistake in the schema
    if (ignored.length === before) throw result.error;
  }
}

/** A choice among known values (a select's options, a sort, a flag). */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: "errors.invalid_choice" });
const flag = z.literal("1", { error: "errors.invalid_choice" });

const date = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const iso = parseDateInput(value);
    if (iso) return iso;
    ctx.addIssue({ code: "custom", message: "errors.invalid_date" });
    return z.NEVER;
  });

/** A record's id in a select (a decision). */
const recordId = z.coerce.number({ error: "errors.invalid_choice" }).int("errors.invalid_choice").positive("errors.invalid_choice");

export const page = z.coerce
  .number({ error: "list.errors.page" })
  .int("list.errors.page")
  .min(1, "list.errors.page")
  .max(100_000, "list.errors.page")
  .default(1);
export const query = z.string().trim().max(200, "errors.too_long|max=200").optional();
export const agencyCode = z.string().trim().toUpperCase().max(20, "errors.too_long|max=20").optional();
/** `predecessors=1`: an agency filter also matches the agencies it succeeded. */
export const withPredecessors = flag.optional();

/** The steering view's scope, as list parameters: which approved work a figure's list shows. */
const approvalPeriod = {
  approved_from: date,
  approved_to: date,
};
const steeringScope = {
  decision: recordId.optional(),
  /** The proposals' regulation type (on lists of amendments and documents). */
  regulation_type: oneOf(REGULATION_TYPES).optional(),
  ...approvalPeriod,
};

export const ProposalListParams = z.object({
  agency: agencyCode,
  predecessors: withPredecessors,
  status: oneOf(PROPOSAL_STATUSES).optional(),
  type: oneOf(REGULATION_TYPES).optional(),
  action: oneOf(PROPOSAL_ACTIONS).optional(),
  decision: recordId.optional(),
  due_from: date,
  due_to: date,
  /** Derived implementation status of approved proposals (`overdue` measured against today). */
  implementation: oneOf(IMPLEMENTATION_STATUSES).optional(),
  ...approvalPeriod,
  q: query,
  sort: oneOf(PROPOSAL_SORTS).default("code"),
  dir: oneOf(["asc", "desc"]).default("asc"),
  page,
});
export type ProposalListParams = z.output<typeof ProposalListParams>;

export const DocumentListParams = z.object({
  q: query,
  type: oneOf(DOCUMENT_TYPES).optional(),
  status: oneOf(DOCUMENT_STATUSES).optional(),
  agency: agencyCode,
  /** `incomplete=1`: only documents still to be completed (title unknown). */
  incomplete: z.literal("1").optional().catch(undefined),
  /** `to_amend=1`: only documents that amendments needed by approved proposals target. */
  to_amend: flag.optional(),
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
  stage: oneOf(AMENDMENT_STAGES).optional(),
  form: oneOf(AMENDMENT_FORMS).optional(),
  overdue: flag.optional(),
  /** `needed=1`: only amendments approved proposals need (of the decision, type and period given). */
  needed: flag.optional(),
  /** Only amendments that reached this stage or a later one. */
  reached: oneOf(STAGE_ORDER).optional(),
  ...steeringScope,
  q: query,
  sort: oneOf(AMENDMENT_SORTS).default("deadline"),
  page,
});
export type AmendmentListParams = z.output<typeof AmendmentListParams>;

/** /deadlines: officers see their own agency unless they ask for all (`all=1`). */
export const DEADLINE_WINDOWS = [30, 60, 90] as const;
export const DEADLINE_SORTS = ["late", "due"] as const;

export const DeadlineParams = z.object({
  q: query,
  agency: agencyCode,
  all: flag.optional(),
  within: z.coerce
    .number({ error: "errors.invalid_choice" })
    .pipe(z.union(DEADLINE_WINDOWS.map((days) => z.literal(days)), { error: "errors.invalid_choice" }))
    .default(30),
  sort: oneOf(DEADLINE_SORTS).default("late"),
  dir: oneOf(["asc", "desc"]).optional(),
  group: oneOf(["agency", "none"]).default("agency"),
});
export type DeadlineParams = z.output<typeof DeadlineParams>;

/** The header's search box: its words. */
export const SearchParams = z.object({ q: query });

/** The steering scope of the dashboard and the charts: an agency (or `agency=all`, or `all=1`), a decision, a type, an approval period. */
export const SteeringScopeParams = z.object({
  agency: agencyCode,
  all: flag.optional(),
  decision: recordId.optional(),
  type: oneOf(REGULATION_TYPES).optional(),
  ...approvalPeriod,
});
