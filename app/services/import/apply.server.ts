import type { Transaction } from "kysely";
import { currentDay } from "~/clock.server";
import { inChunks } from "~/db.server";
import { parseDocumentNumber, type ParsedDocumentNumber } from "~/domain/document-number";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, StaleVersionError } from "~/domain/errors";
import { implementationProgress, type ImplementationProgress } from "~/domain/implementation";
import { can, canLink, type Actor } from "~/domain/permissions";
import { canEditProposalContent, RECORD_APPROVAL, submitGaps } from "~/domain/proposal-workflow";
import { mergedProvisions } from "~/domain/amendment";
import type { AmendmentStage, ProposalStatus } from "~/domain/vocabulary";
import { diffFields } from "~/models/event.server";
import {
  findOpenAmendment,
  listAmendmentFacts,
  listDocumentsByKeys,
  listLinksOfProposals,
  listOpenAmendmentsOfDocuments,
  listProposalsToUpdate,
} from "~/models/import-lookups.server";
import { importWrites, type ImportWrites } from "~/models/import-writes.server";
import { findDocumentByKey } from "~/models/legal-document.server";
import { lastProposalSequence, proposalColumns, type ProposalColumns } from "~/models/proposal.server";
import { withSavepoint } from "~/models/sql.server";
import type { ProposalInput } from "~/schemas/proposal";
import { typedRegisterRow } from "~/services/legal-document.server";
import { formatProposalCode, proposalSearchText } from "~/services/proposal.server";
import type { DB } from "../../../db/types";
import { isColumn, issue, type CheckedRow, type DocumentPair } from "./check-row";
import type { AgencyRecord, Context, DecisionRecord } from "./context";
import type { ImportRow } from "./header";
import { provisionsCell, type ImportColumnKey } from "./layout";
import type { ImportIssue, RowOutcome } from "./report";

// A checked row applied with the rules of the services the forms use (createProposal,
// updateProposal, ensureDocument, createAmendment, linkProposals, addAmendmentProvisions,
// setLinkProvisions, transitionProposal's recorded approval, refreshImplementation), step for
// step, with the same checks (can, canLink, canEditProposalContent, the workflow table), the same
// writes in the same order and the same history events: what the rows need is read at once
// before the first row (newPass) and kept current in memory as rows write, and each statement is
// compiled once (app/models/import-writes.server.ts). README design decision 60;
// tests/integration/import-batch.test.ts compares the stored result with the services'.
// What a rule refuses becomes the row's errors, in the report's words.

/** A stored proposal as the steps read it: its form's columns, workflow state and version. */
interface ProposalRecord extends ProposalColumns {
  id: number;
  code: string;
  agency_id: number;
  status: ProposalStatus;
  version: number;
  decision_id: number | null;
  no_amendment_reason: string | null;
  implementation_progress: ImplementationProgress | null;
  implemented_on: string | null;
}

interface AmendmentRecord {
  id: number;
  agency_id: number;
  provisions: string | null;
  version: number;
  stage: AmendmentStage;
  number_key: string;
  /** The amending document's effective date. */
  effective_on: string | null;
}

interface LinkRecord {
  amendment_id: number;
  provisions: string | null;
}

interface DocumentRecord {
  id: number;
  number: string;
}

/** Undoes what a row changed in the pass's memory when its savepoint is rolled back. */
class Journal {
  private undo: (() => void)[] = [];
  constructor(readonly enabled: boolean) {}

  assign<T extends object>(record: T, changes: Partial<T>): void {
    if (this.enabled) {
      const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, record[key as keyof T]])) as Partial<T>;
      this.undo.push(() => Object.assign(record, previous));
    }
    Object.assign(record, changes);
  }

  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (this.enabled) {
      const had = map.has(key);
      const previous = map.get(key);
      this.undo.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
    }
    map.set(key, value);
  }

  push<T>(list: T[], value: T): void {
    if (this.enabled) this.undo.push(() => void list.splice(list.indexOf(value), 1));
    list.push(value);
  }

  mark(): number {
    return this.undo.length;
  }

  rollback(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()?.();
  }
}

