import type { Executor } from "~/db.server";

// Sign-in attempts counted by the throttle (app/services/auth.server.ts): each attempt is written
// as a failure before its password is checked; a success removes it.

/** Records an attempt; its id, to remove it if it turns out to be no guess. */
export async function insertLoginFailure(db: Executor, attempt: { email: string; ip: string; at: string }): Promise<number> {
  const row = await db.insertInto("login_failures").values(attempt).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteLoginFailure(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("login_failures").where("id", "=", id).execute();
}

/** Forgets an account's failures from one address (after its owner signed in from there). */
export async function deleteLoginFailuresOf(db: Executor, email: string, ip: string): Promise<void> {
  await db.deleteFrom("login_failures").where("email", "=", email).where("ip", "=", ip).execute();
}

/** Forgets failures at or before `until`: they count for nothing any more. */
export async function pruneLoginFailures(db: Executor, until: string): Promise<void> {
  await db.deleteFrom("login_failures").where("at", "<=", until).execute();
}

/** Failures after `since`, of an account, an address or both: how many, the first and the last. */
export function countLoginFailures(db: Executor, since: string, where: { email?: string; ip?: string }) {
  let query = db
    .selectFrom("login_failures")
    .select(({ fn }) => [fn.countAll<number>().as("n"), fn.min("at").as("first"), fn.max("at").as("last")])
    .where("at", ">", since);
  if (where.email !== undefined) query = query.where("email", "=", where.email);
  if (where.ip !== undefined) query = query.where("ip", "=", where.ip);
  return query.executeTakeFirstOrThrow();
}
