// npm run search:rebuild — recomputes every proposal's and legal document's folded search text
// from its fields, the way the services write it, and rebuilds both full-text indexes from it.
// Triggers keep the indexes current on every write; this is for repairs and for a change of the
// folding rules. One transaction: readers see the old index until the new one is complete.
import type { Kysely } from "kysely";
import { configuredLocation, migrateToLatest, openLocation, optimizeDatabase, type Executor } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";
import { optimizeSearchIndexes, rebuildSearchIndexes, searchIndexCounts } from "../app/models/search.server";
import { documentSearchText } from "../app/services/legal-document.server";
import { proposalSearchText } from "../app/services/proposal.server";
import type { DB } from "../db/types";

const BATCH = 2000;

export interface SearchRebuild {
  proposals: { indexed: number; corrected: number };
  documents: { indexed: number; corrected: number };
}

async function refreshProposalTexts(db: Executor): Promise<number> {
  let corrected = 0;
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom("proposals")
      .leftJoin("legal_documents as source", "source.id", "proposals.source_document_id")
      .select([
        "proposals.id",
        "proposals.code",
        "proposals.title",
        "proposals.proposed_change",
        "proposals.rationale",
        "proposals.procedure_code",
        "proposals.source_provision",
        "proposals.search_text",
        "source.number as source_document",
      ])
      .where("proposals.id", ">", after)
      .orderBy("proposals.id")
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return corrected;
    for (const row of rows) {
      const text = proposalSearchText(row);
      if (text === row.search_text) continue;
      await db.updateTable("proposals").set({ search_text: text }).where("id", "=", row.id).execute();
      corrected++;
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

async function refreshDocumentTexts(db: Executor): Promise<number> {
  let corrected = 0;
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom("legal_documents")
      .select(["id", "number", "number_key", "title", "search_text"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return corrected;
    for (const row of rows) {
      const text = documentSearchText(row.number, row.number_key, row.title);
      if (text === row.search_text) continue;
      await db.updateTable("legal_documents").set({ search_text: text }).where("id", "=", row.id).execute();
      corrected++;
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Rebuilds the indexes, then recomputes the folded texts that differ from what the services would write. */
export function rebuildSearch(db: Kysely<DB>): Promise<SearchRebuild> {
  return db.transaction().execute(async (trx) => {
    // first a sound index, because the triggers that follow a corrected text delete its old entry
    await rebuildSearchIndexes(trx);
    const proposalsCorrected = await refreshProposalTexts(trx);
    const documentsCorrected = await refreshDocumentTexts(trx);
    const indexed = proposalsCorrected + documentsCorrected > 0 ? await optimizeSearchIndexes(trx) : await searchIndexCounts(trx);
    return {
      proposals: { indexed: indexed.proposals, corrected: proposalsCorrected },
      documents: { indexed: indexed.documents, corrected: documentsCorrected },
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const env = parseEnv();
    const database = openLocation(configuredLocation(env));
    await migrateToLatest(database);
    const started = performance.now();
    const rebuilt = await rebuildSearch(database);
    await optimizeDatabase(database);
    await database.destroy();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Search index rebuilt in ${seconds} s:`);
    console.log(`  proposals: ${rebuilt.proposals.indexed} indexed, ${rebuilt.proposals.corrected} search texts recomputed`);
    console.log(`  legal documents: ${rebuilt.documents.indexed} indexed, ${rebuilt.documents.corrected} search texts recomputed`);
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
}
