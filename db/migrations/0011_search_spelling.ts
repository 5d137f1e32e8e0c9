import type { Kysely } from "kysely";

// Search folds syllables Vietnamese writes with i or y both ways (kí/ký, qui/quy) to their y form,
// so the folded search text of every proposal and legal document is written again, as the services
// now write it; the full-text triggers re-index each changed row. Documents also take the numbers
// and unknown titles of 0010.
// A migration is frozen and imports nothing from app/: foldVietnamese (app/domain/text.ts) and the
// search texts of app/services/proposal.server.ts and legal-document.server.ts (2026-12-04) are
// copied below.

const BATCH = 2000;
const I_OR_Y_SYLLABLE = /(?<![\p{L}\p{N}])(qu|[hklmst])[iy](?![\p{L}\p{N}])/gu;

/** The folding before this migration: lower case, no diacritics, đ → d, single spaces. */
function foldLetters(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/\s+/g, " ")
    .trim();
}

/** The folding from this migration on: also kí, ký → ky. */
function foldSpelling(s: string): string {
  return foldLetters(s).replace(I_OR_Y_SYLLABLE, "$1y");
}

interface ProposalRow {
  id: number;
  code: string;
  title: string;
  proposed_change: string;
  rationale: string | null;
  procedure_code: string | null;
  source_provision: string | null;
  source_document: string | null;
  search_text: string;
}

interface DocumentRow {
  id: number;
  number: string;
  number_key: string;
  title: string | null;
  search_text: string;
}

export function up(db: Kysely<any>): Promise<void> {
  return rewriteSearchTexts(db, foldSpelling);
}

export function down(db: Kysely<any>): Promise<void> {
  return rewriteSearchTexts(db, foldLetters);
}

/** Every proposal's and document's search text folded by `fold`, in one transaction. */
async function rewriteSearchTexts(db: Kysely<any>, fold: (s: string) => string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let after = 0; ; ) {
      const rows = (await trx
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
          "source.number as source_document",
          "proposals.search_text",
        ])
        .where("proposals.id", ">", after)
        .orderBy("proposals.id")
        .limit(BATCH)
        .execute()) as ProposalRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const fields = [row.code, row.title, row.proposed_change, row.rationale, row.procedure_code, row.source_provision, row.source_document];
        const text = fold(fields.filter(Boolean).join(" "));
        if (text !== row.search_text) await trx.updateTable("proposals").set({ search_text: text }).where("id", "=", row.id).execute();
      }
      after = rows[rows.length - 1]?.id ?? after;
    }

    for (let after = 0; ; ) {
      const rows = (await trx
        .selectFrom("legal_documents")
        .select(["id", "number", "number_key", "title", "search_text"])
        .where("id", ">", after)
        .orderBy("id")
        .limit(BATCH)
        .execute()) as DocumentRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const text = fold(`${row.number} ${row.number_key} ${row.title ?? ""}`);
        if (text !== row.search_text) await trx.updateTable("legal_documents").set({ search_text: text }).where("id", "=", row.id).execute();
      }
      after = rows[rows.length - 1]?.id ?? after;
    }
  });
}