/** One pass over the rows in one transaction, with what the rows read, kept current as they write. */
export interface Pass {
  trx: Transaction<DB>;
  actor: Actor;
  writes: ImportWrites;
  journal: Journal;
  agencyByCode: Map<string, AgencyRecord>;
  decisionById: Map<number, Pick<DecisionRecord, "id" | "number" | "due_on">>;
  /** By number key; null: not in the register. */
  documents: Map<string, DocumentRecord | null>;
  proposals: Map<string, ProposalRecord>;
  /** Each proposal's links, for the proposals the pass read or created. */
  links: Map<number, LinkRecord[]>;
  amendments: Map<number, AmendmentRecord>;
  /** The open amendment per (document key, agency id) (findOpenAmendment's), for the keys read; null: none. */
  openAmendments: Map<string, number | null>;
  /** Document numbers as typed, parsed once: many rows name the same few hundred documents. */
  numbers: Map<string, ParsedDocumentNumber>;
}

/** parseDocumentNumber of a typed number (no type given), once per pass. */
function parsedNumber(pass: Pass, typed: string): ParsedDocumentNumber {
  let parsed = pass.numbers.get(typed);
  if (!parsed) {
    parsed = parseDocumentNumber(typed);
    pass.numbers.set(typed, parsed);
  }
  return parsed;
}

/**
 * A pass over `rows` in `trx`: every agency and decision (from the context), the register entries
 * the rows name, those documents' open amendments, and the stored proposals the rows update with
 * their links, read at once. `isolate`: rows will be applied in savepoints (applyOne). The
 * history events the pass writes name import `importId`.
 */
export async function newPass(trx: Transaction<DB>, actor: Actor, context: Context, rows: readonly CheckedRow[], isolate: boolean, importId: number): Promise<Pass> {
  const pass: Pass = {
    trx,
    actor,
    writes: importWrites(trx, importId),
    journal: new Journal(isolate),
    agencyByCode: new Map([...context.agencyById.values()].map((agency) => [agency.code, agency])),
    decisionById: new Map([...context.decisionByKey.values()].map((decision) => [decision.id, decision])),
    documents: new Map(),
    proposals: new Map(),
    links: new Map(),
    amendments: new Map(),
    openAmendments: new Map(),
    numbers: new Map(),
  };
  const valid = rows.filter((row) => row.input && row.agency && row.errors.length === 0);
  const keys = new Set<string>();
  for (const row of valid) {
    if (row.input?.source_document) keys.add(parsedNumber(pass, row.input.source_document).key);
    for (const pair of row.pairs ?? []) keys.add(parsedNumber(pass, pair.document).key);
  }
  for (const key of keys) pass.documents.set(key, null);
  for (const chunk of inChunks([...keys])) {
    for (const document of await listDocumentsByKeys(trx, chunk)) pass.documents.set(document.number_key, { id: document.id, number: document.number });
    for (const amendment of await listOpenAmendmentsOfDocuments(trx, chunk)) {
      pass.amendments.set(amendment.id, amendment);
      const slot = openSlot(amendment.number_key, amendment.agency_id);
      if (!pass.openAmendments.has(slot)) pass.openAmendments.set(slot, amendment.id);
    }
  }
  const codes = [...new Set(valid.flatMap((row) => (row.existing ? [row.existing.code] : [])))];
  for (const chunk of inChunks(codes)) {
    const proposals = await listProposalsToUpdate(trx, chunk);
    for (const proposal of proposals) {
      pass.proposals.set(proposal.code, proposal);
      pass.links.set(proposal.id, []);
    }
    const links = await listLinksOfProposals(
      trx,
      proposals.map((proposal) => proposal.id),
    );
    for (const link of links) pass.links.get(link.proposal_id)?.push({ amendment_id: link.amendment_id, provisions: link.provisions });
    await readAmendments(pass, links.map((link) => link.amendment_id));
  }
  return pass;
}

