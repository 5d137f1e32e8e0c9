import type { AmendmentForm, AmendmentStage, ProposalStatus } from "~/domain/vocabulary";
import type { DocumentSpec } from "./documents";

// The demo data is planned in memory first (pure, seeded), then written through the services.

export interface ProposalSpec {
  /** The sample plan's code, or a local key for a generated proposal until the service numbers it. */
  key: string;
  /** Kept as given (the sample plan); generated proposals take the next code of their agency. */
  code: string | null;
  agency: string;
  /** The proposal form's fields, as strings, exactly as a person would type them. */
  form: Record<string, string>;
  sourceDocument: string | null;
  sourceProvision: string | null;
  status: ProposalStatus;
  /** Decision number, for approved proposals. */
  decision: string | null;
  /** Due date once approved: the proposal's own timeline, else the decision's. */
  dueOn: string | null;
  /** An approved proposal that was returned once before (a fuller history). */
  returnedFirst: boolean;
  /** Why it was returned (also before an approval), rejected or withdrawn. */
  comment: string | null;
}

export interface AmendmentSpec {
  document: string;
  agency: string;
  provisions: string[];
  /** The provisions each proposal (by key) needs amended, kept on its link. */
  provisionsOf: Record<string, string>;
  form: AmendmentForm;
  decision: string | null;
  deadline: string | null;
  note: string | null;
  /** Keys of the proposals it carries. */
  proposals: string[];
  /** Where it stands; set by planStages. */
  stage: AmendmentStage;
  /** For a cancelled amendment: the stage it had reached, and why it was cancelled. */
  cancelledFrom: AmendmentStage | null;
  cancelReason: string | null;
  /** The simplified procedure: consultation skipped. */
  skipConsultation: boolean;
  /** The amending document, shared by the amendments it carries ("one document amending many"). */
  amending: DocumentSpec | null;
}

export function newAmendment(fields: Pick<AmendmentSpec, "document" | "agency" | "decision"> & Partial<AmendmentSpec>): AmendmentSpec {
  return {
    provisions: [],
    provisionsOf: {},
    form: "amend",
    deadline: null,
    note: null,
    proposals: [],
    stage: "not_started",
    cancelledFrom: null,
    cancelReason: null,
    skipConsultation: false,
    amending: null,
    ...fields,
  };
}
