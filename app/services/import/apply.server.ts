import type { Transaction } from "kysely";
import { documentNumberKey } from "~/domain/document-number";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, StaleVersionError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { findOpenAmendment, listProposalDocumentLinks } from "~/models/import-lookups.server";
import { withSavepoint } from "~/models/sql.server";
import type { ProposalInput } from "~/schemas/proposal";
import { addAmendmentProvisions, createAmendment, linkProposals, setLinkProvisions } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import { createProposal, updateProposal } from "~/services/proposal.server";
import type { DB } from "../../../db/types";
import { isColumn, issue, type CheckedRow, type DocumentPair } from "./check-row";
import type { AgencyRecord } from "./context";
import type { ImportRow } from "./header";
import { provisionsCell, type ImportColumnKey } from "./layout";
import type { ImportIssue, RowOutcome } from "./report";

// A checked row applied through the services the forms use: the proposal created or updated,
// its documents linked to amendments, its approving decision recorded through the workflow.
// What a service refuses becomes the row's errors, in the report's words.

/** One pass over the rows in one transaction, with what the pass has learned so far. */
export interface Pass {
  trx: Transaction<DB>;
  actor: Actor;
  /** The open amendment found or created per (document key, agency id): many rows share one. */
  openAmendments: Map<string, number>;
}

export function newPass(trx: Transaction<DB>, actor: Actor): Pass {
  return { trx, actor, openAmendments: new Map() };
}

type ValidRow = CheckedRow & { input: ProposalInput; agency: AgencyRecord };

export type Applied = { code: string | null; outcome: RowOutcome; errors: ImportIssue[] };

/**
 * Applies one checked row. `isolate`: in a savepoint, rolled back if a service refuses the row,
 * so the pass can go on to the next; otherwise a refusal leaves the transaction to be rolled back.
 */
export async function applyOne(pass: Pass, row: CheckedRow, isolate: boolean): Promise<Applied> {
  if (!row.input || !row.agency) return { code: row.code, outcome: "invalid", errors: [issue(row.row, null, "errors.generic")] };
  const valid = row as ValidRow;
  try {
    const applied = isolate ? await withSavepoint(pass.trx, "import_row", () => applyRow(pass, valid)) : await applyRow(pass, valid);
    return { ...applied, errors: [] };
  } catch (error) {
    // an amendment the row created is gone with it
    if (isolate) pass.openAmendments.clear();
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
  const links = options.isNew ? [] : await listProposalDocumentLinks(trx, proposal.id);
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
    const open = pass.openAmendments.get(slot) ?? (await findOpenAmendment(trx, key, proposal.agency_id));
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

/** Which column a service's form field stands for in the import layout. */
const FIELD_COLUMNS: Record<string, ImportColumnKey> = {
  no_amendment_reason: "documents_to_amend",
  proposals: "documents_to_amend",
  document: "documents_to_amend",
  provisions: "provisions_to_amend",
  deadline: "timeline",
};

/** A service's refusal of a row as the row's errors; anything else is logged and reported as unexpected. */
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