function openSlot(numberKey: string, agencyId: number): string {
  return `${numberKey}\n${agencyId}`;
}

async function readAmendments(pass: Pass, ids: readonly number[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !pass.amendments.has(id));
  for (const chunk of inChunks(missing)) for (const amendment of await listAmendmentFacts(pass.trx, chunk)) pass.amendments.set(amendment.id, amendment);
}

type ValidRow = CheckedRow & { input: ProposalInput; agency: AgencyRecord };

export type Applied = { code: string | null; outcome: RowOutcome; errors: ImportIssue[] };

/**
 * Applies one checked row. `isolate`: in a savepoint, rolled back (with what the pass remembers of
 * it) if a rule refuses the row, so the pass can go on to the next; otherwise a refusal leaves the
 * transaction to be rolled back.
 */
export async function applyOne(pass: Pass, row: CheckedRow, isolate: boolean): Promise<Applied> {
  if (!row.input || !row.agency) return { code: row.code, outcome: "invalid", errors: [issue(row.row, null, "errors.generic")] };
  const valid = row as ValidRow;
  const mark = pass.journal.mark();
  const apply = async () => {
    const applied = await applyRow(pass, valid);
    await pass.writes.flushEvents();
    return applied;
  };
  try {
    const applied = isolate ? await withSavepoint(pass.trx, "import_row", apply) : await apply();
    return { ...applied, errors: [] };
  } catch (error) {
    // what the row wrote is gone with its savepoint, and so is what the pass learned of it
    pass.writes.discardEvents();
    if (isolate) pass.journal.rollback(mark);
    return { code: row.code, outcome: "invalid", errors: issuesFrom(error, row.row) };
  }
}

async function applyRow(pass: Pass, row: ValidRow): Promise<{ code: string; outcome: RowOutcome }> {
  let changed = false;
  let proposal: { id: number; code: string; decision_id: number | null; agency_id: number; agency_code: string };
  if (row.existing) {
    changed = await updateProposal(pass, row.existing.code, row.input);
    const agency = row.agency.id === row.existing.agency_id ? row.agency : { id: row.existing.agency_id, code: row.existing.agency_code };
    proposal = { ...row.existing, agency_id: agency.id, agency_code: agency.code };
  } else {
    const created = await createProposal(pass, { ...row.input, agency: row.agency.code }, row.code ?? undefined);
    proposal = { ...created, decision_id: null, agency_id: row.agency.id, agency_code: row.agency.code };
  }
  const code = proposal.code;
  if (row.pairs) {
    const deadline = row.input.timeline.dueOn ?? row.decision?.due_on ?? null;
    changed = (await linkDocuments(pass, proposal, row.pairs, { deadline, isNew: !row.existing })) || changed;
  }
  if (row.decision && row.decision.id !== proposal.decision_id) {
    await recordApproval(pass, code, { decisionId: row.decision.id, dueOn: row.input.timeline.dueOn });
    changed = true;
  }
  return { code, outcome: row.existing ? (changed ? "updated" : "unchanged") : "new" };
}

// ---------- the services' steps, over the pass ----------

async function proposalOf(pass: Pass, code: string): Promise<ProposalRecord> {
  let proposal = pass.proposals.get(code);
  if (!proposal) {
    // a proposal the rows did not name when the pass began (not expected: read, as the services would)
    const [stored] = await listProposalsToUpdate(pass.trx, [code]);
    if (!stored) throw new NotFoundError("proposal", code);
    proposal = stored;
    pass.journal.set(pass.proposals, code, proposal);
    const links = await listLinksOfProposals(pass.trx, [proposal.id]);
    pass.journal.set(pass.links, proposal.id, links.map((link) => ({ amendment_id: link.amendment_id, provisions: link.provisions })));
    await readAmendments(pass, links.map((link) => link.amendment_id));
  }
  return proposal;
}

