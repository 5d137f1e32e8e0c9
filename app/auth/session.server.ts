import { createHmac, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { db, unlessBusy, type Executor } from "~/db.server";
import { can, type Actor, type AgencyScoped, type Permission } from "~/domain/permissions";
import { env } from "~/env.server";
import { forbidden } from "~/http.server";
import { readCookie } from "~/locale.server";
import { noteUser } from "~/log.server";
import { deleteSession, findSessionWithUser, insertSession, touchSession } from "~/models/session.server";

// Sessions live in the database so they can be listed, expired and ended when a user is
// deactivated. The cookie holds a random token; the table holds only its HMAC.

export const SESSION_COOKIE = "tg_session";
export const IDLE_TIMEOUT_MS = 4 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60 * 1000;

function sessionId(token: string): string {
  return createHmac("sha256", env().SESSION_SECRET).update(token).digest("hex");
}

export async function createSession(
  executor: Executor,
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await insertSession(executor, {
    id: sessionId(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString(),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export async function endSession(executor: Executor, token: string): Promise<void> {
  await deleteSession(executor, sessionId(token));
}

/** The signed-in user: the one Actor type (app/domain/permissions.ts) with what the pages show. */
export interface SessionUser extends Actor {
  email: string;
  name: string;
  agency_code: string | null;
}

export async function findSessionUser(executor: Executor, token: string): Promise<SessionUser | null> {
  const id = sessionId(token);
  const now = Date.now();
  const row = await findSessionWithUser(executor, id);
  if (!row) return null;
  const lastSeen = Date.parse(row.last_seen_at);
  if (row.active !== 1 || Date.parse(row.expires_at) <= now || lastSeen + IDLE_TIMEOUT_MS <= now) {
    // upkeep on a read: while another process holds the write lock, left for a later request,
    // so that a page that can be read neither waits nor is refused for it
    await unlessBusy(executor, (trx) => deleteSession(trx, id));
    return null;
  }
  if (now - lastSeen > TOUCH_INTERVAL_MS) {
    await unlessBusy(executor, (trx) => touchSession(trx, id, new Date(now).toISOString()));
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    agency_id: row.agency_id,
    agency_code: row.agency_code,
  };
}

export function sessionCookie(token: string): string {
  const secure = env().COOKIE_SECURE ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ABSOLUTE_TIMEOUT_MS / 1000}${secure}`;
}

export function clearSessionCookie(): string {
  const secure = env().COOKIE_SECURE ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

export function sessionToken(request: Request): string | undefined {
  return readCookie(request, SESSION_COOKIE) || undefined;
}

/** The signed-in user or null: the one place a request's session is resolved, so its log line names the user here. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = sessionToken(request);
  const user = token ? await findSessionUser(db(), token) : null;
  if (user) noteUser(user.id);
  return user;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const params = new URLSearchParams(back === "/" ? {} : { redirectTo: back });
  const headers = sessionToken(request) ? { "Set-Cookie": clearSessionCookie() } : undefined;
  throw redirect(`/login${params.size ? `?${params}` : ""}`, { headers });
}

/**
 * The first line of every loader and action: the user, if the role has the permission
 * (and, for agency-scoped permissions, on this record); otherwise a 403 page.
 */
export async function requirePermission(
  request: Request,
  permission: Permission,
  record?: AgencyScoped,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, permission, record)) forbidden();
  return user;
}

/** For checks after the record is loaded: 403 unless the user may act on it. */
export function assertCan(user: SessionUser, permission: Permission, record?: AgencyScoped): void {
  if (!can(user, permission, record)) forbidden();
}
