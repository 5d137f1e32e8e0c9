import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { ImplementationProgress } from "../app/domain/implementation";
import type {
  AgencyKind,
  AmendmentForm,
  AmendmentStage,
  DecisionKind,
  DocumentStatus,
  DocumentType,
  EventEntity,
  ProposalAction,
  ProposalStatus,
  RegulationType,
  Role,
  SuccessionScope,
} from "../app/domain/vocabulary";

// Columns are typed as better-sqlite3 returns them: 0/1 for booleans, ISO strings for dates.
type Timestamp = ColumnType<string, string | undefined, string>;
type Version = ColumnType<number, number | undefined, number>;

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  kind: AgencyKind;
  active_from: string | null;
  active_to: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Version;
}

export interface AgencySuccessionTable {
  id: Generated<number>;
  predecessor_id: number;
  successor_id: number;
  effective_on: string;
  scope: SuccessionScope;
  functions: string | null;
  created_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  agency_id: number | null;
  password_hash: string;
  active: ColumnType<0 | 1, 0 | 1 | undefined, 0 | 1>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Version;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailureTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

export interface LegalDocumentTable {
  id: Generated<number>;
  number: string;
  number_key: string;
  number_recognized: ColumnType<0 | 1, 0 | 1 | undefined, 0 | 1>;
  doc_type: DocumentType;
  year: number | null;
  issuer: string | null;
  /** Null while unknown: a document registered from a number typed in another form is "to be completed". */
  title: string | null;
  issued_on: string | null;
  effective_on: string | null;
  status: DocumentStatus;
  lead_agency_id: number | null;
  search_text: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Version;
}

export interface DecisionTable {
  id: Generated<number>;
  number: string;
  number_key: string;
  signed_on: string;
  kind: DecisionKind;
  title_vi: string;
  title_en: string | null;
  timeline: string | null;
  due_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Version;
}

export interface ProposalTable {
  id: Generated<number>;
  code: string;
  agency_id: number;
  original_agency_id: number;
  regulation_type: RegulationType;
  title: string;
  source_document_id: number | null;
  source_provision: string | null;
  action: ProposalAction;
  proposed_change: string;
  rationale: string | null;
  procedure_code: string | null;
  cost_before_vnd: number | null;
  cost_after_vnd: number | null;
  status: ProposalStatus;
  decision_id: number | null;
  timeline: string | null;
  due_on: string | null;
  no_amendment_reason: string | null;
  implementation_progress: ColumnType<ImplementationProgress | null, ImplementationProgress | null | undefined, ImplementationProgress | null>;
  implemented_on: ColumnType<string | null, string | null | undefined, string | null>;
  search_text: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Version;
}

export interface AmendmentTable {
  id: Generated<number>;
  legal_document_id: number;
  agency_id: number;
  original_agency_id: number;
  provisions: string | null;
  form: AmendmentForm;
  stage: AmendmentStage;
  deadline: string | null;
  amending_document_id: number | null;
  cancel_reason: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Version;
}

export interface ProposalAmendmentTable {
  proposal_id: number;
  amendment_id: number;
  /** The provisions of the document this proposal needs amended ("khoản 3 Điều 20"). */
  provisions: string | null;
  created_at: Timestamp;
}

export interface EventTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  entity_type: EventEntity;
  entity_id: number | null;
  agency_id: number | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  /** JSON: { field: [before, after] } */
  changes: string | null;
  /** The import whose commit wrote the event, if one did. */
  import_id: number | null;
}

export interface AgencyBaselineTable {
  agency_id: number;
  baseline_on: string;
  regulations: number;
  yearly_cost_vnd: number;
  updated_at: string;
  version: Version;
}

export interface SnapshotTable {
  id: Generated<number>;
  title: string;
  held_on: string;
  created_by: number;
  created_at: string;
  /** JSON of the figures as they were (see app/services/figures.server.ts). */
  figures: string;
}

export type ImportStatus = "staged" | "committed" | "discarded";

/** Holds a row only inside a bulk writer's transaction: its new rows are indexed for search by that writer (migration 0013). */
export interface SearchIndexDeferredTable {
  id: number;
}

export interface ImportTable {
  id: Generated<number>;
  actor_id: number;
  file_name: string;
  file_sha256: string;
  file_size: number;
  file: Buffer | null;
  status: ImportStatus;
  created_at: string;
  committed_at: string | null;
  /** JSON of the last dry run or commit report. */
  report: string | null;
  new_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
}

/** A list export under way (app/models/export-slot.server.ts): its user, when it began, when its stream last said it was alive (ISO-8601 UTC). */
export interface ExportSlotTable {
  id: Generated<number>;
  user_id: number;
  started_at: string;
  heartbeat_at: string;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

/**
 * A queued job (app/models/job.server.ts): its kind and JSON payload, whether it waits, runs (on
 * the runner `locked_by`, alive at `heartbeat_at`) or ended (`result` or `error`, JSON). Times
 * are ISO-8601 UTC.
 */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** Unique when set: the job that runs once for it ("import-commit:42"). */
  key: string | null;
  payload: string;
  status: JobStatus;
  attempts: Generated<number>;
  run_after: string;
  locked_by: string | null;
  heartbeat_at: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface DB {
  agencies: AgencyTable;
  agency_successions: AgencySuccessionTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  legal_documents: LegalDocumentTable;
  decisions: DecisionTable;
  proposals: ProposalTable;
  amendments: AmendmentTable;
  proposal_amendments: ProposalAmendmentTable;
  events: EventTable;
  agency_baselines: AgencyBaselineTable;
  snapshots: SnapshotTable;
  imports: ImportTable;
  search_index_deferred: SearchIndexDeferredTable;
  export_slots: ExportSlotTable;
  jobs: JobTable;
}

export type Agency = Selectable<AgencyTable>;
export type User = Selectable<UserTable>;
export type Session = Selectable<SessionTable>;
export type LegalDocument = Selectable<LegalDocumentTable>;
export type NewLegalDocument = Insertable<LegalDocumentTable>;
export type Decision = Selectable<DecisionTable>;
export type Proposal = Selectable<ProposalTable>;
export type NewProposal = Insertable<ProposalTable>;
export type ProposalUpdate = Updateable<ProposalTable>;
export type Amendment = Selectable<AmendmentTable>;
export type Event = Selectable<EventTable>;
export type Job = Selectable<JobTable>;
