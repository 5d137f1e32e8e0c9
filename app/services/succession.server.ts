import { inTransaction, type Executor } from "~/db.server";
import { isoDate } from "~/domain/dates";
import { can, type Actor } from "~/domain/permissions";
import type { SuccessionScope } from "~/domain/vocabulary";
import { getAgencyByCode } from "~/models/agency.server";
import { recordEvent } from "~/models/event.server";
import { deleteUserSessions } from "~/models/session.server";
import {
  insertSuccession,
  listAgencyUsers,
  listOpenAmendments,
  listOpenProposals,
  successionExists,
  type OpenAmendment,
  type OpenProposal,
} from "~/models/succession.server";
import { updateVersioned } from "~/models/versioned.server";
import type { Agency } from "../../db/types";
import { ForbiddenError, InvalidError, StaleVersionError } from "~/domain/errors";

// the seed lists what a succession moves as the page does
export { listOpenAmendments, listOpenProposals };

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
      if (await successionExists(db, predecessor.id, agency.id)) errors[field] = "errors.succession_exists";
      seen.add(agency.id);
      successors.push({ agency, scope, functions });
    }
  }
  if (Object.keys(errors).length) throw new InvalidError(errors);

  const [proposals, amendments, users] = await Promise.all([
    listOpenProposals(db, predecessor.id),
    listOpenAmendments(db, predecessor.id),
    listAgencyUsers(db, predecessor.id),
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

    for (const successor of plan.successors) {
      await insertSuccession(db, {
        predecessorId: predecessor.id,
        successorId: successor.agency.id,
        effectiveOn: plan.effectiveOn,
        scope: successor.scope,
        functions: successor.functions,
      });
    }
    // the records were read in this transaction: none can have moved on since
    const write = async (written: Promise<boolean>, record: { version: number }) => {
      if (!(await written)) throw new StaleVersionError(record.version, record.version + 1);
    };

    const moved = { proposals: 0, amendments: 0 };
    for (const proposal of proposalMoves) {
      if (proposal.to === predecessor.code) continue;
      const event = { actorId: actor.id, entityType: "proposal" as const, entityId: proposal.id, agencyId: predecessor.id, action: "merge", fromStatus: predecessor.code, toStatus: proposal.to };
      await write(updateVersioned(db, "proposals", proposal, { agency_id: ids.get(proposal.to)! }, event), proposal);
      moved.proposals++;
    }
    for (const amendment of amendmentMoves) {
      if (amendment.to === predecessor.code) continue;
      const event = { actorId: actor.id, entityType: "amendment" as const, entityId: amendment.id, agencyId: predecessor.id, action: "merge", fromStatus: predecessor.code, toStatus: amendment.to };
      await write(updateVersioned(db, "amendments", amendment, { agency_id: ids.get(amendment.to)! }, event), amendment);
      moved.amendments++;
    }

    let movedUsers = 0;
    let deactivatedUsers = 0;
    const main = plan.successors[0];
    if (!plan.continues && main) {
      for (const user of await listAgencyUsers(db, predecessor.id)) {
        if (input.users === "move") {
          const event = { actorId: actor.id, entityType: "user" as const, entityId: user.id, agencyId: predecessor.id, action: "merge", fromStatus: predecessor.code, toStatus: main.agency.code };
          await write(updateVersioned(db, "users", user, { agency_id: main.agency.id }, event), user);
          movedUsers++;
        } else if (user.active === 1) {
          await write(updateVersioned(db, "users", user, { active: 0 }), user);
          await deleteUserSessions(db, user.id);
          await recordEvent(db, { actorId: actor.id, entityType: "user", entityId: user.id, agencyId: predecessor.id, action: "deactivate", fromStatus: predecessor.code });
          deactivatedUsers++;
        }
      }
      // its merge event below holds the last day
      await write(updateVersioned(db, "agencies", predecessor, { active_to: plan.lastDay }), predecessor);
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