function linksOf(pass: Pass, proposalId: number): LinkRecord[] {
  const links = pass.links.get(proposalId);
  if (!links) throw new NotFoundError("proposal", proposalId);
  return links;
}

async function amendmentOf(pass: Pass, id: number): Promise<AmendmentRecord | undefined> {
  if (!pass.amendments.has(id)) await readAmendments(pass, [id]);
  return pass.amendments.get(id);
}

/** ensureDocument: the register entry of a typed number, matched by its key or added with its "create" event. */
async function ensureDocument(pass: Pass, number: string, leadAgencyId: number): Promise<DocumentRecord & { key: string }> {
  const parsed = parsedNumber(pass, number);
  let known = pass.documents.get(parsed.key);
  if (known === undefined) {
    const stored = await findDocumentByKey(pass.trx, parsed.key);
    known = stored ? { id: stored.id, number: stored.number } : null;
    pass.journal.set(pass.documents, parsed.key, known);
  }
  if (known) return { ...known, key: parsed.key };
  const values = typedRegisterRow(parsed, { leadAgencyId });
  const id = await pass.writes.insertDocument(values);
  pass.writes.recordEvent({ actorId: pass.actor.id, entityType: "legal_document", entityId: id, agencyId: values.lead_agency_id, action: "create" });
  const created = { id, number: values.number };
  pass.journal.set(pass.documents, parsed.key, created);
  return { ...created, key: parsed.key };
}

/** proposal.server.ts's sourceDocument. */
async function sourceDocument(pass: Pass, typed: string | null, agencyId: number): Promise<{ id: number | null; number: string | null }> {
  if (!typed) return { id: null, number: null };
  const document = await ensureDocument(pass, typed, agencyId);
  return { id: document.id, number: document.number };
}

/** createProposal. */
async function createProposal(pass: Pass, input: ProposalInput, givenCode: string | undefined): Promise<{ id: number; code: string }> {
  const { actor, writes } = pass;
  const agency = pass.agencyByCode.get(input.agency.trim().toUpperCase());
  if (!agency) throw new InvalidError({ agency: "errors.unknown_agency" });
  if (!can(actor, "proposal:create", { agency_id: agency.id })) throw new ForbiddenError();
  const source = await sourceDocument(pass, input.source_document, agency.id);
  const code = givenCode ?? formatProposalCode(agency.code, (await lastProposalSequence(pass.trx, agency.code)) + 1);
  const values = {
    code,
    agency_id: agency.id,
    original_agency_id: agency.id,
    ...proposalColumns(input, source.id),
    status: "draft" as const,
    search_text: proposalSearchText({ code, ...input, source_document: source.number }),
    created_by: actor.id,
  };
  const id = await writes.insertProposal(values);
  writes.recordEvent({ actorId: actor.id, entityType: "proposal", entityId: id, agencyId: agency.id, action: "create", toStatus: "draft" });
  const record: ProposalRecord = { ...values, id, version: 1, decision_id: null, no_amendment_reason: null, implementation_progress: null, implemented_on: null };
  pass.journal.set(pass.proposals, code, record);
  pass.journal.set(pass.links, id, []);
  return { id, code };
}

/** updateProposal, without an expected version (an import saves over what is stored now). True when something changed. */
async function updateProposal(pass: Pass, code: string, input: ProposalInput): Promise<boolean> {
  const { actor, writes } = pass;
  const before = await proposalOf(pass, code);
  if (!can(actor, "proposal:update", before)) throw new ForbiddenError();
  const source = await sourceDocument(pass, input.source_document, before.agency_id);
  const columns = proposalColumns(input, source.id);
  const changes = { ...columns, due_on: columns.due_on ?? before.due_on };
  const diff = diffFields(before, changes);
  if (Object.keys(diff).length === 0) return false;
  if (!canEditProposalContent(actor, before)) throw new ConflictError("workflow.errors.lockedForOfficers");
  const search_text = proposalSearchText({ code: before.code, ...input, source_document: source.number });
  if (!(await writes.updateProposalContent(before, { ...changes, search_text }))) throw new StaleVersionError(undefined, before.version);
  writes.recordEvent({ actorId: actor.id, entityType: "proposal", entityId: before.id, agencyId: before.agency_id, action: "update", changes: diff });
  pass.journal.assign(before, { ...changes, version: before.version + 1 });
  return true;
}

