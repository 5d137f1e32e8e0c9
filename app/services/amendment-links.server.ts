import { mergedProvisions } from "~/domain/amendment";
import { inTransaction, type Executor } from "~/db.server";
import { ForbiddenError, InvalidError, NotFoundError, StaleVersionError } from "~/domain/errors";
import { can, canLink, type Actor } from "~/domain/permissions";
import {
  deleteProposalLink,
  findProposalToLink,
  getAmendmentProvisions,
  getAmendmentScope,
  getProposalLink,
  insertProposalLink,
  listProposalsToLink,
  setProposalLinkProvisions,
} from "~/models/amendment.server";
import { recordEvent } from "~/models/event.server";
import { updateVersioned } from "~/models/versioned.server";
import { refreshImplementation } from "./implementation.server";

// Which proposals an amendment carries out, and the provisions each needs amended: links and
// unlinks change both sides, so each checks both (canLink) and writes an event on each.

/**
 * Links proposals (by code) to an amendment; one "link" event on each newly linked proposal and
 * one on the amendment naming them, and their implementation progress recomputed. `provisions`,
 * when given, are the provisions of the document these proposals need amended (kept on each
 * link). The actor must be allowed to change the amendment and every proposal (canLink): a code
 * they may not link refuses them all. Call it inside the caller's transaction.
 */
export async function linkProposals(
  db: Executor,
  actor: Actor,
  amendmentId: number,
  codes: string[],
  provisions: string | null = null,
): Promise<number> {
  if (codes.length === 0) return 0;
  const amendment = await getAmendmentScope(db, amendmentId);
  if (!amendment) throw new NotFoundError("amendment", amendmentId);
  if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError("amendment:update");
  // each proposal with whether it is linked already (an amendment may carry thousands: only these)
  const proposals = await listProposalsToLink(db, amendmentId, codes);
  const missing = codes.filter((code) => !proposals.some((p) => p.code === code));
  if (missing.length) throw new InvalidError({ proposals: `errors.unknown_proposal|code=${missing.join(", ")}` });
  const refused = proposals.filter((proposal) => !canLink(actor, amendment, proposal));
  if (refused.length) throw new InvalidError({ proposals: `errors.proposal_not_allowed|code=${refused.map((p) => p.code).join(", ")}` });
  const fresh = proposals.filter((p) => p.linked === null);
  for (const proposal of fresh) {
    await insertProposalLink(db, { proposalId: proposal.id, amendmentId, provisions });
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "link",
      comment: `#${amendmentId}`,
    });
  }
  if (fresh.length) {
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: amendmentId,
      agencyId: amendment.agency_id,
      action: "link",
      comment: fresh.map((p) => p.code).join(", "),
    });
  }
  // only an approved proposal has implementation progress for a new link to move
  await refreshImplementation(db, fresh.filter((p) => p.status === "approved").map((p) => p.id));
  return fresh.length;
}

/**
 * Adds provisions to an amendment's list unless it already names them, by whoever may update the
 * amendment: one "update" event with before and after. Call it inside the caller's transaction.
 */
export async function addAmendmentProvisions(db: Executor, actor: Actor, amendmentId: number, provisions: string | null): Promise<void> {
  if (!provisions) return;
  const amendment = await getAmendmentProvisions(db, amendmentId);
  if (!amendment) throw new NotFoundError("amendment", amendmentId);
  if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError("amendment:update");
  const merged = mergedProvisions(amendment.provisions, provisions);
  if (merged === null) return;
  const saved = await updateVersioned(db, "amendments", amendment, { provisions: merged }, {
    actorId: actor.id,
    entityType: "amendment",
    entityId: amendment.id,
    agencyId: amendment.agency_id,
    action: "update",
    changes: { provisions: [amendment.provisions, merged] },
  });
  // read in this transaction, so no other write can come between
  if (!saved) throw new StaleVersionError(amendment.version, amendment.version + 1);
}

/**
 * Changes the provisions one linked proposal needs amended, by whoever may link it (canLink): on
 * the link (an "update" event on the proposal), and added to the amendment's own list when it
 * does not name them yet. Call it inside the caller's transaction.
 */
export async function setLinkProvisions(
  db: Executor,
  actor: Actor,
  link: { amendmentId: number; proposalId: number },
  provisions: string | null,
): Promise<void> {
  const current = await getProposalLink(db, link);
  if (!current) throw new NotFoundError("link", `${link.proposalId}/${link.amendmentId}`);
  if (!canLink(actor, { agency_id: current.amendment_agency_id }, current)) throw new ForbiddenError("proposal:link");
  if (current.provisions !== provisions) {
    await setProposalLinkProvisions(db, link, provisions);
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: link.proposalId,
      agencyId: current.agency_id,
      action: "update",
      comment: `#${link.amendmentId}`,
      changes: { provisions: [current.provisions, provisions] },
    });
  }
  await addAmendmentProvisions(db, actor, link.amendmentId, provisions);
}

/**
 * Links more proposals to an existing amendment, by whoever may update it and those proposals.
 * Linking only adds, so it is safe against concurrent edits and does not check or bump the version.
 */
export function linkProposalsToAmendment(executor: Executor, actor: Actor, amendmentId: number, codes: string[]): Promise<number> {
  return inTransaction(executor, async (db) => {
    const amendment = await getAmendmentScope(db, amendmentId);
    if (!amendment) throw new NotFoundError("amendment", amendmentId);
    if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError("amendment:update");
    if (codes.length === 0) throw new InvalidError({ proposals: "errors.required" });
    return linkProposals(db, actor, amendmentId, codes);
  });
}

/**
 * Takes a proposal off an amendment, by whoever may update the amendment and the proposal
 * (canLink): one "unlink" event on each side and the proposal's implementation progress
 * recomputed. False when it was not linked; a code no proposal has is not found (only a forged
 * or outdated button names one).
 */
export function unlinkProposal(executor: Executor, actor: Actor, amendmentId: number, code: string): Promise<boolean> {
  return inTransaction(executor, async (db) => {
    const amendment = await getAmendmentScope(db, amendmentId);
    if (!amendment) throw new NotFoundError("amendment", amendmentId);
    if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError("amendment:update");
    const proposal = await findProposalToLink(db, code);
    if (!proposal) throw new NotFoundError("proposal", code);
    if (!canLink(actor, amendment, proposal)) throw new ForbiddenError("proposal:link");
    if (!(await deleteProposalLink(db, { proposalId: proposal.id, amendmentId }))) return false;
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "unlink",
      comment: `#${amendmentId}`,
    });
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "amendment",
      entityId: amendmentId,
      agencyId: amendment.agency_id,
      action: "unlink",
      comment: proposal.code,
    });
    await refreshImplementation(db, [proposal.id]);
    return true;
  });
}
