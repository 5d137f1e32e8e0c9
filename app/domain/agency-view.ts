import type { Role } from "./vocabulary";

/**
 * The agency a steering page (dashboard, charts, deadlines) shows: the one asked for; when none
 * is asked for, an officer's own agency (everyone else sees all), unless the whole was asked for.
 */
export function agencyInView(
  user: { role: Role; agency_code: string | null },
  requested: string | undefined,
  wantsAll: boolean,
): string | undefined {
  if (requested || wantsAll) return requested;
  return user.role === "officer" ? (user.agency_code ?? undefined) : undefined;
}
