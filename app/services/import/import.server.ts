import { currentDay } from "~/clock.server";
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { SessionUser } from "~/auth/session.server";
import { documentNumberKey } from "~/domain/document-number";
import { can } from "~/domain/permissions";
import { formatCount } from "~/domain/numbers";
import { foldVietnamese } from "~/domain/text";
import { RECORD_APPROVAL } from "~/domain/proposal-workflow";
import { readTextCell } from "~/domain/spreadsheet-text";
import { labels } from "~/i18n/messages/labels";
import { proposalFormValues, ProposalSchema, type ProposalInput } from "~/schemas/proposal";
import { addAmendmentProvisions, createAmendment, linkProposals, setLinkProvisions } from "~/services/amendment.server";
import { ForbiddenError, NotFoundError, ConflictError, InvalidError, StaleVersionError } from "~/domain/errors";
import { createProposal, updateProposal } from "~/services/proposal.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { inChunks, optimizeDatabase, takeWriteLock } from "~/db.server";
import type { DB } from "../../../db/types";
import { columnForHeader, columnHeader, IMPORT_COLUMN_KEYS, provisionsCell, REQUIRED_COLUMNS, splitList, type ImportColumnKey } from "./layout";
import { readSheet, type ReadSheetError, type SheetGrid } from "./read-sheet.server";
import { actionKey, regulationTypeKey } from "./vocabulary";

// A ministry's plan in, as one use case: read the file, check every row, then apply the rows
// through the same services the forms use, inside one transaction. A dry run is the same pass
// rolled back, so it reports exactly what a commit would do, including what only the services
// know (a proposal an officer can no longer change, a row too incomplete to approve). A commit
// keeps all rows or none.

export type ImportActor = Pick<SessionUser, "id" | "role" | "agency_id">;
export type RowOutcome = "new" | "updated" | "unchanged" | "invalid";

export interface ImportIssue {
  /** The row number as the user sees it in the spreadsheet; null for the whole file. */
  row: number | null;
  column: ImportColumnKey | null;
  /** The column's header as the file writes it (an excerpt). */
  header: string | null;
  /** The cell as the file writes it (an excerpt). */
  value: string | null;
  /** An i18n key, with parameters after "|". */
  message: string;
}

export interface ImportReport {
  fileName: string;
  format: SheetGrid["format"] | null;
  sheetName: string | null;
  /** A reason the whole file was refused (too large, not a spreadsheet, no header…). */
  fileError: string | null;
  rows: number;
  counts: Record<RowOutcome, number>;
  outcomes: { row: number; code: string | null; outcome: RowOutcome }[];
  /** The first MAX_REPORT_ERRORS errors, in row order. */
  errors: ImportIssue[];
  /** Every error found, listed or not. */
  errorCount: number;
  notes: ImportIssue[];
  committed: boolean;
  /** The lists (rows, errors, notes) were given up to keep within the uploader's storage; the counts stay. */
  trimmed?: boolean;
}

// A report is kept with its import, so what it holds of the file is bounded: an excerpt of each
// value or header, and so many errors and notes. A file of 50,000 bad rows needs fixing as a
// whole anyway; the counts cover it all.
export const EXCERPT_CHARS = 200;
export const MAX_REPORT_ERRORS = 10_000;
export const MAX_REPORT_NOTES = 100;

/** A value as a report keeps it: at most EXCERPT_CHARS characters, an ellipsis saying it was cut. */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_CHARS) return text;
  // never half a surrogate pair
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(EXCERPT_CHARS - 1)) ? EXCERPT_CHARS - 1 : EXCERPT_CHARS;
  return `${text.slice(0, cut)}…`;
}

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

