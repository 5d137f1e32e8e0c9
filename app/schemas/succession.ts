import { z } from "zod";
import { choice, optionalChoice, optionalText, requiredDate } from "./fields";

// Recording a merger, split or handover of functions takes two steps, so that it works before
// JavaScript loads: step 1 (a GET form) names the date and the successors; step 2 (the same
// page with those in the query string) lists the open records, each with where it goes, and
// the choice about the users, and posts everything.

/** "merge": the predecessor ends (merged, or split with a main successor); "transfer": it continues and hands some functions over. */
export const SUCCESSION_KINDS = ["merge", "transfer"] as const;
export type SuccessionKind = (typeof SUCCESSION_KINDS)[number];

export const USER_CHOICES = ["move", "deactivate"] as const;

/** How many partial successors the form offers: the 2025 split of BLĐTBXH had three. */
export const PARTIAL_SLOTS = [1, 2, 3, 4] as const;

const agencyCode = optionalText(20).transform((code) => (code ? code.toUpperCase() : null));
const functions = optionalText(500);

const planShape = {
  kind: choice(SUCCESSION_KINDS),
  effective_on: requiredDate,
  main: agencyCode,
  partial_1: agencyCode,
  functions_1: functions,
  partial_2: agencyCode,
  functions_2: functions,
  partial_3: agencyCode,
  functions_3: functions,
  partial_4: agencyCode,
  functions_4: functions,
};

type PlanFields = z.output<z.ZodObject<typeof planShape>>;

export interface PartialSuccessor {
  /** The form's slot (partial_<slot>, functions_<slot>), to put errors beside the right field. */
  slot: number;
  code: string;
  functions: string | null;
}

function partialsOf(plan: PlanFields): PartialSuccessor[] {
  const partials: PartialSuccessor[] = [];
  for (const slot of PARTIAL_SLOTS) {
    const code = plan[`partial_${slot}`];
    if (code) partials.push({ slot, code, functions: plan[`functions_${slot}`] });
  }
  return partials;
}

function checkPlan(plan: PlanFields, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (plan.kind === "merge" && !plan.main) issue("main", "errors.one_main_successor");
  if (plan.kind === "transfer" && plan.main) issue("main", "errors.transfer_has_no_main");
  const seen = new Set(plan.main ? [plan.main] : []);
  for (const slot of PARTIAL_SLOTS) {
    const code = plan[`partial_${slot}`];
    const what = plan[`functions_${slot}`];
    if (code && !what) issue(`functions_${slot}`, "errors.required");
    if (!code && what) issue(`partial_${slot}`, "errors.required");
    if (code && seen.has(code)) issue(`partial_${slot}`, "errors.duplicate_successor");
    if (code) seen.add(code);
  }
  if (plan.kind === "transfer" && partialsOf(plan).length === 0) issue("partial_1", "errors.required");
}

function planOf(plan: PlanFields) {
  return {
    kind: plan.kind,
    effectiveOn: plan.effective_on,
    main: plan.kind === "merge" ? plan.main : null,
    partials: partialsOf(plan),
  };
}

/** Step 1: the date and the successors, read from the query string. */
export const SuccessionPlanSchema = z.object(planShape).superRefine(checkPlan).transform(planOf);
export type SuccessionPlanFields = z.output<typeof SuccessionPlanSchema>;

const RECORD_FIELD = /^(proposal|amendment)_([1-9]\d{0,14})$/;

/**
 * Step 2: the plan again (hidden fields), what happens to the users, and one select per open
 * record named `proposal_<id>` or `amendment_<id>` holding the agency code it goes to.
 */
export const SuccessionSchema = z
  .looseObject({ ...planShape, users: optionalChoice(USER_CHOICES) })
  .superRefine((form, ctx) => {
    checkPlan(form, ctx);
    if (form.kind === "merge" && !form.users) ctx.addIssue({ code: "custom", path: ["users"], message: "errors.required" });
  })
  .transform((form) => {
    const destinations: { proposals: Record<number, string>; amendments: Record<number, string> } = { proposals: {}, amendments: {} };
    for (const [field, value] of Object.entries(form)) {
      const match = RECORD_FIELD.exec(field);
      if (!match || typeof value !== "string" || !value.trim()) continue;
      destinations[match[1] === "proposal" ? "proposals" : "amendments"][Number(match[2])] = value.trim().toUpperCase();
    }
    return { ...planOf(form), users: form.users ?? undefined, destinations };
  });
export type SuccessionFields = z.output<typeof SuccessionSchema>;
