import { z } from "zod";
import { isDecisionNumber } from "~/domain/document-number";
import { formatDate } from "~/domain/dates";
import { DECISION_KINDS, type DecisionKind } from "~/domain/vocabulary";
import { choice, formVersion, optionalText, optionalTimeline, requiredPastDate, requiredText } from "./fields";

export const DecisionSchema = z.object({
  number: requiredText(60).refine(isDecisionNumber, "errors.decision_number_invalid"),
  signed_on: requiredPastDate,
  kind: choice(DECISION_KINDS),
  title_vi: requiredText(1000),
  title_en: optionalText(1000),
  timeline: optionalTimeline,
});

/** The edit form: the same fields and the version it was opened at. */
export const DecisionEditSchema = DecisionSchema.safeExtend({ version: formVersion });

export type DecisionInput = z.output<typeof DecisionSchema>;

export type DecisionFormValues = Record<keyof typeof DecisionSchema.shape, string>;

/** A decision as its edit form shows it, every value a string, dates as typed in Vietnamese (also a stale save's answer). */
export function decisionFormValues(decision: {
  number: string;
  signed_on: string;
  kind: DecisionKind;
  title_vi: string;
  title_en: string | null;
  timeline: string | null;
  due_on: string | null;
}): DecisionFormValues {
  return {
    number: decision.number,
    signed_on: formatDate(decision.signed_on, "vi"),
    kind: decision.kind,
    title_vi: decision.title_vi,
    title_en: decision.title_en ?? "",
    timeline: decision.timeline ?? (decision.due_on ? formatDate(decision.due_on, "vi") : ""),
  };
}
