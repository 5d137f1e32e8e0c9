import type { Executor } from "~/db.server";
import type { Role } from "~/domain/vocabulary";

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

export function getUser(db: Executor, id: number) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Users with their agency; `agencyId` keeps one agency's users. */
export function listUsers(db: Executor, options: { agencyId?: number } = {}) {
  let query = db
    .selectFrom("users")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.active",
      "users.agency_id",
      "agencies.code as agency_code",
      "users.created_at",
    ]);
  if (options.agencyId !== undefined) query = query.where("users.agency_id", "=", options.agencyId);
  return query.orderBy("users.role").orderBy("users.email").execute();
}

export async function insertUser(
  db: Executor,
  user: { email: string; name: string; role: Role; agencyId: number | null; passwordHash: string },
): Promise<number> {
  const row = await db
    .insertInto("users")
    .values({
      email: user.email.trim().toLowerCase(),
      name: user.name.trim(),
      role: user.role,
      agency_id: user.agencyId,
      password_hash: user.passwordHash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Replaces a password's hash by a stronger one of the same password: not an edit of the user (no
 * version, no event), and never over a password reset meanwhile (the old hash must still be there).
 */
export async function rehashPassword(db: Executor, id: number, oldHash: string, newHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: newHash }).where("id", "=", id).where("password_hash", "=", oldHash).execute();
}