/**
 * Links the proposal to an amendment of each document: the one it is already linked to, else
 * the open amendment of that document by the proposal's agency, else a new one. True when a
 * link or its provisions changed. Links the file does not mention are kept.
 */
async function linkDocuments(
  pass: Pass,
  proposal: { id: number; code: string; agency_id: number; agency_code: string },
  pairs: DocumentPair[],
  options: { deadline: string | null; isNew: boolean },
): Promise<boolean> {
  let changed = false;
  // the links as they are before this row, by amendment
  const links = options.isNew
    ? []
    : [...linksOf(pass, proposal.id)]
        .sort((a, b) => a.amendment_id - b.amendment_id)
        .map((link) => {
          const amendment = pass.amendments.get(link.amendment_id);
          return { amendment_id: link.amendment_id, link_provisions: link.provisions, provisions: amendment?.provisions ?? null, number_key: amendment?.number_key };
        });
  for (const pair of pairs) {
    const key = parsedNumber(pass, pair.document).key;
    const link = links.find((candidate) => candidate.number_key === key);
    if (link) {
      // an empty cell says nothing about the provisions: what is recorded stays
      if (pair.provision !== null && pair.provision !== provisionsCell(link.link_provisions, link.provisions, pairs.length)) {
        await setLinkProvisions(pass, { amendmentId: link.amendment_id, proposalCode: proposal.code }, pair.provision);
        changed = true;
      }
      continue;
    }
    const slot = openSlot(key, proposal.agency_id);
    let open = pass.openAmendments.get(slot);
    if (open === undefined) {
      open = (await findOpenAmendment(pass.trx, key, proposal.agency_id)) ?? null;
      if (open !== null) await readAmendments(pass, [open]);
      pass.journal.set(pass.openAmendments, slot, open);
    }
    if (open !== null) {
      await linkProposal(pass, open, proposal.code, pair.provision);
      await addAmendmentProvisions(pass, open, pair.provision);
    } else {
      const created = await createAmendment(pass, { document: pair.document, agency: proposal.agency_code, provisions: pair.provision, deadline: options.deadline }, proposal.code);
      pass.journal.set(pass.openAmendments, slot, created);
    }
    changed = true;
  }
  return changed;
}

/** createAmendment of one document for one proposal (form "amend", no type or note). */
async function createAmendment(
  pass: Pass,
  input: { document: string; agency: string; provisions: string | null; deadline: string | null },
  proposalCode: string,
): Promise<number> {
  const { actor, writes } = pass;
  const agency = pass.agencyByCode.get(input.agency.trim().toUpperCase());
  if (!agency) throw new InvalidError({ agency: "errors.unknown_agency" });
  if (!can(actor, "amendment:create", { agency_id: agency.id })) throw new ForbiddenError("amendment:create");
  const document = await ensureDocument(pass, input.document, agency.id);
  const values = {
    legal_document_id: document.id,
    agency_id: agency.id,
    original_agency_id: agency.id,
    provisions: input.provisions,
    form: "amend" as const,
    stage: "not_started" as const,
    deadline: input.deadline,
    note: null,
    created_by: actor.id,
  };
  const id = await writes.insertAmendment(values);
  writes.recordEvent({ actorId: actor.id, entityType: "amendment", entityId: id, agencyId: agency.id, action: "create", toStatus: "not_started" });
  pass.journal.set(pass.amendments, id, { id, agency_id: agency.id, provisions: input.provisions, version: 1, stage: "not_started", number_key: document.key, effective_on: null });
  // carrying one proposal, the amendment's provisions are the ones that proposal needs amended
  await linkProposal(pass, id, proposalCode, input.provisions);
  return id;
}

