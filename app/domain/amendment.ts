import { isIsoDate } from "./dates";
import { foldVietnamese } from "./text";
import { can, type Actor, type AgencyScoped } from "./permissions";
import type { AmendmentForm, AmendmentStage, DocumentStatus } from "./vocabulary";

// When an amendment is late. The one definition: the list filter in
// app/models/amendment.server.ts builds its SQL from CLOSED_AMENDMENT_STAGES.

/** Stages that end the work: nothing is late once the amending document is in force or the task is cancelled. */
export const CLOSED_AMENDMENT_STAGES = ["in_force", "cancelled"] as const satisfies readonly AmendmentStage[];

export function isAmendmentClosed(stage: AmendmentStage): boolean {
  return (CLOSED_AMENDMENT_STAGES as readonly AmendmentStage[]).includes(stage);
}

/** Overdue: a deadline before today (Vietnam time, see todayIso) and the work not ended. */
export function isAmendmentOverdue(stage: AmendmentStage, deadline: string | null, today: string): boolean {
  return deadline !== null && deadline < today && !isAmendmentClosed(stage);
}

/** Whole days from one ISO date to a later one (0 when not later or not dates). */
export function daysLate(deadline: string | null, today: string): number {
  if (deadline === null || !isIsoDate(deadline) || !isIsoDate(today) || deadline >= today) return 0;
  // Date.UTC counts calendar days without any time zone getting in the way.
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((day(today) - day(deadline)) / 86_400_000);
}

/** The pipeline in order; cancelled stands outside it. */
export const STAGE_ORDER = ["not_started", "drafting", "consultation", "appraisal", "submitted", "promulgated", "in_force"] as const satisfies readonly AmendmentStage[];

export type StageMove =
  | { kind: "forward" }
  | { kind: "backward" }
  | { kind: "cancel" }
  | { kind: "reopen" }
  | { kind: "none" };

/**
 * What moving from one stage to another means. Forward by any number of stages is the
 * simplified procedure (trình tự rút gọn); everything else needs a reason.
 */
export function classifyStageMove(from: AmendmentStage, to: AmendmentStage): StageMove {
  if (from === to) return { kind: "none" };
  if (to === "cancelled") return { kind: "cancel" };
  if (from === "cancelled") return { kind: "reopen" };
  return STAGE_ORDER.indexOf(to) > STAGE_ORDER.indexOf(from) ? { kind: "forward" } : { kind: "backward" };
}

/** Whether a move needs a written reason: going back, cancelling, or reviving a cancelled task. */
export function stageMoveNeedsReason(from: AmendmentStage, to: AmendmentStage): boolean {
  const { kind } = classifyStageMove(from, to);
  return kind === "backward" || kind === "cancel" || kind === "reopen";
}

/**
 * The status a target document takes from those of its amendments that are in force: repealed
 * once a repeal is, amended once any other is, in force when none is (any longer).
 */
export function targetDocumentStatus(inForceForms: readonly AmendmentForm[]): DocumentStatus {
  if (inForceForms.includes("repeal")) return "repealed";
  return inForceForms.length > 0 ? "amended" : "in_force";
}

/**
 * The stage an amendment with its amending document recorded is at: in force once that
 * document's effective date has come (today in Vietnam), promulgated until then or while the
 * date is unknown. Saves (moveAmendmentStage) and the daily job (applyEffectiveDates) both use it.
 */
export function stageOnEffectiveDate(effectiveOn: string | null, today: string): "promulgated" | "in_force" {
  return effectiveOn !== null && effectiveOn <= today ? "in_force" : "promulgated";
}

/**
 * A register document's status as its effective date makes it: not yet in force until that day,
 * in force from it. A document amended or repealed, or without a known date, keeps its status.
 */
export function documentStatusOnDate(status: DocumentStatus, effectiveOn: string | null, today: string): DocumentStatus {
  if (effectiveOn === null || (status !== "in_force" && status !== "not_yet_in_force")) return status;
  return effectiveOn <= today ? "in_force" : "not_yet_in_force";
}

/**
 * Who may comment on an amendment (the secretariat's note, the ministry's reply): whoever may
 * update it, and the reviewers of any agency's work.
 */
export function canCommentOnAmendment(actor: Actor | null | undefined, amendment: AgencyScoped): boolean {
  return can(actor, "amendment:update", amendment) || can(actor, "proposal:review");
}

/**
 * An amendment's provisions with `provisions` added ("Điều 5; Điều 7"), or null when they already
 * name it (compared folded, so "điều 5" is "Điều 5").
 */
export function mergedProvisions(current: string | null, provisions: string): string | null {
  if (current && foldVietnamese(current).includes(foldVietnamese(provisions))) return null;
  return current ? `${current}; ${provisions}` : provisions;
}
