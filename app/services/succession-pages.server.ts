import type { SuccessionPlanView } from "~/components/agencies/succession-form";
import type { Executor } from "~/db.server";
import { InvalidError, type FieldErrors } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { fieldErrors } from "~/schemas/parse.server";
import { SuccessionPlanSchema, type PartialSuccessor, type SuccessionFields } from "~/schemas/succession";
import { readSuccessionAgency } from "./agency-pages.server";
import { planSuccession, recordSuccession, type SuccessionPlan, type SuccessionResult } from "./succession.server";

// The succession page's two steps (app/schemas/succession.ts): step 1 names the date and the
// successors in the query string; step 2 shows the plan and posts it.

/** The service names a partial successor by its place in the list; the form by its slot. */
function formErrors(errors: FieldErrors, partials: PartialSuccessor[]): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const index = /^partials\.(\d+)$/.exec(field)?.[1];
    const slot = index === undefined ? undefined : partials[Number(index)]?.slot;
    mapped[slot === undefined ? field : `partial_${slot}`] = message;
  }
  return mapped;
}

function planView(plan: SuccessionPlan): SuccessionPlanView {
  const names = (agency: SuccessionPlan["predecessor"]) => ({ code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en });
  return {
    predecessor: names(plan.predecessor),
    effectiveOn: plan.effectiveOn,
    lastDay: plan.lastDay,
    continues: plan.continues,
    successors: plan.successors.map((s) => ({ ...names(s.agency), scope: s.scope, functions: s.functions })),
    defaultDestination: plan.defaultDestination,
    destinations: plan.destinations,
    proposals: plan.proposals.map(({ id, code, title, status }) => ({ id, code, title, status })),
    amendments: plan.amendments.map(({ id, document_number, provisions, stage, amending_effective_on, proposal_codes }) => ({
      id,
      document_number,
      provisions,
      stage,
      amending_effective_on,
      proposal_codes,
    })),
    userCount: plan.userCount,
    activeUserCount: plan.activeUserCount,
  };
}

/** Step 1's fields as they stand in the query string (step 2 posts them again). */
function planValues(query: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of query) {
    if (value.trim() !== "" && /^(kind|effective_on|main|partial_\d|functions_\d)$/.test(field)) values[field] = value;
  }
  return values;
}

/**
 * The succession page of an agency: step 1 (the first visit, or "change step 1"), step 2 with
 * the plan of what the query string names, or "closed" when the agency's end is recorded.
 * `refused` when step 1's fields were refused (their messages in `errors`).
 */
export async function readSuccession(db: Executor, actor: Actor, code: string, query: URLSearchParams) {
  const { agency, candidates } = await readSuccessionAgency(db, actor, code);
  const values = planValues(query);
  const page = { agency, candidates, values, refused: false };
  const step1 = (errors: FieldErrors = {}) => ({ ...page, refused: Object.keys(errors).length > 0, step: 1 as const, errors, plan: null });

  if (agency.active_to !== null) return { ...page, step: "closed" as const, errors: {}, plan: null };
  // the first visit, or "change step 1" from step 2
  if (!query.has("effective_on") || query.has("edit")) return step1();
  const parsed = SuccessionPlanSchema.safeParse(values);
  if (!parsed.success) return step1(fieldErrors(parsed.error));
  try {
    const plan = await planSuccession(db, actor, { predecessor: agency.code, ...parsed.data });
    return { ...page, step: 2 as const, errors: {}, plan: planView(plan) };
  } catch (error) {
    if (error instanceof InvalidError) return step1(formErrors(error.errors, parsed.data.partials));
    throw error;
  }
}

/** Step 2's post: the succession of the agency `code`, refusals named by the form's fields. */
export async function recordAgencySuccession(
  db: Executor,
  actor: Actor,
  code: string,
  fields: SuccessionFields,
): Promise<SuccessionResult & { predecessor: string }> {
  const { agency } = await readSuccessionAgency(db, actor, code);
  const { effectiveOn, main, partials, destinations, users } = fields;
  try {
    const result = await recordSuccession(db, actor, {
      predecessor: agency.code,
      effectiveOn,
      main,
      partials: partials.map(({ code, functions }) => ({ code, functions })),
      destinations,
      users,
    });
    return { ...result, predecessor: agency.code };
  } catch (error) {
    if (error instanceof InvalidError) throw new InvalidError(formErrors(error.errors, partials), error.values);
    throw error;
  }
}
