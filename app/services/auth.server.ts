import { createSession } from "~/auth/session.server";
import { DUMMY_HASH, verifyPassword } from "~/auth/password.server";
import type { Database } from "~/db.server";
import { recordEvent } from "~/models/event.server";
import { findUserByEmail } from "~/models/user.server";

// Throttling: failures are counted in a sliding window per account and per address.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; minutes: number };

export async function signIn(
  db: Database,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS).toISOString();
  const [byAccount, byAddress] = await Promise.all([
    db.selectFrom("login_failures").select(({ fn }) => [fn.countAll<number>().as("n"), fn.min("at").as("first")])
      .where("email", "=", email).where("at", ">", since).executeTakeFirstOrThrow(),
    db.selectFrom("login_failures").select(({ fn }) => [fn.countAll<number>().as("n"), fn.min("at").as("first")])
      .where("ip", "=", input.ip).where("at", ">", since).executeTakeFirstOrThrow(),
  ]);
  const blocking =
    byAccount.n >= MAX_FAILURES_PER_ACCOUNT ? byAccount.first : byAddress.n >= MAX_FAILURES_PER_ADDRESS ? byAddress.first : null;
  if (blocking) {
    const retryAt = Date.parse(blocking) + THROTTLE_WINDOW_MS;
    return { ok: false, reason: "throttled", minutes: Math.max(1, Math.ceil((retryAt - Date.now()) / 60000)) };
  }

  const user = await findUserByEmail(db, email);
  // verify against a dummy hash for unknown emails, so response time does not reveal accounts
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid || user.active !== 1) {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("login_failures").values({ email, ip: input.ip, at: new Date().toISOString() }).execute();
      if (user) {
        await recordEvent(trx, {
          actorId: null,
          entityType: "user",
          entityId: user.id,
          agencyId: user.agency_id,
          action: "sign_in_failed",
          comment: input.ip,
        });
      }
    });
    return { ok: false, reason: "invalid" };
  }

  const token = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("login_failures").where("email", "=", email).execute();
    return createSession(trx, user.id, { ip: input.ip, userAgent: input.userAgent });
  });
  return { ok: true, token, userId: user.id };
}