/** linkProposals of one proposal: the link with its provisions, an event on each side, the progress of an approved proposal. */
async function linkProposal(pass: Pass, amendmentId: number, code: string, provisions: string | null): Promise<void> {
  const { actor, writes } = pass;
  const amendment = await amendmentOf(pass, amendmentId);
  if (!amendment) throw new NotFoundError("amendment", amendmentId);
  if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError("amendment:update");
  const proposal = await proposalOf(pass, code);
  if (!canLink(actor, amendment, proposal)) throw new InvalidError({ proposals: `errors.proposal_not_allowed|code=${proposal.code}` });
  const links = linksOf(pass, proposal.id);
  if (links.some((link) => link.amendment_id === amendmentId)) return;
  await writes.insertProposalLink({ proposalId: proposal.id, amendmentId, provisions });
  pass.journal.push(links, { amendment_id: amendmentId, provisions });
  writes.recordEvent({ actorId: actor.id, entityType: "proposal", entityId: proposal.id, agencyId: proposal.agency_id, action: "link", comment: `#${amendmentId}` });
  writes.recordEvent({ actorId: actor.id, entityType: "amendment", entityId: amendmentId, agencyId: amendment.agency_id, action: "link", comment: proposal.code });
  // only an approved proposal has implementation progress for a new link to move
  if (proposal.status === "approved") await refreshImplementation(pass, proposal);
}

/** addAmendmentProvisions. */
async function addAmendmentProvisions(pass: Pass, amendmentId: number, provisions: string | null): Promise<void> {
  if (!provisions) return;
  const { actor, writes } = pass;
  const amendment = await amendmentOf(pass, amendmentId);
  if (!amendment) throw new NotFoundError("amendment", amendmentId);
  if (!can(actor, "amendment:update", amendment)) throw new ForbiddenError("amendment:update");
  const merged = mergedProvisions(amendment.provisions, provisions);
  if (merged === null) return;
  if (!(await writes.setAmendmentProvisions(amendment, merged))) throw new StaleVersionError(amendment.version, amendment.version + 1);
  writes.recordEvent({
    actorId: actor.id,
    entityType: "amendment",
    entityId: amendment.id,
    agencyId: amendment.agency_id,
    action: "update",
    changes: { provisions: [amendment.provisions, merged] },
  });
  pass.journal.assign(amendment, { provisions: merged, version: amendment.version + 1 });
}

/** setLinkProvisions. */
async function setLinkProvisions(pass: Pass, target: { amendmentId: number; proposalCode: string }, provisions: string | null): Promise<void> {
  const { actor, writes } = pass;
  const proposal = await proposalOf(pass, target.proposalCode);
  const link = linksOf(pass, proposal.id).find((candidate) => candidate.amendment_id === target.amendmentId);
  const amendment = await amendmentOf(pass, target.amendmentId);
  if (!link || !amendment) throw new NotFoundError("link", `${proposal.id}/${target.amendmentId}`);
  if (!canLink(actor, { agency_id: amendment.agency_id }, proposal)) throw new ForbiddenError("proposal:link");
  if (link.provisions !== provisions) {
    await writes.setProposalLinkProvisions({ proposalId: proposal.id, amendmentId: target.amendmentId }, provisions);
    writes.recordEvent({
      actorId: actor.id,
      entityType: "proposal",
      entityId: proposal.id,
      agencyId: proposal.agency_id,
      action: "update",
      comment: `#${target.amendmentId}`,
      changes: { provisions: [link.provisions, provisions] },
    });
    pass.journal.assign(link, { provisions });
  }
  await addAmendmentProvisions(pass, target.amendmentId, provisions);
}

