import type { ExpressionBuilder } from "kysely";
import { endUserSessions } from "~/auth/session.server";
import { inTransaction, type Executor } from "~/db.server";
import { isoDate } from "~/domain/dates";
import { can, type Actor } from "~/domain/permissions";
import type { SuccessionScope } from "~/domain/vocabulary";
import { getAgencyByCode } from "~/models/agency.server";
import { recordEvent } from "~/models/event.server";
import type { Agency, DB } from "../../db/types";
import { ForbiddenError, InvalidError } from "~/domain/errors";

// Agencies merge, split and hand functions over (DOMAIN.md, "Agencies change"). The open cases
// follow the work to a successor; closed ones, history (events.agency_id) and every record's
// original agency stay as they were, so past reports still show the agency of the time.

export interface SuccessionPlanInput {
  predecessor: string;
  /** The first day the successors are in charge; the predecessor's last day is the day before. */
  effectiveOn: string;
  /**
   * The successor that takes the predecessor over, or null when the predecessor continues and
   * only hands some functions to the partial successors.
   */
  main: string | null;
  /** Successors that take over some functions, and which. */
  partials: { code: string; functions: string | null }[];
}

export interface SuccessionInput extends SuccessionPlanInput {
  /**
   * Where each open record goes (agency code by record id). A record not named goes to the main
   * successor, or stays with a predecessor that continues.
   */
  destinations?: { proposals?: Record<number, string>; amendments?: Record<number, string> };
  /** The predecessor's users, when it ends: moved to the main successor or deactivated. */
  users?: "move" | "deactivate";
}

export interface PlannedSuccessor {
  agency: Agency;
  scope: SuccessionScope;
  functions: string | null;
}

export interface SuccessionPlan {
  predecessor: Agency;
  effectiveOn: string;
  /** The predecessor's last day; null when it continues. */
  lastDay: string | null;
  continues: boolean;
  /** The main successor first, then the partial ones in the order given. */
  successors: PlannedSuccessor[];
  /** Where a record goes unless chosen otherwise: the main successor, or the continuing predecessor. */
  defaultDestination: string;
  /** The codes a record may go to. */
  destinations: string[];
  proposals: OpenProposal[];
  amendments: OpenAmendment[];
  /** The predecessor's users: all of them, and how many are active. */
  userCount: number;
  activeUserCount: number;
}

export interface SuccessionResult {
  movedProposals: number;
  movedAmendments: number;
  movedUsers: number;
  deactivatedUsers: number;
}

/** The day before an ISO date. */
export function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) ?? iso;
}

/**
 * A proposal still being worked on: in review, or approved and not yet implemented. One
 * definition for what the admin is shown and what moves.
 */
function isOpenProposal(eb: ExpressionBuilder<DB, "proposals">) {
  return eb.or([
    eb("proposals.status", "in", ["draft", "submitted", "returned"]),
    eb.and([
      eb("proposals.status", "=", "approved"),
      eb.or([eb("proposals.implementation_progress", "is", null), eb("proposals.implementation_progress", "!=", "implemented")]),
    ]),
  ]);
}

function isOpenAmendment(eb: ExpressionBuilder<DB, "amendments">) {
  return eb("amendments.stage", "not in", ["in_force", "cancelled"]);
}

/** An agency's open proposals, in code order, as the succession page lists them. */
export function listOpenProposals(db: Executor, agencyId: number) {
  return db
    .selectFrom("proposals")
    .select(["proposals.id", "proposals.code", "proposals.title", "proposals.status", "proposals.implementation_progress", "proposals.due_on", "proposals.version"])
    .where("proposals.agency_id", "=", agencyId)
    .where(isOpenProposal)
    .orderBy("proposals.code")
    .execute();
}
export type OpenProposal = Awaited<ReturnType<typeof listOpenProposals>>[number];

/** An agency's open amendments, by document number, with the proposals they carry. */
export async function listOpenAmendments(db: Executor, agencyId: number) {
  const rows = await db
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select([
      "amendments.id",
      "amendments.stage",
      "amendments.provisions",
      "amendments.deadline",
      "amendments.version",
      "legal_documents.number as document_number",
      "amending.effective_on as amending_effective_on",
    ])
    .where("amendments.agency_id", "=", agencyId)
    .where(isOpenAmendment)
    .orderBy("legal_documents.number_key")
    .orderBy("amendments.id")
    .execute();
  const links = rows.length
    ? await db
        .selectFrom("proposal_amendments")
        .innerJoin("proposals", "proposals.id", "proposal_amendments.proposal_id")
        .select(["proposal_amendments.amendment_id", "proposals.code"])
        .where(
          "proposal_amendments.amendment_id",
          "in",
          rows.map((row) => row.id),
        )
        .orderBy("proposals.code")
        .execute()
    : [];
  return rows.map((row) => ({ ...row, proposal_codes: links.filter((link) => link.amendment_id === row.id).map((link) => link.code) }));
}
export type OpenAmendment = Awaited<ReturnType<typeof listOpenAmendments>>[number];

