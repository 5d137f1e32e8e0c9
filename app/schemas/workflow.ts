import { z } from "zod";
import type { ProposalTransition } from "~/domain/proposal-workflow";
import { confirmed } from "./confirmation";
import { choice, formVersion, optionalDate, optionalText, requiredText } from "./fields";

// The forms of the proposal workflow: one per transition, the comment form and the bulk review
// of the list page. The detail page's forms carry the proposal's version, so a transition taken
// on a page someone else has since changed is refused rather than applied to a case unseen.

const version = formVersion;
const reason = requiredText(2000);

/** A decision chosen in a select: its id; empty means none chosen. */
const decisionId = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    if (/^[1-9]\d{0,11}$/.test(value)) return Number(value);
    ctx.addIssue({ code: "custom", message: "errors.invalid_choice" });
    return z.NEVER;
  });

export const SubmitProposalSchema = z.object({
  /** Needed only when no amendment is linked: why no legal document has to change. */
  no_amendment_reason: optionalText(2000),
  version,
});

export const WithdrawProposalSchema = z.object({ comment: reason, version });
export const ReturnProposalSchema = z.object({ comment: reason, version });
export const RejectProposalSchema = z.object({ comment: reason, version });
export const ReopenProposalSchema = z.object({ comment: reason, version });

export const ApproveProposalSchema = z
  .object({
    decision: decisionId,
    /** Overrides the due date the decision's timeline gives. */
    due_on: optionalDate,
    comment: optionalText(2000),
    version,
  })
  .superRefine((approval, ctx) => {
    if (approval.decision === null) ctx.addIssue({ code: "custom", path: ["decision"], message: "errors.required" });
  });

/** The transitions that end a case: their forms ask for confirmation and their buttons look destructive. */
export const CASE_ENDING_TRANSITIONS = ["withdraw", "reject"] as const satisfies readonly ProposalTransition[];

export function endsTheCase(transition: ProposalTransition): transition is (typeof CASE_ENDING_TRANSITIONS)[number] {
  return (CASE_ENDING_TRANSITIONS as readonly ProposalTransition[]).includes(transition);
}

/** Each transition's form; those of CASE_ENDING_TRANSITIONS ask for confirmation. */
export const TRANSITION_SCHEMAS = {
  submit: SubmitProposalSchema,
  withdraw: confirmed(WithdrawProposalSchema),
  return: ReturnProposalSchema,
  reject: confirmed(RejectProposalSchema),
  approve: ApproveProposalSchema,
  reopen: ReopenProposalSchema,
} satisfies Record<ProposalTransition, z.ZodType>;

/** What a transition's form gives the workflow service, whichever form it was. */
export function transitionInput(
  parsed: Partial<Record<"comment" | "no_amendment_reason" | "due_on", string | null | undefined>> & { decision?: number | null; version: number },
) {
  return {
    comment: parsed.comment ?? null,
    decisionId: parsed.decision ?? null,
    dueOn: parsed.due_on ?? null,
    noAmendmentReason: parsed.no_amendment_reason ?? null,
    version: parsed.version,
  };
}

export const ProposalCommentSchema = z.object({ comment: requiredText(4000) });

/** An approved proposal left with no amendment: why none is needed (the alternative to a new amendment). */
export const NoAmendmentReasonSchema = z.object({ no_amendment_reason: requiredText(2000), version });

export const BULK_TRANSITIONS = ["approve", "return"] as const;
export type BulkTransition = (typeof BULK_TRANSITIONS)[number];

/** Most proposals one bulk review may move: a few pages of the list. */
export const BULK_LIMIT = 500;

/**
 * The ticked proposal codes: FormData gives every `code` (an array), react-hook-form a string for
 * one ticked box among several, an array for more and false for none.
 */
const proposalCodes = z.preprocess(
  (value) => (Array.isArray(value) ? value : typeof value === "string" ? [value] : []),
  z.array(z.string().trim().toUpperCase().max(30, "errors.too_long|max=30")).max(BULK_LIMIT, `workflow.errors.tooMany|max=${BULK_LIMIT}`),
);

export const BulkReviewSchema = z
  .object({
    code: proposalCodes,
    transition: choice(BULK_TRANSITIONS),
    decision: decisionId,
    comment: optionalText(2000),
    /** The filtered list to go back to. */
    redirectTo: z.string().optional(),
  })
  .superRefine((review, ctx) => {
    if (review.code.filter(Boolean).length === 0) ctx.addIssue({ code: "custom", path: ["code"], message: "workflow.errors.noneSelected" });
    if (review.transition === "approve" && review.decision === null) ctx.addIssue({ code: "custom", path: ["decision"], message: "errors.required" });
    if (review.transition === "return" && !review.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "errors.required" });
  });
export type BulkReviewInput = z.output<typeof BulkReviewSchema>;

/** The list's note after a bulk review: `?reviewed=3&review=approve`. */
export const BulkReviewNotice = z.object({
  reviewed: z.coerce.number().int().min(1).max(BULK_LIMIT).optional().catch(undefined),
  review: z.enum(BULK_TRANSITIONS).optional().catch(undefined),
});

/** Longest list address a bulk review goes back to: a longer one is no list of this site. */
const MAX_LIST_ADDRESS = 2000;

/**
 * The list a bulk review came from and goes back to, without an earlier review's note: a path of
 * the proposals list (read as a browser reads it, so it never leaves the site), else the list.
 */
export function bulkReviewListAddress(redirectTo: unknown): string {
  if (typeof redirectTo !== "string" || !redirectTo.startsWith("/")) return "/proposals";
  let url: URL;
  try {
    url = new URL(redirectTo, "http://list.invalid");
  } catch {
    return "/proposals";
  }
  if (url.origin !== "http://list.invalid" || url.pathname !== "/proposals") return "/proposals";
  url.searchParams.delete("reviewed");
  url.searchParams.delete("review");
  const address = `${url.pathname}${url.search}`;
  return address.length <= MAX_LIST_ADDRESS ? address : "/proposals";
}
