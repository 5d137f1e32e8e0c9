import type { Executor } from "~/db.server";

// What a proposal export adds to the list's columns (app/services/export.server.ts), for a
// chunk of proposal ids at a time.

/** The proposals' source document number and the text fields a list leaves out. */
export function listProposalSourceDetails(db: Executor, ids: readonly number[]) {
  return db
    .selectFrom("proposals")
    .leftJoin("legal_documents", "legal_documents.id", "proposals.source_document_id")
    .select([
      "proposals.id",
      "legal_documents.number as source_document",
      "proposals.source_provision",
      "proposals.proposed_change",
      "proposals.rationale",
      "proposals.timeline",
      "proposals.procedure_code",
    ])
    .where("proposals.id", "in", ids)
    .execute();
}

/** The documents the proposals' amendments target, with the link's and the amendment's provisions, by proposal then amendment. */
export function listProposalAmendmentTargets(db: Executor, ids: readonly number[]) {
  return db
    .selectFrom("proposal_amendments")
    .innerJoin("amendments", "amendments.id", "proposal_amendments.amendment_id")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .select([
      "proposal_amendments.proposal_id",
      "proposal_amendments.provisions as link_provisions",
      "legal_documents.number",
      "amendments.provisions",
    ])
    .where("proposal_amendments.proposal_id", "in", ids)
    .orderBy("proposal_amendments.proposal_id")
    .orderBy("amendments.id")
    .execute();
}
