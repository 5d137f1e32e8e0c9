import { z } from "zod";
import { formatDate } from "~/domain/dates";
import { AMENDMENT_FORMS, AMENDMENT_STAGES, DOCUMENT_TYPES, type AmendmentStage, type DocumentType } from "~/domain/vocabulary";
import { confirmed } from "./confirmation";
import { choice, formVersion, optionalChoice, optionalDate, optionalPastDate, optionalText, requiredText } from "./fields";

/** Proposal codes typed as a list: "BYT-0001, BYT-0002". */
const proposalCodes = z
  .string()
  .max(4000, "errors.too_long|max=4000")
  .optional()
  .transform((value) =>
    [...new Set((value ?? "").split(/[\s,;]+/).map((code) => code.trim().toUpperCase()).filter(Boolean))],
  );

export const AmendmentSchema = z.object({
  document: requiredText(100),
  doc_type: optionalChoice(DOCUMENT_TYPES),
  agency: requiredText(20),
  provisions: optionalText(1000),
  form: choice(AMENDMENT_FORMS),
  deadline: optionalDate,
  note: optionalText(2000),
  proposals: proposalCodes,
});
export type AmendmentInput = z.output<typeof AmendmentSchema>;

/**
 * The stage form. What it cannot check without the stored record, the service does: whether the
 * move needs a reason (backward, cancel, revive: it depends on the current stage), and for "in
 * force" the amending document and promulgation date already on record when the form omits them.
 */
export const AmendmentStageSchema = z
  .object({
    stage: choice(AMENDMENT_STAGES),
    amending_number: optionalText(100),
    amending_type: optionalChoice(DOCUMENT_TYPES),
    promulgated_on: optionalPastDate,
    /** May lie ahead: the amendment is then promulgated, in force from that date. */
    effective_on: optionalDate,
    /** Why: required to move back, to cancel (kept as the cancel reason) and to revive. */
    reason: optionalText(2000),
  })
  .superRefine((move, ctx) => {
    const issue = (path: string, message = "errors.required") => ctx.addIssue({ code: "custom", path: [path], message });
    if (move.stage === "promulgated") {
      if (!move.amending_number) issue("amending_number");
      if (!move.promulgated_on) issue("promulgated_on");
    }
    if (move.stage === "in_force") {
      if (!move.effective_on) issue("effective_on");
      else if (move.promulgated_on && move.effective_on < move.promulgated_on) issue("effective_on", "errors.effective_before_promulgated");
    }
    if (move.stage === "cancelled" && !move.reason) issue("reason", "errors.reason_required_for_move");
  });
export type AmendmentStageInput = z.output<typeof AmendmentStageSchema>;

/** The stage form of the amendment page: the move, the version it was opened at, and for cancelling the task a confirmation. */
export const AmendmentStageFormSchema = confirmed(AmendmentStageSchema.safeExtend({ version: formVersion }), (move) => move.stage === "cancelled");

export const LinkProposalsSchema = z.object({ proposals: proposalCodes });

/** Takes one proposal off an amendment, once confirmed. */
export const UnlinkProposalSchema = confirmed(z.object({ proposal: requiredText(40).transform((code) => code.toUpperCase()) }));

/** A note on an amendment's history: the reviewer's remark, the ministry's reply. */
export const AmendmentCommentSchema = z.object({ comment: requiredText(2000) });

/**
 * What the stage form starts from: the current stage and amending document, dates as typed in
 * Vietnamese (also a stale move's answer).
 */
export function amendmentStageValues(amendment: {
  stage: AmendmentStage;
  amending_number: string | null;
  amending_type: DocumentType | null;
  amending_issued_on: string | null;
  amending_effective_on: string | null;
}): Record<keyof z.input<typeof AmendmentStageSchema>, string> {
  return {
    stage: amendment.stage,
    amending_number: amendment.amending_number ?? "",
    amending_type: amendment.amending_type ?? "",
    promulgated_on: formatDate(amendment.amending_issued_on, "vi"),
    effective_on: formatDate(amendment.amending_effective_on, "vi"),
    reason: "",
  };
}
