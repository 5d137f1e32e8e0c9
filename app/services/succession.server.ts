import type { SessionUser } from "~/auth/session.server";
import { endUserSessions } from "~/auth/session.server";
import { inTransaction, type Executor } from "~/db.server";
import { isoDate } from "~/domain/dates";
import { can } from "~/domain/permissions";
import type { SuccessionScope } from "~/domain/vocabulary";
import { forbidden } from "~/http.server";
import { getAgencyByCode } from "~/models/agency.server";
import { recordEvent } from "~/models/event.server";
import { FormError } from "./errors";

type Actor = Pick<SessionUser, "id" | "role" | "agency_id">;

export interface SuccessionInput {
  predecessor: string;
  /** The first day the successors are in charge; the predecessor's last day is the day before. */
  effectiveOn: string;
  successors: { code: string; scope: SuccessionScope; functions: string | null }[];
  /** Where each open record goes, by id; a record not named goes to the main successor. */
  destinations?: { proposals?: Record<number, string>; amendments?: Record<number, string> };
  users: "move" | "deactivate";
}

export interface SuccessionResult {
  movedProposals: number;
  movedAmendments: number;
  movedUsers: number;
  deactivatedUsers: number;
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) ?? iso;
}

/**
 * Records that an agency was merged into or split among successors: its open proposals and
 * amendments move (each to the successor chosen for it, by default the main one), its users
 * move or are deactivated, and it becomes inactive. Closed records, history and every
 * record's original agency stay as they were.
 */
export function recordSuccession(executor: Executor, actor: Actor, input: SuccessionInput): Promise<SuccessionResult> {
  if (!can(actor, "agency:succession")) forbidden();
  return inTransaction(executor, async (db) => {
    const predecessor = await getAgencyByCode(db, input.predecessor);
    if (!predecessor) throw new FormError({ predecessor: "errors.unknown_agency" });
    if (predecessor.active_to && predecessor.active_to < input.effectiveOn) {
      throw new FormError({ predecessor: "errors.agency_inactive" });
    }
    const successors = input.successors.map((s) => ({ ...s, code: s.code.trim().toUpperCase() }));
    if (successors.length === 0) throw new FormError({ successors: "errors.required" });
    const mains = successors.filter((s) => s.scope !== "partial");
    if (mains.length !== 1 || (mains[0]!.scope === "full" && successors.length > 1)) {
      throw new FormError({ successors: "errors.one_main_successor" });
    }
    const successorIds = new Map<string, number>();
    for (const successor of successors) {
      const agency = await getAgencyByCode(db, successor.code);
      if (!agency) throw new FormError({ successors: "errors.unknown_agency" });
      if (agency.id === predecessor.id || successorIds.has(successor.code)) throw new FormError({ successors: "errors.invalid_choice" });
      successorIds.set(successor.code, agency.id);
    }
    const mainId = successorIds.get(mains[0]!.code)!;
    const destination = (chosen: string | undefined): number => {
      if (!chosen) return mainId;
      const id = successorIds.get(chosen.trim().toUpperCase());
      if (id === undefined) throw new FormError({ destinations: "errors.destination_not_successor" });
      return id;
    };

    for (const successor of successors) {
      const successorId = successorIds.get(successor.code)!;
      const exists = await db
        .selectFrom("agency_successions")
        .select("id")
        .where("predecessor_id", "=", predecessor.id)
        .where("successor_id", "=", successorId)
        .executeTakeFirst();
      if (exists) throw new FormError({ successors: "errors.succession_exists" });
      await db
        .insertInto("agency_successions")
        .values({
          predecessor_id: predecessor.id,
          successor_id: successorId,
          effective_on: input.effectiveOn,
          scope: successor.scope,
          functions: successor.functions,
        })
        .execute();
    }

    const now = new Date().toISOString();
    const codeOf = new Map([...successorIds].map(([code, id]) => [id, code]));
    const openProposals = await db
      .selectFrom("proposals")
      .select(["id", "version"])
      .where("agency_id", "=", predecessor.id)
      .where((eb) =>
        eb.or([
          eb("status", "in", ["draft", "submitted", "returned"]),
          eb.and([eb("status", "=", "approved"), eb("implementation_progress", "is distinct from", "implemented")]),
        ]),
      )
      .execute();
    for (const proposal of openProposals) {
      const to = destination(input.destinations?.proposals?.[proposal.id]);
      await db.updateTable("proposals").set({ agency_id: to, updated_at: now, version: proposal.version + 1 }).where("id", "=", proposal.id).execute();
      await recordEvent(db, {
        actorId: actor.id,
        entityType: "proposal",
        entityId: proposal.id,
        agencyId: predecessor.id,
        action: "merge",
        fromStatus: predecessor.code,
        toStatus: codeOf.get(to)!,
      });
    }

    const openAmendments = await db
      .selectFrom("amendments")
      .select(["id", "version"])
      .where("agency_id", "=", predecessor.id)
      .where("stage", "not in", ["in_force", "cancelled"])
      .execute();
    for (const amendment of openAmendments) {
      const to = destination(input.destinations?.amendments?.[amendment.id]);
      await db.updateTable("amendments").set({ agency_id: to, updated_at: now, version: amendment.version + 1 }).where("id", "=", amendment.id).execute();
      await recordEvent(db, {
        actorId: actor.id,
        entityType: "amendment",
        entityId: amendment.id,
        agencyId: predecessor.id,
        action: "merge",
        fromStatus: predecessor.code,
        toStatus: codeOf.get(to)!,
      });
    }

    const users = await db.selectFrom("users").select(["id", "version", "active"]).where("agency_id", "=", predecessor.id).execute();
    let movedUsers = 0;
    let deactivatedUsers = 0;
    for (const user of users) {
      if (input.users === "move") {
        await db.updateTable("users").set({ agency_id: mainId, updated_at: now, version: user.version + 1 }).where("id", "=", user.id).execute();
        movedUsers++;
      } else if (user.active === 1) {
        await db.updateTable("users").set({ active: 0, updated_at: now, version: user.version + 1 }).where("id", "=", user.id).execute();
        await endUserSessions(db, user.id);
        deactivatedUsers++;
      } else continue;
      await recordEvent(db, {
        actorId: actor.id,
        entityType: "user",
        entityId: user.id,
        agencyId: predecessor.id,
        action: input.users === "move" ? "merge" : "deactivate",
        fromStatus: predecessor.code,
        toStatus: input.users === "move" ? codeOf.get(mainId)! : null,
      });
    }

    await db
      .updateTable("agencies")
      .set({ active_to: dayBefore(input.effectiveOn), updated_at: now, version: predecessor.version + 1 })
      .where("id", "=", predecessor.id)
      .execute();
    await recordEvent(db, {
      actorId: actor.id,
      entityType: "agency",
      entityId: predecessor.id,
      agencyId: predecessor.id,
      action: "merge",
      fromStatus: predecessor.code,
      toStatus: successors.map((s) => s.code).join(", "),
      comment: `${input.effectiveOn}: ${openProposals.length} / ${openAmendments.length}`,
    });
    return { movedProposals: openProposals.length, movedAmendments: openAmendments.length, movedUsers, deactivatedUsers };
  });
}
