import { hashPassword } from "~/auth/password.server";
import { inTransaction, type Executor } from "~/db.server";
import { can, type Actor } from "~/domain/permissions";
import { getAgencyByCode, isAgencyActive, listAgencies } from "~/models/agency.server";
import { recordEvent } from "~/models/event.server";
import { deleteUserSessions } from "~/models/session.server";
import { findUserByEmail, getUser, insertUser, listUsers } from "~/models/user.server";
import { updateVersioned } from "~/models/versioned.server";
import type { UserInput } from "~/schemas/user";
import { ForbiddenError, InvalidError, NotFoundError, StaleVersionError, found } from "~/domain/errors";

/**
 * Creates a user. `actor` is null only for the command line and the demo seed, which run with
 * the machine owner's authority. `hash` replaces hashPassword for callers creating many accounts
 * with one password (sharedPasswordHasher).
 */
export async function createUser(
  executor: Executor,
  actor: Actor | null,
  input: UserInput,
  options: { hash?: (password: string) => Promise<string> } = {},
): Promise<number> {
  if (actor && !can(actor, "user:manage")) throw new ForbiddenError();
  const passwordHash = await (options.hash ?? hashPassword)(input.password);
  return inTransaction(executor, async (db) => {
    if (await findUserByEmail(db, input.email)) throw new InvalidError({ email: "errors.duplicate_email" });
    const agency = input.agency ? await getAgencyByCode(db, input.agency) : null;
    if (input.agency && !agency) throw new InvalidError({ agency: "errors.unknown_agency" });
    const id = await insertUser(db, {
      email: input.email,
      name: input.name,
      role: input.role,
      // only officers act for an agency; other roles span them all
      agencyId: input.role === "officer" ? (agency?.id ?? null) : null,
      passwordHash,
    });
    await recordEvent(db, { actorId: actor?.id ?? null, entityType: "user", entityId: id, agencyId: agency?.id ?? null, action: "create", toStatus: input.role });
    return id;
  });
}

/** Deactivating a user ends every session they have, at once. */
export function setUserActive(executor: Executor, actor: Actor, userId: number, active: boolean): Promise<void> {
  if (!can(actor, "user:manage")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const user = await getUser(db, userId);
    if (!user) throw new NotFoundError("user");
    if (user.id === actor.id && !active) throw new InvalidError({ _form: "errors.cannot_deactivate_self" });
    if ((user.active === 1) === active) return;
    const event = { actorId: actor.id, entityType: "user" as const, entityId: userId, agencyId: user.agency_id, action: active ? "activate" : "deactivate" };
    if (!(await updateVersioned(db, "users", user, { active: active ? 1 : 0 }, event))) throw new StaleVersionError(user.version, user.version + 1);
    if (!active) await deleteUserSessions(db, userId);
  });
}

/** A new password ends the user's sessions, so a leaked one stops working everywhere. */
export async function resetPassword(executor: Executor, actor: Actor, userId: number, password: string): Promise<void> {
  if (!can(actor, "user:manage")) throw new ForbiddenError();
  const passwordHash = await hashPassword(password);
  return inTransaction(executor, async (db) => {
    const user = await getUser(db, userId);
    if (!user) throw new NotFoundError("user");
    const event = { actorId: actor.id, entityType: "user" as const, entityId: userId, agencyId: user.agency_id, action: "password_reset" };
    if (!(await updateVersioned(db, "users", user, { password_hash: passwordHash }, event))) throw new StaleVersionError(user.version, user.version + 1);
    await deleteUserSessions(db, userId);
  });
}

/** The user an admin acts on (deactivate, activate, reset): who it is, or NotFoundError. */
export async function getManagedUser(db: Executor, actor: Actor, userId: number): Promise<{ id: number; email: string }> {
  if (!can(actor, "user:manage")) throw new ForbiddenError("user:manage");
  const user = found(await getUser(db, userId), "user", userId);
  return { id: user.id, email: user.email };
}

/** The users page: every user with their agency, and the agencies still working a new user may belong to. */
export async function readUsers(db: Executor, actor: Actor) {
  if (!can(actor, "user:manage")) throw new ForbiddenError("user:manage");
  const [users, agencies] = await Promise.all([listUsers(db), listAgencies(db)]);
  return {
    users,
    agencies: agencies
      .filter((agency) => isAgencyActive(agency))
      .map((agency) => ({ code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en })),
    currentUserId: actor.id,
  };
}
