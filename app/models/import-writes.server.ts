import type { CompiledQuery, Transaction } from "kysely";
import { now } from "~/clock.server";
import { inChunks } from "~/db.server";
import type { ImplementationProgress } from "~/domain/implementation";
import type { ProposalStatus } from "~/domain/vocabulary";
import type { DB, NewLegalDocument, NewProposal } from "../../db/types";
import { eventRow, type EventInput } from "./event.server";
import type { ProposalColumns } from "./proposal.server";

// The writes of a plan's import, each statement built and compiled by Kysely once per import and
// run again with each row's values: an import of 50,000 rows runs about 400,000 statements, and
// building and compiling each one took a fifth of its time. A row's history events are written
// by one insert when the row is done. Same SQL, same columns and the same versioned-update rule
// (a change only at the version read, raised by one) as the models the forms use
// (event.server.ts, proposal.server.ts, amendment.server.ts, versioned.server.ts).

/** One compiled statement run with other values, given in the order of `keys`. */
function reusable<K extends string>(trx: Transaction<DB>, compiled: CompiledQuery, keys: readonly K[]) {
  return async (values: Record<K, unknown>) => {
    const result = await trx.executeQuery<{ id: number }>({ ...compiled, parameters: keys.map((key) => values[key]) });
    return result;
  };
}

/** Events in one insert: 11 values each, well under either database's limit on a statement's values. */
const EVENTS_PER_STATEMENT = 500;
const DOCUMENT_KEYS = [
  "number",
  "number_key",
  "number_recognized",
  "doc_type",
  "year",
  "issuer",
  "title",
  "issued_on",
  "effective_on",
  "status",
  "lead_agency_id",
  "search_text",
] as const;
const PROPOSAL_COLUMN_KEYS = [
  "regulation_type",
  "title",
  "source_document_id",
  "source_provision",
  "action",
  "proposed_change",
  "rationale",
  "procedure_code",
  "cost_before_vnd",
  "cost_after_vnd",
  "timeline",
  "due_on",
] as const;
const PROPOSAL_KEYS = ["code", "agency_id", "original_agency_id", ...PROPOSAL_COLUMN_KEYS, "status", "search_text", "created_by"] as const;
const AMENDMENT_KEYS = ["legal_document_id", "agency_id", "original_agency_id", "provisions", "form", "stage", "deadline", "note", "created_by"] as const;

/** A row of placeholders for compiling (Kysely leaves out undefined values, so every key has one); typed as any column's value. */
function placeholders<K extends string>(keys: readonly K[]): Record<K, never> {
  return Object.fromEntries(keys.map((key) => [key, null])) as Record<K, never>;
}

export type NewAmendmentRow = Pick<NewAmendmentValues, (typeof AMENDMENT_KEYS)[number]>;
type NewAmendmentValues = {
  legal_document_id: number;
  agency_id: number;
  original_agency_id: number;
  provisions: string | null;
  form: "amend";
  stage: "not_started";
  deadline: string | null;
  note: string | null;
  created_by: number;
};

