import { inChunks, type Executor } from "~/db.server";
import type { Actor } from "~/domain/permissions";
import { listImportedProposals, listImportReferences } from "~/models/import-lookups.server";
import { addProposalsByCode, addProposalsByContent, createContext, proposalsToLookUp, type Context } from "./context";
import type { ImportRow } from "./header";

// The lookups a file's rows are checked against (context.ts), loaded at once: every agency,
// merger and decision, and the stored proposals the rows name by code or, without a code, by
// their agency.

export async function loadContext(db: Executor, actor: Actor, rows: readonly ImportRow[], today: string): Promise<Context> {
  const context = createContext(actor, today, await listImportReferences(db));
  const { codes, agencyIds } = proposalsToLookUp(context, rows);
  for (const chunk of inChunks(codes)) addProposalsByCode(context, await listImportedProposals(db, { codes: chunk }));
  if (agencyIds.length) addProposalsByContent(context, await listImportedProposals(db, { agencyIds }));
  return context;
}