/** Reads, checks and applies a file; commits only when asked and when no row is invalid. */
export async function runImport(
  db: Kysely<DB>,
  actor: ImportActor,
  file: ImportFile,
  options: { commit: boolean; importId?: number; today?: string },
): Promise<ImportReport> {
  const report = emptyReport(file.name);
  const read = await readSheet(file.bytes, file.name);
  if (!read.ok) return { ...report, fileError: readErrorMessage(read.error) };
  report.format = read.grid.format;
  report.sheetName = read.grid.sheetName === undefined ? null : excerpt(read.grid.sheetName);

  const layout = findHeader(read.grid.rows);
  if ("error" in layout) return { ...report, fileError: layout.error };
  report.notes = layout.notes;
  const rows = read.grid.rows.filter((row) => row.rowNumber > layout.rowNumber).map((row) => toImportRow(row, layout.columns));
  report.rows = rows.length;
  if (rows.length === 0) return { ...report, fileError: "imports.errors.no_rows" };

  const context = await loadContext(db, actor, rows, options.today ?? currentDay());
  const checked = rows.map((row) => checkRow(row, context));
  // Rows first go through the services straight, the fast way. Only if a service refuses a row
  // (what the checks above could not see) is the pass repeated with each row in a savepoint,
  // rolled back, so that every row's errors are reported and none hides another's.
  const fast = await applyRows(db, actor, file, checked, report, { ...options, isolate: false });
  // a bulk write: the planner's statistics follow it (README design decision 15)
  if (fast.report.committed) await optimizeDatabase(db);
  if (!fast.stopped) return fast.report;
  return (await applyRows(db, actor, file, checked, report, { ...options, commit: false, isolate: true })).report;
}