/** The writes of import `importId` inside its transaction, compiled once; each history event they write names the import. */
export function importWrites(trx: Transaction<DB>, importId: number) {
  // a row's events, written together when the row is done (flushEvents): one statement, not one
  // per event (about 7 a row; each a round trip on PostgreSQL)
  const pendingEvents: ReturnType<typeof eventRow>[] = [];
  const document = reusable(trx, trx.insertInto("legal_documents").values(placeholders(DOCUMENT_KEYS)).returning("id").compile(), DOCUMENT_KEYS);
  const proposal = reusable(trx, trx.insertInto("proposals").values(placeholders(PROPOSAL_KEYS)).returning("id").compile(), PROPOSAL_KEYS);
  const amendment = reusable(trx, trx.insertInto("amendments").values(placeholders(AMENDMENT_KEYS)).returning("id").compile(), AMENDMENT_KEYS);
  const link = reusable(
    trx,
    trx.insertInto("proposal_amendments").values({ proposal_id: 0, amendment_id: 0, provisions: null }).compile(),
    ["proposal_id", "amendment_id", "provisions"],
  );
  const linkProvisions = reusable(
    trx,
    trx.updateTable("proposal_amendments").set({ provisions: null }).where("amendment_id", "=", 0).where("proposal_id", "=", 0).compile(),
    ["provisions", "amendment_id", "proposal_id"],
  );
  const amendmentProvisions = reusable(
    trx,
    trx.updateTable("amendments").set({ provisions: null, updated_at: "", version: 0 }).where("id", "=", 0).where("version", "=", 0).compile(),
    ["provisions", "updated_at", "next", "id", "version"],
  );
  const proposalContent = reusable(
    trx,
    trx
      .updateTable("proposals")
      .set({ ...placeholders(PROPOSAL_COLUMN_KEYS), search_text: "", updated_at: "", version: 0 })
      .where("id", "=", 0)
      .where("version", "=", 0)
      .compile(),
    [...PROPOSAL_COLUMN_KEYS, "search_text", "updated_at", "next", "id", "version"],
  );
  const approval = reusable(
    trx,
    trx
      .updateTable("proposals")
      .set({ no_amendment_reason: null, decision_id: null, due_on: null, status: "approved", updated_at: "", version: 0 })
      .where("id", "=", 0)
      .where("version", "=", 0)
      .compile(),
    ["no_amendment_reason", "decision_id", "due_on", "status", "updated_at", "next", "id", "version"],
  );
  const progress = reusable(
    trx,
    trx.updateTable("proposals").set({ implementation_progress: null, implemented_on: null }).where("id", "=", 0).compile(),
    ["implementation_progress", "implemented_on", "id"],
  );
  const changed = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0) > 0;
  const insertedId = (result: { rows: { id: number }[] }) => {
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error("an insert returned no id");
    return id;
  };

  return {
    /** Appends one history event (recordEvent), written by the next flushEvents, in the order recorded. */
    recordEvent(input: EventInput): void {
      pendingEvents.push(eventRow({ ...input, importId }));
    },
    /** Writes the events recorded since the last flush (a row's, inside its savepoint when it has one). */
    async flushEvents(): Promise<void> {
      for (const chunk of inChunks(pendingEvents.splice(0), EVENTS_PER_STATEMENT)) await trx.insertInto("events").values(chunk).execute();
    },
    /** Forgets the events recorded since the last flush (a row refused: its writes are undone). */
    discardEvents(): void {
      pendingEvents.length = 0;
    },
    async insertDocument(values: NewLegalDocument & Record<(typeof DOCUMENT_KEYS)[number], unknown>): Promise<number> {
      return insertedId(await document(values));
    },
    async insertProposal(values: NewProposal & Record<(typeof PROPOSAL_KEYS)[number], unknown>): Promise<number> {
      return insertedId(await proposal(values));
    },
    async insertAmendment(values: NewAmendmentRow): Promise<number> {
      return insertedId(await amendment(values));
    },
    async insertProposalLink(values: { proposalId: number; amendmentId: number; provisions: string | null }): Promise<void> {
      await link({ proposal_id: values.proposalId, amendment_id: values.amendmentId, provisions: values.provisions });
    },
    async setProposalLinkProvisions(values: { proposalId: number; amendmentId: number }, provisions: string | null): Promise<void> {
      await linkProvisions({ provisions, amendment_id: values.amendmentId, proposal_id: values.proposalId });
    },
    /** updateVersioned of an amendment's provisions: false when it is no longer at `version`. */
    async setAmendmentProvisions(record: { id: number; version: number }, provisions: string): Promise<boolean> {
      return changed(await amendmentProvisions({ provisions, updated_at: now().toISOString(), next: record.version + 1, id: record.id, version: record.version }));
    },
    /** updateVersioned of a proposal's form columns and search text: false when it is no longer at `version`. */
    async updateProposalContent(record: { id: number; version: number }, changes: ProposalColumns & { search_text: string }): Promise<boolean> {
      return changed(await proposalContent({ ...changes, updated_at: now().toISOString(), next: record.version + 1, id: record.id, version: record.version }));
    },
    /** updateVersioned of a proposal's approval (transitionProposal's changes): false when it is no longer at `version`. */
    async approveProposal(
      record: { id: number; version: number },
      changes: { no_amendment_reason: string | null; decision_id: number; due_on: string | null; status: ProposalStatus },
    ): Promise<boolean> {
      return changed(await approval({ ...changes, updated_at: now().toISOString(), next: record.version + 1, id: record.id, version: record.version }));
    },
    /** setImplementationProgress. */
    async setImplementationProgress(proposalId: number, value: ImplementationProgress | null, implementedOn: string | null): Promise<void> {
      await progress({ implementation_progress: value, implemented_on: implementedOn, id: proposalId });
    },
  };
}

export type ImportWrites = ReturnType<typeof importWrites>;
