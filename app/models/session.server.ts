import type { Executor } from "~/db.server";

// Sessions (design decision 2): a row per live session, keyed by the HMAC of its cookie token
// (app/auth/session.server.ts makes the key; this module only stores and reads rows).

export async function insertSession(
  db: Executor,
  session: { id: string; userId: number; createdAt: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends every session of a user (deactivated, password reset, merged away). */
export async function deleteUserSessions(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** A session with its user and the user's agency code, whatever their state. */
export function findSessionWithUser(db: Executor, id: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .select([
      "sessions.last_seen_at",
      "sessions.expires_at",
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.agency_id",
      "users.active",
      "agencies.code as agency_code",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id", "=", id).execute();
}
