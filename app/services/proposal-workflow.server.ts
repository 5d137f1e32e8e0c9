import { inTransaction, type Executor } from "~/db.server";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, StaleVersionError, checkVersion, found } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { canCommentOnProposal, canExplainNoAmendment, ruleOf, submitGaps, type WorkflowStep } from "~/domain/proposal-workflow";
import { getDecision } from "~/models/decision.server";
import { recordEvent } from "~/models/event.server";
import { findProposal, hasAmendmentLink, listProgressSources, listProposalsByCodes, type ProposalChanges } from "~/models/proposal.server";
import { updateVersioned } from "~/models/versioned.server";
import type { ProposalStatus } from "~/domain/vocabulary";
import type { BulkReviewInput } from "~/schemas/workflow";
import { refreshImplementation } from "./implementation.server";

export interface TransitionInput {
  comment?: string | null;
  decisionId?: number | null;
  /** Approve: overrides the due date the decision's timeline gives. */
  dueOn?: string | null;
  /** Submit: why no legal document needs amending, when none is linked. */
  noAmendmentReason?: string | null;
  version?: number;
}


/**
 * Moves a proposal along the workflow table of app/domain/proposal-workflow.ts: the one place
 * a proposal's status changes. Refuses with 403 (not this user's), 409 (not from this status,
 * or a stale version) or field errors (a missing comment, decision or submission detail).
 */
export function transitionProposal(
  executor: Executor,
  actor: Actor,
  code: string,
  transition: WorkflowStep,
  input: TransitionInput = {},
): Promise<void> {
  return inTransaction(executor, async (db) => {
    const proposal = found(await findProposal(db, code), "proposal", code);
    const rule = ruleOf(transition);
    if (!can(actor, rule.permission, proposal)) throw new ForbiddenError();
    checkVersion(input.version, proposal.version);
    if (!rule.from.includes(proposal.status)) throw new ConflictError(`errors.transition_not_allowed`);

    const comment = input.comment?.trim() || null;
    if (rule.requires.includes("comment") && !comment) throw new InvalidError({ comment: "errors.required" });

    const changes: Pick<ProposalChanges, "decision_id" | "due_on" | "no_amendment_reason"> = {};
    let eventComment = comment;
    if (transition === "submit" || transition === "record_approval") {
      const reason = input.noAmendmentReason?.trim() || proposal.no_amendment_reason;
      const gaps = submitGaps(proposal, reason, await hasAmendmentLink(db, proposal.id));
      if (Object.keys(gaps).length) throw new InvalidError(gaps);
      changes.no_amendment_reason = reason;
    }
    if (transition === "approve" || transition === "record_approval") {
      const decision = input.decisionId ? await getDecision(db, input.decisionId) : undefined;
      if (!decision) throw new InvalidError({ decision: input.decisionId ? "errors.unknown_decision" : "errors.required" });
      changes.decision_id = decision.id;
      changes.due_on = input.dueOn ?? decision.due_on ?? proposal.due_on;
      eventComment = [decision.number, comment].filter(Boolean).join(" — ");
    }
    // a reopened case goes back to review; its approval no longer stands
    if (transition === "reopen") changes.decision_id = null;

    const saved = await updateVersioned(db, "proposals", proposal, { ...changes, status: rule.to });
    if (!saved) throw new StaleVersionError(input.version, proposal.version);
    await refreshImplementation(db, [proposal.id]);
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "status",
      fromStatus: proposal.status,
      toStatus: rule.to,
      comment: eventComment,
    });
  });
}

export interface BulkFailure {
  code: string;
  /** An i18n key (with parameters) saying why this proposal could not move. */
  reason: string;
}

/** Raised to roll a bulk review back: it applies to all proposals or to none. Names each proposal that could not move. */
class BulkRefused extends ConflictError {
  constructor(public readonly failures: BulkFailure[]) {
    super(`workflow.bulk.refusedIntro|count=${failures.length}`);
    this.message = `Bulk review refused for ${failures.map((f) => f.code).join(", ")}`;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof InvalidError) return Object.values(error.errors)[0] ?? "errors.generic";
  if (error instanceof ConflictError) return error.reason;
  if (error instanceof ForbiddenError) return "pages.forbidden";
  if (error instanceof NotFoundError) return "pages.notFound";
  throw error;
}