/** A successor must exist on the effective date: begun by then and not yet ended. */
function activeOn(agency: Agency, day: string): boolean {
  return (agency.active_from === null || agency.active_from <= day) && (agency.active_to === null || agency.active_to >= day);
}

/**
 * Checks a succession before anything is written and says what it would do: the successors
 * with their scopes (full when the main successor is the only one, main beside partial ones,
 * partial for a handover of functions), the open records that would move and the users.
 * Refusals are field errors: predecessor, effective_on, main, partials.<index>.
 */
export async function planSuccession(db: Executor, actor: Actor, input: SuccessionPlanInput): Promise<SuccessionPlan> {
  if (!can(actor, "agency:succession")) throw new ForbiddenError();
  const predecessor = await getAgencyByCode(db, input.predecessor);
  if (!predecessor) throw new InvalidError({ predecessor: "errors.unknown_agency" });
  // an agency whose last day is recorded has already been merged away
  if (predecessor.active_to !== null) throw new InvalidError({ predecessor: "errors.agency_inactive" });
  const errors: Record<string, string> = {};
  if (predecessor.active_from !== null && input.effectiveOn <= predecessor.active_from) {
    errors.effective_on = "errors.succession_before_start";
  }

  const continues = input.main === null;
  if (continues && input.partials.length === 0) errors.main = "errors.one_main_successor";
  const named: { field: string; code: string; scope: SuccessionScope; functions: string | null }[] = [];
  if (input.main !== null) {
    named.push({ field: "main", code: input.main, scope: input.partials.length ? "main" : "full", functions: null });
  }
  input.partials.forEach((partial, index) => named.push({ field: `partials.${index}`, ...partial, scope: "partial" }));

  const successors: PlannedSuccessor[] = [];
  const seen = new Set<number>();
  for (const { field, code, scope, functions } of named) {
    const agency = await getAgencyByCode(db, code);
    if (!agency) errors[field] = "errors.unknown_agency";
    else if (agency.id === predecessor.id) errors[field] = "errors.successor_is_predecessor";
    else if (seen.has(agency.id)) errors[field] = "errors.duplicate_successor";
    else if (!activeOn(agency, input.effectiveOn)) errors[field] = "errors.agency_inactive";
    else {
      const recorded = await db
        .selectFrom("agency_successions")
        .select("id")
        .where("predecessor_id", "=", predecessor.id)
        .where("successor_id", "=", agency.id)
        .executeTakeFirst();
      if (recorded) errors[field] = "errors.succession_exists";
      seen.add(agency.id);
      successors.push({ agency, scope, functions });
    }
  }
  if (Object.keys(errors).length) throw new InvalidError(errors);

  const [proposals, amendments, users] = await Promise.all([
    listOpenProposals(db, predecessor.id),
    listOpenAmendments(db, predecessor.id),
    db.selectFrom("users").select("active").where("agency_id", "=", predecessor.id).execute(),
  ]);
  const destinations = successors.map((s) => s.agency.code);
  return {
    predecessor,
    effectiveOn: input.effectiveOn,
    lastDay: continues ? null : dayBefore(input.effectiveOn),
    continues,
    successors,
    defaultDestination: continues ? predecessor.code : (destinations[0] ?? predecessor.code),
    destinations: continues ? [predecessor.code, ...destinations] : destinations,
    proposals,
    amendments,
    userCount: users.length,
    activeUserCount: users.filter((user) => user.active === 1).length,
  };
}

/**
 * Records that an agency was merged into or split among successors, or handed some functions
 * over: the succession rows, its open proposals and amendments moved (each where the admin
 * chose, by default to the main successor) with one "merge" event each under the predecessor,
 * its users moved or deactivated, and its last day. All in one transaction.
 */
