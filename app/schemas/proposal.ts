import { z } from "zod";
import { formatDate } from "~/domain/dates";
import { formatVnd } from "~/domain/money";
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

/** What a stored proposal's form shows: the columns behind its fields. */
export interface ProposalFormSource {
  agency_code: string;
  regulation_type: string;
  title: string;
  source_document_number: string | null;
  source_provision: string | null;
  action: string;
  proposed_change: string;
  rationale: string | null;
  procedure_code: string | null;
  cost_before_vnd: number | null;
  cost_after_vnd: number | null;
  timeline: string | null;
  due_on: string | null;
}

export type ProposalFormValues = Record<keyof z.input<typeof ProposalSchema>, string>;

/**
 * A stored proposal as its form shows it, every value a string as typed in Vietnamese: the edit
 * form opens with these, and an import row without a column reads the stored value from here,
 * so both compare what was typed against the same values.
 */
export function proposalFormValues(proposal: ProposalFormSource): ProposalFormValues {
  return {
    agency: proposal.agency_code,
    regulation_type: proposal.regulation_type,
    title: proposal.title,
    source_document: proposal.source_document_number ?? "",
    source_provision: proposal.source_provision ?? "",
    action: proposal.action,
    proposed_change: proposal.proposed_change,
    rationale: proposal.rationale ?? "",
    procedure_code: proposal.procedure_code ?? "",
    cost_before_vnd: formatVnd(proposal.cost_before_vnd, "vi"),
    cost_after_vnd: formatVnd(proposal.cost_after_vnd, "vi"),
    timeline: proposal.timeline ?? (proposal.due_on ? formatDate(proposal.due_on, "vi") : ""),
  };
}
