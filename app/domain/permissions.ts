import { ForbiddenError } from "./errors";
import type { Role } from "./vocabulary";

// One permission matrix for server and browser. The server enforces it in every loader and
// action (app/auth/permissions.server.ts); the UI only uses can() to hide controls.

export type Permission =
  | "record:read"
  | "report:export"
  | "proposal:create"
  | "proposal:update"
  | "proposal:submit"
  | "proposal:withdraw"
  | "proposal:review"
  | "proposal:reopen"
  /** Putting a proposal on an amendment or taking it off: changes what the proposal waits for. */
  | "proposal:link"
  | "amendment:create"
  | "amendment:update"
  | "document:create"
  | "document:update"
  | "decision:create"
  | "decision:update"
  | "snapshot:create"
  | "agency:update"
  | "agency:succession"
  | "user:manage";

/** "any": on every agency's records; "own": only on records of the user's agency. */
type Scope = "any" | "own";

const MATRIX: Record<Role, Partial<Record<Permission, Scope>>> = {
  officer: {
    "record:read": "any",
    "report:export": "any",
    "proposal:create": "own",
    "proposal:update": "own",
    "proposal:submit": "own",
    "proposal:withdraw": "own",
    "proposal:link": "own",
    "amendment:create": "own",
    "amendment:update": "own",
    "document:create": "any",
    "document:update": "own",
  },
  reviewer: {
    "record:read": "any",
    "report:export": "any",
    "proposal:create": "any",
    "proposal:update": "any",
    "proposal:review": "any",
    "proposal:link": "any",
    "amendment:create": "any",
    "amendment:update": "any",
    "document:create": "any",
    "document:update": "any",
    "decision:create": "any",
    "decision:update": "any",
    "snapshot:create": "any",
  },
  viewer: {
    "record:read": "any",
    "report:export": "any",
  },
  admin: {
    "record:read": "any",
    "report:export": "any",
    "proposal:create": "any",
    "proposal:update": "any",
    "proposal:review": "any",
    "proposal:reopen": "any",
    "proposal:link": "any",
    "amendment:create": "any",
    "amendment:update": "any",
    "document:create": "any",
    "document:update": "any",
    "decision:create": "any",
    "decision:update": "any",
    "snapshot:create": "any",
    "agency:update": "any",
    "agency:succession": "any",
    "user:manage": "any",
  },
};

export interface Actor {
  id: number;
  role: Role;
  agency_id: number | null;
}

/** A record an "own" permission is checked against: the agency responsible for it now. */
export interface AgencyScoped {
  agency_id: number | null;
}

export function can(actor: Actor | null | undefined, permission: Permission, record?: AgencyScoped): boolean {
  if (!actor) return false;
  const scope = MATRIX[actor.role][permission];
  if (!scope) return false;
  if (scope === "any" || !record) return true;
  return record.agency_id !== null && record.agency_id === actor.agency_id;
}

/** Throws ForbiddenError unless can(actor, permission, record). */
export function requireCan(actor: Actor, permission: Permission, record?: AgencyScoped): void {
  if (!can(actor, permission, record)) throw new ForbiddenError(permission);
}

/**
 * Linking a proposal to an amendment (or unlinking it) changes both: the actor must be allowed to
 * update the amendment and to link the proposal. An officer keeps to its own agency's; the
 * secretariat may put several ministries' proposals on one amendment, as DOMAIN.md describes.
 */
export function canLink(actor: Actor | null | undefined, amendment: AgencyScoped, proposal: AgencyScoped): boolean {
  return can(actor, "amendment:update", amendment) && can(actor, "proposal:link", proposal);
}

/** For "own" permissions without a record yet (a new proposal): the agencies the actor may act for. */
export function agencyRestriction(actor: Actor, permission: Permission): number | null | "none" {
  const scope = MATRIX[actor.role][permission];
  if (!scope) return "none";
  return scope === "own" ? actor.agency_id : null;
}

/** Recording a succession: an agency whose end is not recorded yet can still be merged away or split. */
export function canRecordSuccession(actor: Actor | null | undefined, agency: { active_to: string | null }): boolean {
  return can(actor, "agency:succession") && agency.active_to === null;
}