/** transitionProposal's "record_approval" step (no comment, no version): approved under a decision, as complete as a submission. */
async function recordApproval(pass: Pass, code: string, input: { decisionId: number; dueOn: string | null }): Promise<void> {
  const { actor, writes } = pass;
  const proposal = await proposalOf(pass, code);
  const rule = RECORD_APPROVAL;
  if (!can(actor, rule.permission, proposal)) throw new ForbiddenError();
  if (!rule.from.includes(proposal.status)) throw new ConflictError(`errors.transition_not_allowed`);
  if (rule.requires.includes("comment")) throw new InvalidError({ comment: "errors.required" });
  const reason = proposal.no_amendment_reason;
  const gaps = submitGaps(proposal, reason, linksOf(pass, proposal.id).length > 0);
  if (Object.keys(gaps).length) throw new InvalidError(gaps);
  const decision = pass.decisionById.get(input.decisionId);
  if (!decision) throw new InvalidError({ decision: "errors.unknown_decision" });
  const changes = { no_amendment_reason: reason, decision_id: decision.id, due_on: input.dueOn ?? decision.due_on ?? proposal.due_on, status: rule.to };
  if (!(await writes.approveProposal(proposal, changes))) throw new StaleVersionError(undefined, proposal.version);
  const fromStatus = proposal.status;
  pass.journal.assign(proposal, { ...changes, version: proposal.version + 1 });
  await refreshImplementation(pass, proposal);
  writes.recordEvent({
    actorId: actor.id,
    entityType: "proposal",
    entityId: proposal.id,
    agencyId: proposal.agency_id,
    action: "status",
    fromStatus,
    toStatus: rule.to,
    comment: decision.number,
  });
}


/** refreshImplementation of one proposal, from its links' amendments as the pass knows them. */
async function refreshImplementation(pass: Pass, proposal: ProposalRecord): Promise<void> {
  const own = proposal.status === "approved" ? linksOf(pass, proposal.id).map((link) => pass.amendments.get(link.amendment_id)) : [];
  if (own.some((amendment) => amendment === undefined)) throw new NotFoundError("amendment", proposal.id);
  const amendments = own as AmendmentRecord[];
  const progress = implementationProgress({ status: proposal.status, noAmendmentReason: proposal.no_amendment_reason, stages: amendments.map((amendment) => amendment.stage) });
  // the day the last amending document it waited for took effect (today when none was needed)
  const implementedOn =
    progress === "implemented"
      ? (amendments
          .filter((amendment) => amendment.stage === "in_force")
          .map((amendment) => amendment.effective_on ?? currentDay())
          .sort()
          .at(-1) ??
        proposal.implemented_on ??
        currentDay())
      : null;
  if (progress !== proposal.implementation_progress || implementedOn !== proposal.implemented_on) {
    await pass.writes.setImplementationProgress(proposal.id, progress, implementedOn);
    pass.journal.assign(proposal, { implementation_progress: progress, implemented_on: implementedOn });
  }
}

/** Which column a service's form field stands for in the import layout. */
const FIELD_COLUMNS: Record<string, ImportColumnKey> = {
  no_amendment_reason: "documents_to_amend",
  proposals: "documents_to_amend",
  document: "documents_to_amend",
  provisions: "provisions_to_amend",
  deadline: "timeline",
};

/** A rule's refusal of a row as the row's errors; anything else is logged and reported as unexpected. */
export function issuesFrom(error: unknown, row: ImportRow): ImportIssue[] {
  if (error instanceof InvalidError) {
    return Object.entries(error.errors).map(([field, message]) => {
      const column = FIELD_COLUMNS[field] ?? (isColumn(field) ? field : null);
      return issue(row, column, message ?? "errors.generic");
    });
  }
  if (error instanceof ConflictError) return [issue(row, null, error.reason)];
  if (error instanceof StaleVersionError) return [issue(row, null, "imports.errors.changed_meanwhile")];
  if (error instanceof ForbiddenError) return [issue(row, "agency", "imports.errors.other_agency")];
  if (error instanceof NotFoundError) return [issue(row, "agency", "errors.generic")];
  console.error(`import row ${row.rowNumber}:`, error);
  return [issue(row, null, "imports.errors.unexpected")];
}
