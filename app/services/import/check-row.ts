import { documentNumberKey } from "~/domain/document-number";
import { can } from "~/domain/permissions";
import { RECORD_APPROVAL } from "~/domain/proposal-workflow";
import { labels } from "~/i18n/messages/labels";
import { proposalFormValues, ProposalSchema, type ProposalInput } from "~/schemas/proposal";
import { contentKey, normalizeCode, resolveAgency, sameAgency, type AgencyRecord, type Context, type DecisionRecord, type ImportedProposal } from "./context";
import type { ImportRow } from "./header";
import { columnHeader, IMPORT_COLUMN_KEYS, splitList, type ImportColumnKey } from "./layout";
import { excerpt, type ImportIssue } from "./report";
import { actionKey, regulationTypeKey } from "./vocabulary";

// One row checked before anything is written: its code, its agency (and whether this actor may
// import for it), the proposal form's own schema over its cells (a stored proposal's values
// where the file has no such column), its decision and its documents. Pure: the lookups come in
// a Context (context.ts); what only the services know is found when the row is applied.

export interface DocumentPair {
  document: string;
  provision: string | null;
}

export interface CheckedRow {
  rowNumber: number;
  /** As written in the file; null when the file gives none (one is assigned). */
  code: string | null;
  existing: ImportedProposal | null;
  agency: AgencyRecord | null;
  input: ProposalInput | null;
  decision: Pick<DecisionRecord, "id" | "number" | "due_on"> | null;
  /** null when the file has no documents column: the links are left as they are. */
  pairs: DocumentPair[] | null;
  row: ImportRow;
  errors: ImportIssue[];
}

const CODE = /^[\p{Lu}\p{N}][\p{Lu}\p{N}._/-]{0,29}$/u;
/** The layout's columns that are fields of the proposal form (the agency is resolved apart). */
type FormField = Exclude<keyof typeof ProposalSchema.shape & ImportColumnKey, "agency">;
const FORM_FIELDS = IMPORT_COLUMN_KEYS.filter((key): key is FormField => key !== "agency" && key in ProposalSchema.shape);

/** An issue of a row, at a column (its header and value as the file writes them) or of the whole row. */
export function issue(row: ImportRow, column: ImportColumnKey | null, message: string): ImportIssue {
  const value = column ? row.cells.get(column) : undefined;
  return {
    row: row.rowNumber,
    column,
    header: column ? excerpt(row.headers.get(column) ?? columnHeader(column)) : null,
    value: value === undefined ? null : excerpt(value),
    message,
  };
}

export function isColumn(field: string): field is ImportColumnKey {
  return (IMPORT_COLUMN_KEYS as readonly string[]).includes(field);
}

/** Checks a row against the lookups; remembers its code and content in the context to find duplicates. One error per column at most. */
export function checkRow(row: ImportRow, context: Context): CheckedRow {
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
  } else if (code) {
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
  // the permission the row's service will check, asked up front so the row is refused before any write
  if (ownAgencyId !== undefined && !can(context.actor, existing ? "proposal:update" : "proposal:create", { agency_id: ownAgencyId })) {
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

/** The documents to amend, each with its provisions: one cell of provisions per document, in order. */
export function documentPairs(row: ImportRow, fail: (column: ImportColumnKey, message: string) => void): DocumentPair[] | null {
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
