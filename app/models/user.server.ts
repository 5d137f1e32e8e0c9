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