/** One pass over the checked rows; its report starts from `read` (the file's facts) with no outcome yet. */
async function applyRows(
  db: Kysely<DB>,
  actor: ImportActor,
  file: ImportFile,
  checked: CheckedRow[],
  read: ImportReport,
  options: { commit: boolean; isolate: boolean; importId?: number },
): Promise<{ report: ImportReport; stopped: boolean }> {
  const report: ImportReport = { ...read, counts: { new: 0, updated: 0, unchanged: 0, invalid: 0 }, outcomes: [], errors: [], errorCount: 0, committed: false };
  const addErrors = (errors: ImportIssue[]) => {
    report.errorCount += errors.length;
    report.errors.push(...errors.slice(0, Math.max(0, MAX_REPORT_ERRORS - report.errors.length)));
  };
  const rollback = new Rollback();
  let stopped = false;
  try {
    await db.transaction().execute(async (trx) => {
      // another process's commit can then neither slip into the event range read here nor void
      // this transaction's snapshot
      await takeWriteLock(trx);
      const before = await lastEventId(trx);
      const pass: Pass = { trx, actor, openAmendments: new Map() };
      for (const row of checked) {
        if (row.errors.length) {
          addErrors(row.errors);
          report.outcomes.push({ row: row.rowNumber, code: row.code, outcome: "invalid" });
          continue;
        }
        const applied = await applyOne(pass, row, options.isolate);
        if (!options.isolate && applied.outcome === "invalid") {
          stopped = true;
          throw rollback;
        }
        addErrors(applied.errors);
        report.outcomes.push({ row: row.rowNumber, code: applied.code, outcome: applied.outcome });
      }
      for (const { outcome } of report.outcomes) report.counts[outcome] += 1;
      if (!options.commit || report.counts.invalid > 0) throw rollback;
      await recordCommit(trx, actor, file, report, options.importId, before, await lastEventId(trx));
      report.committed = true;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return { report, stopped };
}

class Rollback extends Error {}

function emptyReport(fileName: string): ImportReport {
  return {
    fileName: excerpt(fileName),
    format: null,
    sheetName: null,
    fileError: null,
    rows: 0,
    counts: { new: 0, updated: 0, unchanged: 0, invalid: 0 },
    outcomes: [],
    errors: [],
    errorCount: 0,
    notes: [],
    committed: false,
  };
}

function readErrorMessage(error: ReadSheetError): string {
  switch (error.code) {
    case "too_large":
      return `imports.errors.too_large|max=${error.maxMb}`;
    case "too_many_rows":
      return `imports.errors.too_many_rows|max=${formatCount(error.maxRows, "vi")}`;
    case "legacy_xls":
      return error.encrypted ? "imports.errors.encrypted" : "imports.errors.legacy_xls";
    case "not_spreadsheet":
      // a spreadsheet in another format: say how to make it one we read
      if (error.detected === "ods" || error.detected === "xlsb" || error.detected === "html" || error.detected === "xml") return "imports.errors.save_as_xlsx";
      if (error.detected === "damaged_xlsx") return "imports.errors.damaged_xlsx";
      return "imports.errors.not_spreadsheet";
    default:
      return `imports.errors.${error.code}`;
  }
}

// ---------- the header ----------

interface Layout {
  rowNumber: number;
  columns: { index: number; key: ImportColumnKey; header: string }[];
  notes: ImportIssue[];
}

/** Rows above the header (a title, a date) are allowed; the header is the first row naming 3 known columns. */
const HEADER_SEARCH_ROWS = 20;
const HEADER_MIN_COLUMNS = 3;

function findHeader(rows: SheetGrid["rows"]): Layout | { error: string } {
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const named = row.cells.map((header, index) => ({ index, header, key: columnForHeader(header) }));
    const known = named.filter((cell): cell is { index: number; header: string; key: ImportColumnKey } => cell.key !== null && cell.key !== "ignored");
    if (known.length < HEADER_MIN_COLUMNS) continue;
    const seen = new Set<ImportColumnKey>();
    for (const cell of known) {
      if (seen.has(cell.key)) return { error: `imports.errors.duplicate_column|column=${excerpt(cell.header)}` };
      seen.add(cell.key);
    }
    const missing = REQUIRED_COLUMNS.filter((key) => !seen.has(key));
    if (missing.length) return { error: `imports.errors.missing_columns|columns=${missing.map(columnLabel).join(", ")}` };
    const ignored = named.filter((cell) => cell.key === null && cell.header !== "");
    const notes: ImportIssue[] = ignored
      .slice(0, MAX_REPORT_NOTES)
      .map((cell) => ({ row: row.rowNumber, column: null, header: excerpt(cell.header), value: null, message: "imports.notes.ignored_column" }));
    if (ignored.length > MAX_REPORT_NOTES) {
      notes.push({ row: row.rowNumber, column: null, header: null, value: null, message: `imports.notes.more_ignored|count=${ignored.length - MAX_REPORT_NOTES}` });
    }
    return { rowNumber: row.rowNumber, columns: known, notes };
  }
  return { error: "imports.errors.no_header" };
}

function columnLabel(key: ImportColumnKey): string {
  return `“${columnHeader(key)}” (${key})`;
}

interface ImportRow {
  rowNumber: number;
  cells: Map<ImportColumnKey, string>;
  headers: Map<ImportColumnKey, string>;
}

function toImportRow(row: SheetGrid["rows"][number], columns: Layout["columns"]): ImportRow {
  const cells = new Map<ImportColumnKey, string>();
  const headers = new Map<ImportColumnKey, string>();
  for (const column of columns) {
    cells.set(column.key, readTextCell((row.cells[column.index] ?? "").trim()));
    headers.set(column.key, column.header);
  }
  return { rowNumber: row.rowNumber, cells, headers };
}

// ---------- what the rows refer to ----------

interface AgencyRecord {
  id: number;
  code: string;
  name_vi: string;
  name_en: string;
  active_to: string | null;
}

type StoredProposal = Awaited<ReturnType<typeof storedProposals>>[number];

interface Context {
  actor: ImportActor;
  today: string;
  agencyByName: Map<string, AgencyRecord>;
  agencyById: Map<number, AgencyRecord>;
  /** A ceased agency's full or main successor. */
  successorOf: Map<number, number>;
  decisionByKey: Map<string, { id: number; number: string; due_on: string | null }>;
  proposalByCode: Map<string, StoredProposal>;
  proposalByContent: Map<string, StoredProposal>;
  /** Rows seen so far, by code and by content: a second one is a duplicate. */
  rowByCode: Map<string, number>;
  rowByContent: Map<string, number>;
}

function storedProposals(db: Kysely<DB>, where: { codes: string[] } | { agencyIds: number[] }) {
  let query = db
    .selectFrom("proposals")
    .innerJoin("agencies", "agencies.id", "proposals.agency_id")
    .leftJoin("legal_documents", "legal_documents.id", "proposals.source_document_id")
    .leftJoin("decisions", "decisions.id", "proposals.decision_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.agency_id",
      "agencies.code as agency_code",
      "proposals.status",
      "proposals.decision_id",
      "decisions.number as decision_number",
      "proposals.regulation_type",
      "proposals.title",
      "legal_documents.number as source_document_number",
      "proposals.source_provision",
      "proposals.action",
      "proposals.proposed_change",
      "proposals.rationale",
      "proposals.procedure_code",
      "proposals.cost_before_vnd",
      "proposals.cost_after_vnd",
      "proposals.timeline",
      "proposals.due_on",
    ]);
  query = "codes" in where ? query.where("proposals.code", "in", where.codes) : query.where("proposals.agency_id", "in", where.agencyIds);
  return query.execute();
}

async function loadContext(db: Kysely<DB>, actor: ImportActor, rows: ImportRow[], today: string): Promise<Context> {
  const [agencies, successions, decisions] = await Promise.all([
    db.selectFrom("agencies").select(["id", "code", "name_vi", "name_en", "active_to"]).execute(),
    db.selectFrom("agency_successions").select(["predecessor_id", "successor_id", "scope"]).where("scope", "in", ["full", "main"]).orderBy("scope").execute(),
    db.selectFrom("decisions").select(["id", "number", "number_key", "due_on"]).execute(),
  ]);
  const context: Context = {
    actor,
    today,
    agencyByName: new Map(),
    agencyById: new Map(agencies.map((agency) => [agency.id, agency])),
    successorOf: new Map(),
    decisionByKey: new Map(decisions.map((decision) => [decision.number_key, decision])),
    proposalByCode: new Map(),
    proposalByContent: new Map(),
    rowByCode: new Map(),
    rowByContent: new Map(),
  };
  for (const agency of agencies) {
    for (const name of [agency.code, agency.name_vi, agency.name_en]) context.agencyByName.set(foldVietnamese(name), agency);
  }
  // "full" sorts before "main": a full merger wins over a main successor
  for (const succession of successions) {
    if (!context.successorOf.has(succession.predecessor_id)) context.successorOf.set(succession.predecessor_id, succession.successor_id);
  }

  const codes = [...new Set(rows.map((row) => normalizeCode(row.cells.get("code") ?? "")).filter(Boolean))];
  for (const chunk of inChunks(codes)) {
    for (const proposal of await storedProposals(db, { codes: chunk })) {
      context.proposalByCode.set(proposal.code, proposal);
    }
  }
  // a row without a code is the proposal of its agency with the same title and proposed change,
  // so that sending the same plan twice does not log it twice
  const uncoded = rows.filter((row) => !row.cells.get("code"));
  const agencyIds = [...new Set(uncoded.map((row) => resolveAgency(context, row.cells.get("agency") ?? "")).flatMap((found) => ("agency" in found ? [found.agency.id] : [])))];
  if (agencyIds.length) {
    for (const proposal of await storedProposals(db, { agencyIds })) {
      const key = contentKey(proposal.agency_id, proposal.title, proposal.proposed_change);
      if (!context.proposalByContent.has(key)) context.proposalByContent.set(key, proposal);
    }
  }
  return context;
}

function normalizeCode(text: string): string {
  return text.normalize("NFC").trim().toUpperCase();
}

function contentKey(agencyId: number, title: string, proposedChange: string): string {
  return `${agencyId}\n${foldVietnamese(title)}\n${foldVietnamese(proposedChange)}`;
}

/** The agency a cell names (code or name), followed through mergers to the one that exists today. */
function resolveAgency(context: Context, text: string): { agency: AgencyRecord } | { error: string } {
  let agency = context.agencyByName.get(foldVietnamese(text));
  if (!agency) return { error: "errors.unknown_agency" };
  const named = agency;
  for (let hops = 0; agency.active_to !== null && agency.active_to < context.today && hops < 10; hops += 1) {
    const successor = context.agencyById.get(context.successorOf.get(agency.id) ?? -1);
    if (!successor) return { error: `imports.errors.agency_ceased|agency=${named.code}` };
    agency = successor;
  }
  return { agency };
}

// ---------- checking a row ----------

interface DocumentPair {
  document: string;
  provision: string | null;
}

interface CheckedRow {
  rowNumber: number;
  /** As written in the file; null when the file gives none (one is assigned). */
  code: string | null;
  existing: StoredProposal | null;
  agency: AgencyRecord | null;
  input: ProposalInput | null;
  decision: { id: number; number: string; due_on: string | null } | null;
  /** null when the file has no documents column: the links are left as they are. */
  pairs: DocumentPair[] | null;
  row: ImportRow;
  errors: ImportIssue[];
}

const CODE = /^[\p{Lu}\p{N}][\p{Lu}\p{N}._/-]{0,29}$/u;
/** The layout's columns that are fields of the proposal form (the agency is resolved apart). */
type FormField = Exclude<keyof typeof ProposalSchema.shape & ImportColumnKey, "agency">;
const FORM_FIELDS = IMPORT_COLUMN_KEYS.filter((key): key is FormField => key !== "agency" && key in ProposalSchema.shape);

function issue(row: ImportRow, column: ImportColumnKey | null, message: string): ImportIssue {
  const value = column ? row.cells.get(column) : undefined;
  return {
    row: row.rowNumber,
    column,
    header: column ? excerpt(row.headers.get(column) ?? columnHeader(column)) : null,
    value: value === undefined ? null : excerpt(value),
    message,
  };
}

function sameAgency(context: Context, a: number, b: number): boolean {
  const current = (id: number) => {
    const agency = context.agencyById.get(id);
    const found = agency ? resolveAgency(context, agency.code) : undefined;
    return found && "agency" in found ? found.agency.id : id;
  };
  return current(a) === current(b);
}

function checkRow(row: ImportRow, context: Context): CheckedRow {
  const errors: ImportIssue[] = [];
  const flagged = new Set<ImportColumnKey>();
  const fail = (column: ImportColumnKey | null, message: string) => {
    if (column && flagged.has(column)) return;
    if (column) flagged.add(column);
    errors.push(issue(row, column, message));
  };
  const cell = (key: ImportColumnKey) => row.cells.get(key);
  const checked: CheckedRow = { rowNumber: row.rowNumber, code: null, existing: null, agency: null, input: null, decision: null, pairs: null, row, errors };

  const code = normalizeCode(cell("code") ?? "") || null;
  checked.code = code;
  if (code && !CODE.test(code)) {
    fail("code", "imports.errors.invalid_code");
    checked.code = excerpt(code);
  }
  else if (code) {
    const first = context.rowByCode.get(code);
    if (first !== undefined) fail("code", `imports.errors.duplicate_code|row=${first}`);
    else context.rowByCode.set(code, row.rowNumber);
  }

  const found = resolveAgency(context, cell("agency") ?? "");
  if ("error" in found) fail("agency", cell("agency") ? found.error : "errors.required");
  const agency = "agency" in found ? found.agency : null;
  checked.agency = agency;

  let existing = code ? (context.proposalByCode.get(code) ?? null) : null;
  if (!code && agency) {
    const key = contentKey(agency.id, cell("title") ?? "", cell("proposed_change") ?? "");
    existing = context.proposalByContent.get(key) ?? null;
    const first = context.rowByContent.get(key);
    if (first !== undefined) fail("title", `imports.errors.duplicate_row|row=${first}`);
    else context.rowByContent.set(key, row.rowNumber);
  }
  checked.existing = existing;
  if (existing && agency && !sameAgency(context, existing.agency_id, agency.id)) {
    fail("agency", `imports.errors.agency_differs|agency=${context.agencyById.get(existing.agency_id)?.code ?? ""}`);
  }
  const ownAgencyId = existing?.agency_id ?? agency?.id;
  if (context.actor.role === "officer" && ownAgencyId !== undefined && ownAgencyId !== context.actor.agency_id) {
    fail("agency", "imports.errors.other_agency");
  }

  // the form's fields: the file's cell, or what is stored when the file has no such column
  const raw: Record<string, string> = { agency: agency?.code ?? cell("agency") ?? "", ...(existing ? proposalFormValues(existing) : {}) };
  for (const field of FORM_FIELDS) {
    const value = cell(field);
    if (value !== undefined) raw[field] = value;
  }
  for (const [field, keyOf, labelSet] of [
    ["regulation_type", regulationTypeKey, labels.vi.regulationType],
    ["action", actionKey, labels.vi.action],
  ] as const) {
    const value = raw[field] ?? "";
    if (value === "") continue;
    const key = keyOf(value);
    if (key) raw[field] = key;
    else fail(field, `imports.errors.unknown_${field}|allowed=${Object.values(labelSet).join("; ")}`);
  }
  const parsed = ProposalSchema.safeParse(raw);
  if (parsed.success) checked.input = parsed.data;
  else {
    for (const problem of parsed.error.issues) {
      const field = String(problem.path[0] ?? "");
      fail(isColumn(field) ? field : null, problem.message);
    }
  }

  const decisionText = cell("decision") ?? "";
  if (decisionText) {
    const decision = context.decisionByKey.get(documentNumberKey(decisionText));
    if (!decision) fail("decision", `errors.unknown_decision`);
    else if (decision.id !== existing?.decision_id) {
      checked.decision = decision;
      // the workflow step that records it (RECORD_APPROVAL): who may take it, and from where
      if (ownAgencyId !== undefined && !can(context.actor, RECORD_APPROVAL.permission, { agency_id: ownAgencyId })) {
        fail("decision", "imports.errors.decision_reviewer_only");
      } else if (existing?.status === "approved") {
        fail("decision", `imports.errors.decision_differs|current=${existing.decision_number ?? ""}`);
      } else if (existing && !RECORD_APPROVAL.from.includes(existing.status)) {
        fail("decision", "imports.errors.cannot_approve_closed");
      }
    }
  }

  checked.pairs = documentPairs(row, fail);
  return checked;
}

function isColumn(field: string): field is ImportColumnKey {
  return (IMPORT_COLUMN_KEYS as readonly string[]).includes(field);
}

/** The documents to amend, each with its provisions: one cell of provisions per document, in order. */
function documentPairs(row: ImportRow, fail: (column: ImportColumnKey, message: string) => void): DocumentPair[] | null {
  const documentsCell = row.cells.get("documents_to_amend");
  const provisionsText = row.cells.get("provisions_to_amend") ?? "";
  if (documentsCell === undefined) return null;
  const documents = splitList(documentsCell);
  if (documents.length === 0) {
    if (provisionsText) fail("provisions_to_amend", "imports.errors.provisions_without_documents");
    return [];
  }
  const keys = new Set<string>();
  for (const document of documents) {
    if (document.length > 100) fail("documents_to_amend", "errors.too_long|max=100");
    const key = documentNumberKey(document);
    if (keys.has(key)) fail("documents_to_amend", `imports.errors.duplicate_document|document=${document}`);
    keys.add(key);
  }
  if (documents.length === 1) return [{ document: documents[0] ?? "", provision: provisionsText || null }];
  const provisions = splitList(provisionsText);
  if (provisions.length > 0 && provisions.length !== documents.length) {
    fail("provisions_to_amend", `imports.errors.provisions_count|documents=${documents.length}|provisions=${provisions.length}`);
  }
  return documents.map((document, index) => ({ document, provision: provisions[index] ?? null }));
}

// ---------- applying a row ----------

type ValidRow = CheckedRow & { input: ProposalInput; agency: AgencyRecord };

/** One pass over the rows in one transaction, with what the pass has learned so far. */
interface Pass {
  trx: Transaction<DB>;
  actor: ImportActor;
  /** The open amendment found or created per (document key, agency id): many rows share one. */
  openAmendments: Map<string, number>;
}

type Applied = { code: string | null; outcome: RowOutcome; errors: ImportIssue[] };

/**
 * Applies one checked row. `isolate`: in a savepoint, rolled back if a service refuses the row,
 * so the pass can go on to the next; otherwise a refusal leaves the transaction to be rolled back.
 */
async function applyOne(pass: Pass, row: CheckedRow, isolate: boolean): Promise<Applied> {
  if (!row.input || !row.agency) return { code: row.code, outcome: "invalid", errors: [issue(row.row, null, "errors.generic")] };
  if (isolate) await sql`savepoint import_row`.execute(pass.trx);
  try {
    const applied = await applyRow(pass, row as ValidRow);
    if (isolate) await sql`release savepoint import_row`.execute(pass.trx);
    return { ...applied, errors: [] };
  } catch (error) {
    if (isolate) {
      await sql`rollback to savepoint import_row`.execute(pass.trx);
      await sql`release savepoint import_row`.execute(pass.trx);
      // an amendment the row created is gone with it
      pass.openAmendments.clear();
    }
    return { code: row.code, outcome: "invalid", errors: issuesFrom(error, row.row) };
  }
}

async function applyRow(pass: Pass, row: ValidRow): Promise<{ code: string; outcome: RowOutcome }> {
  const { trx, actor } = pass;
  let changed = false;
  let proposal: { id: number; code: string; decision_id: number | null; agency_id: number; agency_code: string };
  if (row.existing) {
    changed = await updateProposal(trx, actor, row.existing.code, row.input);
    const agency = row.agency.id === row.existing.agency_id ? row.agency : { id: row.existing.agency_id, code: row.existing.agency_code };
    proposal = { ...row.existing, agency_id: agency.id, agency_code: agency.code };
  } else {
    const created = await createProposal(trx, actor, { ...row.input, agency: row.agency.code }, { code: row.code ?? undefined });
    proposal = { ...created, decision_id: null, agency_id: row.agency.id, agency_code: row.agency.code };
  }
  const code = proposal.code;
  if (row.pairs) {
    const deadline = row.input.timeline.dueOn ?? row.decision?.due_on ?? null;
    changed = (await linkDocuments(pass, proposal, row.pairs, { deadline, isNew: !row.existing })) || changed;
  }
  if (row.decision && row.decision.id !== proposal.decision_id) {
    await transitionProposal(trx, actor, code, "record_approval", { decisionId: row.decision.id, dueOn: row.input.timeline.dueOn });
    changed = true;
  }
  return { code, outcome: row.existing ? (changed ? "updated" : "unchanged") : "new" };
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
  const { trx, actor } = pass;
  let changed = false;
  const links = options.isNew
    ? []
    : await trx
        .selectFrom("proposal_amendments")
        .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
        .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
        .select(["proposal_amendments.amendment_id", "proposal_amendments.provisions as link_provisions", "amendments.provisions", "legal_documents.number_key"])
        .where("proposal_amendments.proposal_id", "=", proposal.id)
        .execute();
  for (const pair of pairs) {
    const key = documentNumberKey(pair.document);
    const link = links.find((candidate) => candidate.number_key === key);
    if (link) {
      // an empty cell says nothing about the provisions: what is recorded stays
      if (pair.provision !== null && pair.provision !== provisionsCell(link.link_provisions, link.provisions, pairs.length)) {
        await setLinkProvisions(trx, actor, { amendmentId: link.amendment_id, proposalId: proposal.id }, pair.provision);
        changed = true;
      }
      continue;
    }
    const slot = `${key}\n${proposal.agency_id}`;
    const open = pass.openAmendments.get(slot) ?? (await openAmendment(trx, key, proposal.agency_id));
    if (open !== undefined) {
      await linkProposals(trx, actor, open, [proposal.code], pair.provision);
      await addAmendmentProvisions(trx, actor, open, pair.provision);
      pass.openAmendments.set(slot, open);
    } else {
      const created = await createAmendment(trx, actor, {
        document: pair.document,
        doc_type: null,
        agency: proposal.agency_code,
        provisions: pair.provision,
        form: "amend",
        deadline: options.deadline,
        note: null,
        proposals: [proposal.code],
      });
      pass.openAmendments.set(slot, created);
    }
    changed = true;
  }
  return changed;
}

/** The oldest amendment of a document by an agency that is still to be carried out. */
async function openAmendment(trx: Transaction<DB>, numberKey: string, agencyId: number): Promise<number | undefined> {
  const row = await trx
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .select("amendments.id")
    .where("legal_documents.number_key", "=", numberKey)
    .where("amendments.agency_id", "=", agencyId)
    .where("amendments.stage", "not in", ["in_force", "cancelled"])
    .orderBy("amendments.id")
    .executeTakeFirst();
  return row?.id;
}

/** Which column a service's form field stands for in the import layout. */
const FIELD_COLUMNS: Record<string, ImportColumnKey> = {
  no_amendment_reason: "documents_to_amend",
  proposals: "documents_to_amend",
  document: "documents_to_amend",
  provisions: "provisions_to_amend",
  deadline: "timeline",
};

function issuesFrom(error: unknown, row: ImportRow): ImportIssue[] {
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

// ---------- the import's own record ----------

async function lastEventId(trx: Transaction<DB>): Promise<number> {
  const row = await trx.selectFrom("events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function recordCommit(
  trx: Transaction<DB>,
  actor: ImportActor,
  file: ImportFile,
  report: ImportReport,
  importId: number | undefined,
  before: number,
  after: number,
): Promise<void> {
  const now = new Date().toISOString();
  const values = {
    status: "committed" as const,
    committed_at: now,
    file: null,
    new_count: report.counts.new,
    updated_count: report.counts.updated,
    unchanged_count: report.counts.unchanged,
    first_event_id: after > before ? before + 1 : null,
    last_event_id: after > before ? after : null,
    report: JSON.stringify({ ...report, committed: true }),
  };
  if (importId === undefined) {
    await trx
      .insertInto("imports")
      .values({ actor_id: actor.id, file_name: excerpt(file.name), file_sha256: sha256(file.bytes), file_size: file.bytes.byteLength, created_at: now, ...values })
      .execute();
    return;
  }
  // a second confirmation of the same upload (another tab) finds it committed and changes nothing
  const updated = await trx.updateTable("imports").set(values).where("id", "=", importId).where("status", "=", "staged").executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError("imports.errors.not_staged");
}
