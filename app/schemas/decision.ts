import { z } from "zod";
import { isDecisionNumber } from "~/domain/document-number";
import { DECISION_KINDS } from "~/domain/vocabulary";
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
