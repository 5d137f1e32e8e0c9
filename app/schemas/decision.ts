import { z } from "zod";
import { isDecisionNumber } from "~/domain/document-number";
import { DECISION_KINDS } from "~/domain/vocabulary";
import { choice, optionalText, optionalTimeline, requiredDate, requiredText } from "./fields";

export const DecisionSchema = z.object({
  number: requiredText(60).refine(isDecisionNumber, "errors.decision_number_invalid"),
  signed_on: requiredDate,
  kind: choice(DECISION_KINDS),
  title_vi: requiredText(1000),
  title_en: optionalText(1000),
  timeline: optionalTimeline,
  version: z.string().optional(),
});

export type DecisionInput = z.output<typeof DecisionSchema>;
