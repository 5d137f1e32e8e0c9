// The closed vocabularies of DOMAIN.md. The database CHECK constraints, the zod schemas and
// the i18n labels are all built from these lists, so a value exists everywhere or nowhere.

export const ROLES = ["officer", "reviewer", "viewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const AGENCY_KINDS = ["ministry", "ministerial_agency", "government_agency"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const SUCCESSION_SCOPES = ["full", "main", "partial"] as const;
export type SuccessionScope = (typeof SUCCESSION_SCOPES)[number];

export const REGULATION_TYPES = [
  "administrative_procedure",
  "business_condition",
  "reporting_regime",
  "specialized_inspection",
  "technical_standard",
  "other",
] as const;
export type RegulationType = (typeof REGULATION_TYPES)[number];

export const PROPOSAL_ACTIONS = ["abolish", "simplify", "amend", "replace", "decentralize"] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

export const PROPOSAL_STATUSES = [
  "draft",
  "submitted",
  "returned",
  "approved",
  "rejected",
  "withdrawn",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * `needs_amendment`: no amendment is left to carry the approved proposal out (those linked were
 * cancelled or unlinked) and no reason says none is needed: it waits for a new amendment or that
 * reason, and is never "overdue" (there is no work under way to be late with).
 */
export const IMPLEMENTATION_STATUSES = ["not_started", "in_progress", "needs_amendment", "implemented", "overdue"] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

/** The law-making pipeline in order; `cancelled` is outside the order. */
export const AMENDMENT_STAGES = [
  "not_started",
  "drafting",
  "consultation",
  "appraisal",
  "submitted",
  "promulgated",
  "in_force",
  "cancelled",
] as const;
export type AmendmentStage = (typeof AMENDMENT_STAGES)[number];

/** What the amending document does to its target. */
export const AMENDMENT_FORMS = ["amend", "replace", "repeal", "new"] as const;
export type AmendmentForm = (typeof AMENDMENT_FORMS)[number];

export const DOCUMENT_TYPES = [
  "law",
  "na_resolution",
  "ordinance",
  "decree",
  "government_resolution",
  "pm_decision",
  "circular",
  "joint_circular",
  "other",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ["in_force", "not_yet_in_force", "amended", "repealed"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const DECISION_KINDS = ["reduction_plan", "decentralization_plan", "other"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const EVENT_ENTITIES = [
  "proposal",
  "amendment",
  "legal_document",
  "decision",
  "agency",
  "user",
] as const;
export type EventEntity = (typeof EVENT_ENTITIES)[number];