export function recordSuccession(executor: Executor, actor: Actor, input: SuccessionInput): Promise<SuccessionResult> {
  if (!can(actor, "agency:succession")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const plan = await planSuccession(db, actor, input);
    const { predecessor } = plan;
    if (!plan.continues && !input.users) throw new InvalidError({ users: "errors.required" });

    const ids = new Map<string, number>([[predecessor.code, predecessor.id], ...plan.successors.map((s) => [s.agency.code, s.agency.id] as const)]);
    const errors: Record<string, string> = {};
    const destinationOf = (field: string, chosen: string | undefined): string => {
      const code = chosen?.trim().toUpperCase() || plan.defaultDestination;
      if (!plan.destinations.includes(code)) errors[field] = "errors.destination_not_successor";
      return code;
    };
    const proposalMoves = plan.proposals.map((p) => ({ ...p, to: destinationOf(`proposal_${p.id}`, input.destinations?.proposals?.[p.id]) }));
    const amendmentMoves = plan.amendments.map((a) => ({ ...a, to: destinationOf(`amendment_${a.id}`, input.destinations?.amendments?.[a.id]) }));
    if (Object.keys(errors).length) throw new InvalidError(errors);

    const now = new Date().toISOString();
    for (const successor of plan.successors) {
      await db
        .insertInto("agency_successions")
        .values({
          predecessor_id: predecessor.id,
          successor_id: successor.agency.id,
          effective_on: plan.effectiveOn,
          scope: successor.scope,
          functions: successor.functions,
        })
        .execute();
    }

    const moved = { proposals: 0, amendments: 0 };
    for (const proposal of proposalMoves) {
      if (proposal.to === predecessor.code) continue;
      await db
        .updateTable("proposals")
        .set({ agency_id: ids.get(proposal.to)!, updated_at: now, version: proposal.version + 1 })
        .where("id", "=", proposal.id)
        .execute();
      await recordEvent(db, {
        actorId: actor.id,
        entityType: "proposal",
        entityId: proposal.id,
        agencyId: predecessor.id,
        action: "merge",
        fromStatus: predecessor.code,
        toStatus: proposal.to,
      });
      moved.proposals++;
    }
    for (const amendment of amendmentMoves) {
      if (amendment.to === predecessor.code) continue;
      await db
        .updateTable("amendments")
        .set({ agency_id: ids.get(amendment.to)!, updated_at: now, version: amendment.version + 1 })
        .where("id", "=", amendment.id)
        .execute();
      await recordEvent(db, {
        actorId: actor.id,
        entityType: "amendment",
        entityId: amendment.id,
        agencyId: predecessor.id,
        action: "merge",
        fromStatus: predecessor.code,
        toStatus: amendment.to,
      });
      moved.amendments++;
    }

    let movedUsers = 0;
    let deactivatedUsers = 0;
    const main = plan.successors[0];
    if (!plan.continues && main) {
      const users = await db.selectFrom("users").select(["id", "version", "active"]).where("agency_id", "=", predecessor.id).execute();
      for (const user of users) {
        if (input.users === "move") {
          await db.updateTable("users").set({ agency_id: main.agency.id, updated_at: now, version: user.version + 1 }).where("id", "=", user.id).execute();
          await recordEvent(db, { actorId: actor.id, entityType: "user", entityId: user.id, agencyId: predecessor.id, action: "merge", fromStatus: predecessor.code, toStatus: main.agency.code });
          movedUsers++;
        } else if (user.active === 1) {
          await db.updateTable("users").set({ active: 0, updated_at: now, version: user.version + 1 }).where("id", "=", user.id).execute();
          await endUserSessions(db, user.id);
          await recordEvent(db, { actorId: actor.id, entityType: "user", entityId: user.id, agencyId: predecessor.id, action: "deactivate", fromStatus: predecessor.code });
          deactivatedUsers++;
        }
      }
      await db
        .updateTable("agencies")
        .set({ active_to: plan.lastDay, updated_at: now, version: predecessor.version + 1 })
        .where("id", "=", predecessor.id)
        .execute();
    }

    const successorCodes = plan.successors.map((s) => s.agency.code).join(", ");
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "agency",
      entityId: predecessor.id,
      agencyId: predecessor.id,
      action: "merge",
      fromStatus: predecessor.code,
      toStatus: successorCodes,
      changes: plan.lastDay ? { active_to: [null, plan.lastDay] } : null,
    });
    for (const successor of plan.successors) {
      await recordEvent(db, {
        actorId: actor.id,
        entityType: "agency",
        entityId: successor.agency.id,
        agencyId: successor.agency.id,
        action: "merge",
        fromStatus: predecessor.code,
        toStatus: successor.agency.code,
        comment: successor.functions,
      });
    }
    return { movedProposals: moved.proposals, movedAmendments: moved.amendments, movedUsers, deactivatedUsers };
  });
}
