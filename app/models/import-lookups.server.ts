import type { Executor } from "~/db.server";

// The queries of a plan's import about the records its rows name: every agency, merger and
// decision to check the rows against, the stored proposals they may update with their links, and
// the register entries and open amendments of the documents the rows name, read at once. The
// import's own record (the imports table) is app/models/import.server.ts.

/** Every agency, full or main merger and decision: what a row's agency and decision cells are looked up in. */
export async function listImportReferences(db: Executor) {
  const [agencies, successions, decisions] = await Promise.all([
    db.selectFrom("agencies").select(["id", "code", "name_vi", "name_en", "active_to"]).execute(),
    db.selectFrom("agency_successions").select(["predecessor_id", "successor_id", "scope"]).where("scope", "in", ["full", "main"]).orderBy("scope").execute(),
    db.selectFrom("decisions").select(["id", "number", "number_key", "due_on"]).execute(),
  ]);
  return { agencies, successions, decisions };
}

/** Stored proposals by code, or every proposal of some agencies, with the columns of their form and their workflow state. */
export function listImportedProposals(db: Executor, where: { codes: readonly string[] } | { agencyIds: readonly number[] }) {
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
  query = "codes" in where ? query.where("proposals.code", "in", [...where.codes]) : query.where("proposals.agency_id", "in", [...where.agencyIds]);
  return query.execute();
}

/** The oldest amendment of a document by an agency that is still to be carried out. */
export async function findOpenAmendment(db: Executor, numberKey: string, agencyId: number): Promise<number | undefined> {
  const row = await db
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

/** Register entries by normalized number: the documents a plan's rows name, loaded at once. */
export function listDocumentsByKeys(db: Executor, keys: readonly string[]) {
  return db.selectFrom("legal_documents").select(["id", "number", "number_key"]).where("number_key", "in", [...keys]).execute();
}

/** What an import changes and checks of an amendment: its agency, provisions and version, its document's key, its stage and its amending document's effective date. */
function amendmentFacts(db: Executor) {
  return db
    .selectFrom("amendments")
    .innerJoin("legal_documents", "legal_documents.id", "amendments.legal_document_id")
    .leftJoin("legal_documents as amending", "amending.id", "amendments.amending_document_id")
    .select([
      "amendments.id",
      "amendments.agency_id",
      "amendments.provisions",
      "amendments.version",
      "amendments.stage",
      "legal_documents.number_key",
      "amending.effective_on",
    ]);
}

/** The amendments still to be carried out of the documents with these keys, oldest first (the first per agency is findOpenAmendment's). */
export function listOpenAmendmentsOfDocuments(db: Executor, keys: readonly string[]) {
  return amendmentFacts(db)
    .where("legal_documents.number_key", "in", [...keys])
    .where("amendments.stage", "not in", ["in_force", "cancelled"])
    .orderBy("amendments.id")
    .execute();
}

/** Amendments by id, with the facts listOpenAmendmentsOfDocuments gives. */
export function listAmendmentFacts(db: Executor, ids: readonly number[]) {
  return amendmentFacts(db).where("amendments.id", "in", [...ids]).execute();
}

/** The links of these proposals, each proposal's by amendment (the order the primary key gives one proposal's). */
export function listLinksOfProposals(db: Executor, proposalIds: readonly number[]) {
  return db
    .selectFrom("proposal_amendments")
    .select(["proposal_id", "amendment_id", "provisions"])
    .where("proposal_id", "in", [...proposalIds])
    .orderBy("proposal_id")
    .orderBy("amendment_id")
    .execute();
}

/** Stored proposals by code as findProposal reads them (every column), for the rows that update them. */
export function listProposalsToUpdate(db: Executor, codes: readonly string[]) {
  return db.selectFrom("proposals").selectAll().where("code", "in", [...codes]).execute();
}
