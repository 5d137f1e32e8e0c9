import { createSession, endSession } from "~/auth/session.server";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "~/auth/password.server";
import { inTransaction, type Database } from "~/db.server";
import { recordEvent } from "~/models/event.server";
import { countLoginFailures, deleteLoginFailure, deleteLoginFailuresOf, insertLoginFailure, pruneLoginFailures } from "~/models/login-failure.server";
import { findUserByEmail, rehashPassword } from "~/models/user.server";

// Password guessing is limited three ways, counted over the last 15 minutes:
// - one address on one account: 5 failures, then that address waits; the owner elsewhere does not;
// - one address on any accounts: 20 failures (one password tried on many accounts);
// - one account from every address: after 10 failures, one attempt a minute (many addresses guessing
//   together), so guessing stays slow while the owner is at most a minute away from signing in.
// An attempt is written as a failure before its password is checked, in the same write
// transaction as the counting: parallel guesses cannot all pass one count. Success removes it.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const ACCOUNT_SLOWDOWN_AFTER = 10;
export const ACCOUNT_SLOWDOWN_INTERVAL_MS = 60 * 1000;

export type SignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "deactivated" }
  | { ok: false; reason: "throttled"; minutes: number };

interface SignInInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The session token the browser sent with the sign-in, if any. */
  replacing?: string;
}

export async function signIn(
  db: Database,
  input: SignInInput,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const attempt = await reserveAttempt(db, email, input.ip);
  if ("retryAt" in attempt) {
    return { ok: false, reason: "throttled", minutes: Math.max(1, Math.ceil((attempt.retryAt - Date.now()) / 60000)) };
  }

  try {
    return await checkAttempt(db, attempt.id, { ...input, email });
  } catch (error) {
    // an attempt that ended in an error answered nothing: it is not counted
    await deleteLoginFailure(db, attempt.id);
    throw error;
  }
}

async function checkAttempt(
  db: Database,
  attemptId: number,
  input: SignInInput,
): Promise<SignInResult> {
  const user = await findUserByEmail(db, input.email);
  // verify against a dummy hash for unknown emails, so response time does not reveal accounts
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid) {
    // the reserved attempt stays, as the failure it was
    if (user) {
      await recordEvent(db, { actorId: null, entityType: "user", entityId: user.id, agencyId: user.agency_id, action: "sign_in_failed", comment: input.ip });
    }
    return { ok: false, reason: "invalid" };
  }
  // the right password is no guess: it is not counted, and only then is a deactivation told
  if (user.active !== 1) {
    await deleteLoginFailure(db, attemptId);
    return { ok: false, reason: "deactivated" };
  }

  // outside the transaction: a hash takes a few hundred milliseconds
  const rehashed = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;
  const token = await inTransaction(db, async (trx) => {
    await deleteLoginFailuresOf(trx, input.email, input.ip);
    await deleteLoginFailure(trx, attemptId);
    if (rehashed) await rehashPassword(trx, user.id, user.password_hash, rehashed);
    // the browser's old session, whoever made it, ends here: a signed-in user has a new id
    if (input.replacing) await endSession(trx, input.replacing);
    return createSession(trx, user.id, { ip: input.ip, userAgent: input.userAgent });
  });
  return { ok: true, token, userId: user.id };
}

/** Records the attempt if the limits allow one now; otherwise when they will. */
async function reserveAttempt(db: Database, email: string, ip: string): Promise<{ id: number } | { retryAt: number }> {
  // the write lock first (inTransaction), waited for without holding up the server
  return inTransaction(db, async (trx) => {
    const now = Date.now();
    const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
    // failures older than the window count for nothing: the table holds a quarter of an hour
    await pruneLoginFailures(trx, since);
    const failures = (where: { email?: string; ip?: string }) => countLoginFailures(trx, since, where);
    const pair = await failures({ email, ip });
    const address = await failures({ ip });
    const account = await failures({ email });
    const waits: number[] = [];
    if (pair.n >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS && pair.first) waits.push(Date.parse(pair.first) + THROTTLE_WINDOW_MS);
    if (address.n >= MAX_FAILURES_PER_ADDRESS && address.first) waits.push(Date.parse(address.first) + THROTTLE_WINDOW_MS);
    if (account.n >= ACCOUNT_SLOWDOWN_AFTER && account.last) {
      const next = Date.parse(account.last) + ACCOUNT_SLOWDOWN_INTERVAL_MS;
      if (next > now) waits.push(next);
    }
    if (waits.length) return { retryAt: Math.max(...waits) };
    return { id: await insertLoginFailure(trx, { email, ip, at: new Date(now).toISOString() }) };
  });
}
