import { z } from "zod";
import { formatDate } from "~/domain/dates";
import { formatVnd, parseVnd } from "~/domain/money";
import { requiredDate } from "./fields";

// An agency's baseline for the 20% targets of Resolution 68/NQ-CP: the regulations and the
// yearly compliance cost in force at the baseline date, entered by an admin.

const MAX_REGULATIONS = 1_000_000;

/** A whole number of regulations, at least one ("1.234" is read with its thousands separator). */
const regulationCount = z
  .string({ error: "errors.required" })
  .trim()
  .transform((value, ctx) => {
    if (!value) {
      ctx.addIssue({ code: "custom", message: "errors.required" });
      return z.NEVER;
    }
    const result = parseVnd(value);
    if (!result.ok || result.value < 1 || result.value > MAX_REGULATIONS) {
      ctx.addIssue({ code: "custom", message: `baseline.errors.count|max=${MAX_REGULATIONS}` });
      return z.NEVER;
    }
    return result.value;
  });

/** The yearly compliance cost in whole VND, more than zero. */
const yearlyCost = z
  .string({ error: "errors.required" })
  .trim()
  .transform((value, ctx) => {
    if (!value) {
      ctx.addIssue({ code: "custom", message: "errors.required" });
      return z.NEVER;
    }
    const result = parseVnd(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: `errors.${result.error.replace(".", "_")}` });
      return z.NEVER;
    }
    if (result.value < 1) {
      ctx.addIssue({ code: "custom", message: "baseline.errors.cost" });
      return z.NEVER;
    }
    return result.value;
  });

export const BaselineSchema = z.object({
  agency: z.string({ error: "errors.required" }).trim().toUpperCase().min(1, "errors.required").max(20, "errors.invalid_choice"),
  baseline_on: requiredDate,
  regulations: regulationCount,
  yearly_cost_vnd: yearlyCost,
  /** The baseline's version when the form was opened; empty for an agency without one yet. */
  version: z.string().optional(),
});

export type BaselineInput = z.output<typeof BaselineSchema>;

/** A stored baseline's fields as the form shows them (Vietnamese formats, which the schema reads back). */
export function baselineFormValues(baseline: { baseline_on: string; regulations: number; yearly_cost_vnd: number }) {
  return {
    baseline_on: formatDate(baseline.baseline_on, "vi"),
    regulations: String(baseline.regulations),
    yearly_cost_vnd: formatVnd(baseline.yearly_cost_vnd, "vi"),
  };
}
