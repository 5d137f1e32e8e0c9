import type { Actor } from "~/domain/permissions";
import { foldVietnamese } from "~/domain/text";
import type { ProposalStatus } from "~/domain/vocabulary";
import type { ProposalFormSource } from "~/schemas/proposal";
import type { ImportRow } from "./header";

// What an import's rows refer to, as plain lookups: agencies by code or name (followed through
// the 2025 mergers), decisions by number, the stored proposals the rows name, and the rows seen
// so far. Pure: lookups.server.ts fills it from the database, the unit tests by hand.

export interface AgencyRecord {
  id: number;
  code: string;
  name_vi: string;
  name_en: string;
  active_to: string | null;
}

export interface DecisionRecord {
  id: number;
  number: string;
  number_key: string;
  due_on: string | null;
}

/** A merger: the predecessor's work continues at the successor. */
export interface SuccessionRecord {
  predecessor_id: number;
  successor_id: number;
  scope: "full" | "main" | "partial";
}

/** A stored proposal a row may name: its form's values, and what the checks and the workflow need. */
export interface ImportedProposal extends ProposalFormSource {
  id: number;
  code: string;
  agency_id: number;
  status: ProposalStatus;
  decision_id: number | null;
  decision_number: string | null;
}

export interface Context {
  actor: Actor;
  today: string;
  agencyByName: Map<string, AgencyRecord>;
  agencyById: Map<number, AgencyRecord>;
  /** A ceased agency's full or main successor. */
  successorOf: Map<number, number>;
  decisionByKey: Map<string, DecisionRecord>;
  proposalByCode: Map<string, ImportedProposal>;
  proposalByContent: Map<string, ImportedProposal>;
  /** Rows seen so far, by code and by content: a second one is a duplicate. */
  rowByCode: Map<string, number>;
  rowByContent: Map<string, number>;
}

/** The lookups of every agency, merger and decision; no stored proposal yet. */
export function createContext(
  actor: Actor,
  today: string,
  references: { agencies: readonly AgencyRecord[]; successions: readonly SuccessionRecord[]; decisions: readonly DecisionRecord[] },
): Context {
  const context: Context = {
    actor,
    today,
    agencyByName: new Map(),
    agencyById: new Map(references.agencies.map((agency) => [agency.id, agency])),
    successorOf: new Map(),
    decisionByKey: new Map(references.decisions.map((decision) => [decision.number_key, decision])),
    proposalByCode: new Map(),
    proposalByContent: new Map(),
    rowByCode: new Map(),
    rowByContent: new Map(),
  };
  for (const agency of references.agencies) {
    for (const name of [agency.code, agency.name_vi, agency.name_en]) context.agencyByName.set(foldVietnamese(name), agency);
  }
  // a full merger wins over a main successor; a partial one moves no agency's work
  const successions = references.successions.filter((succession) => succession.scope !== "partial");
  for (const scope of ["full", "main"] as const) {
    for (const succession of successions) {
      if (succession.scope === scope && !context.successorOf.has(succession.predecessor_id)) {
        context.successorOf.set(succession.predecessor_id, succession.successor_id);
      }
    }
  }
  return context;
}

/**
 * The stored proposals the rows may name: the codes they give, and the agencies of the rows
 * without one (such a row is its agency's proposal with the same title and proposed change, so
 * that sending the same plan twice does not log it twice).
 */
export function proposalsToLookUp(context: Context, rows: readonly ImportRow[]): { codes: string[]; agencyIds: number[] } {
  const codes = [...new Set(rows.map((row) => normalizeCode(row.cells.get("code") ?? "")).filter(Boolean))];
  const uncoded = rows.filter((row) => !row.cells.get("code"));
  const agencyIds = [...new Set(uncoded.map((row) => resolveAgency(context, row.cells.get("agency") ?? "")).flatMap((found) => ("agency" in found ? [found.agency.id] : [])))];
  return { codes, agencyIds };
}

export function addProposalsByCode(context: Context, proposals: readonly ImportedProposal[]): void {
  for (const proposal of proposals) context.proposalByCode.set(proposal.code, proposal);
}

/** The agencies' proposals, by content; the first of two alike stays. */
export function addProposalsByContent(context: Context, proposals: readonly ImportedProposal[]): void {
  for (const proposal of proposals) {
    const key = contentKey(proposal.agency_id, proposal.title, proposal.proposed_change);
    if (!context.proposalByContent.has(key)) context.proposalByContent.set(key, proposal);
  }
}

export function normalizeCode(text: string): string {
  return text.normalize("NFC").trim().toUpperCase();
}

export function contentKey(agencyId: number, title: string, proposedChange: string): string {
  return `${agencyId}\n${foldVietnamese(title)}\n${foldVietnamese(proposedChange)}`;
}

/** The agency a cell names (code or name), followed through mergers to the one that exists today. */
export function resolveAgency(context: Context, text: string): { agency: AgencyRecord } | { error: string } {
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

/** Whether two agencies are the same one today (a predecessor is its successor). */
export function sameAgency(context: Context, a: number, b: number): boolean {
  const current = (id: number) => {
    const agency = context.agencyById.get(id);
    const found = agency ? resolveAgency(context, agency.code) : undefined;
    return found && "agency" in found ? found.agency.id : id;
  };
  return current(a) === current(b);
}