/** Approves (under one decision) or returns (with one comment) many submitted proposals at once. */
export function bulkReview(
  executor: Executor,
  actor: Actor,
  codes: readonly string[],
  transition: "approve" | "return",
  input: Pick<TransitionInput, "comment" | "decisionId">,
): Promise<number> {
  return inTransaction(executor, async (db) => {
    const failures: BulkFailure[] = [];
    const unique = [...new Set(codes)];
    for (const code of unique) {
      try {
        await transitionProposal(db, actor, code, transition, input);
      } catch (error) {
        failures.push({ code, reason: reasonOf(error) });
      }
    }
    if (failures.length) throw new BulkRefused(failures);
    return unique.length;
  });
}

/** A bulk review as its page tells it: how many moved, or (none moved) each proposal that could not, with its title and status. */
export type BulkReviewOutcome =
  | { reviewed: number; failures?: undefined }
  | { reviewed?: undefined; failures: (BulkFailure & { title: string | null; status: ProposalStatus | null })[] };

/** The list page's bulk review: all ticked proposals move, or none does and the refusal names them. */
export async function reviewProposals(executor: Executor, actor: Actor, input: BulkReviewInput): Promise<BulkReviewOutcome> {
  try {
    const reviewed = await bulkReview(executor, actor, input.code, input.transition, { decisionId: input.decision, comment: input.comment });
    return { reviewed };
  } catch (error) {
    if (!(error instanceof BulkRefused)) throw error;
    const proposals = await listProposalsByCodes(executor, error.failures.map((failure) => failure.code));
    return {
      failures: error.failures.map((failure) => {
        const proposal = proposals.find((p) => p.code === failure.code);
        return { ...failure, title: proposal?.title ?? null, status: proposal?.status ?? null };
      }),
    };
  }
}

/** A comment on a proposal (the reviewer's note, the officer's reply): history only. */
export function commentOnProposal(executor: Executor, actor: Actor, code: string, comment: string): Promise<void> {
  return inTransaction(executor, async (db) => {
    const proposal = found(await findProposal(db, code), "proposal", code);
    if (!canCommentOnProposal(actor, proposal)) throw new ForbiddenError();
    if (!comment.trim()) throw new InvalidError({ comment: "errors.required" });
    await recordEvent(db, { actorId: actor.id, entityType: "proposal", entityId: proposal.id, agencyId: proposal.agency_id, action: "comment", comment: comment.trim() });
  });
}

/**
 * Records why an approved proposal left with no amendment (its amendments cancelled or
 * unlinked) needs none, which implements it: the other way out of "needs a new amendment or a
 * reason", beside creating or linking a new amendment. One "update" event with the reason and
 * the progress it moved; refused (409) for a proposal in any other state.
 */
export function explainNoAmendment(executor: Executor, actor: Actor, code: string, reason: string, expectedVersion?: number): Promise<void> {
  return inTransaction(executor, async (db) => {
    const proposal = found(await findProposal(db, code), "proposal", code);
    if (!canExplainNoAmendment(actor, proposal)) throw new ForbiddenError();
    checkVersion(expectedVersion, proposal.version);
    if (proposal.status !== "approved" || proposal.implementation_progress !== "needs_amendment") {
      throw new ConflictError("workflow.errors.amendmentNotMissing");
    }
    const text = reason.trim();
    if (!text) throw new InvalidError({ no_amendment_reason: "errors.required" });
    const saved = await updateVersioned(db, "proposals", proposal, { no_amendment_reason: text });
    if (!saved) throw new StaleVersionError(expectedVersion, proposal.version);
    await refreshImplementation(db, [proposal.id]);
    const [after] = await listProgressSources(db, [proposal.id]);
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "update",
      changes: {
        no_amendment_reason: [proposal.no_amendment_reason, text],
        implementation_progress: [proposal.implementation_progress, after?.implementation_progress ?? null],
      },
    });
  });
}
