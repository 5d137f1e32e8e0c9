import { z } from "zod";
import { PROPOSAL_ACTIONS, REGULATION_TYPES } from "~/domain/vocabulary";
import { choice, formVersion, optionalAmount, optionalText, optionalTimeline, requiredText } from "./fields";

// Field names are the import layout's English keys, so a form, an import row and an export
// column mean the same thing.
export const ProposalSchema = z
  .object({
    agency: requiredText(20),
    regulation_type: choice(REGULATION_TYPES),
    title: requiredText(1000),
    source_document: optionalText(100),
    source_provision: optionalText(300),
    action: choice(PROPOSAL_ACTIONS),
    proposed_change: requiredText(4000),
    rationale: optionalText(4000),
    procedure_code: optionalText(30),
    cost_before_vnd: optionalAmount,
    cost_after_vnd: optionalAmount,
    timeline: optionalTimeline,
  })
  .superRefine((proposal, ctx) => {
    if (
      proposal.cost_before_vnd !== null &&
      proposal.cost_after_vnd !== null &&
      proposal.cost_after_vnd > proposal.cost_before_vnd
    ) {
      ctx.addIssue({ code: "custom", path: ["cost_after_vnd"], message: "errors.cost_after_exceeds" });
    }
  });

export type ProposalInput = z.output<typeof ProposalSchema>;

/** The edit form: the same fields and the version it was opened at. */
export const ProposalEditSchema = ProposalSchema.safeExtend({ version: formVersion });
