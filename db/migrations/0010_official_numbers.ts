import { sql, type Kysely } from "kysely";

// The register keeps numbers as the official texts write them, and knows which documents still
// need their title.
// - legal_documents.title may be null: a document registered from a number typed in another form
//   (a proposal, an amendment, an import) has no known title. Such documents were given their
//   number as title; they get null ("to be completed") and a partial index lists them per agency.
// - recognized numbers of documents and decisions are rewritten in their official spelling
//   ("109/2016/nd-cp" → "109/2016/NĐ-CP"); the keys do not change. The documents' folded search
//   text is recomputed by 0011.
// A migration is frozen and imports nothing from app/: the spelling rules of
// app/domain/document-number.ts (2026-12-04) are copied below, as much as these rows need.

/** Type codes and issuers whose official spelling is not plain upper case, by their folded form. */
const OFFICIAL_SPELLING = new Map(
  ["NĐ", "QĐ", "TTg", "BKHĐT", "BGDĐT", "BLĐTBXH", "HĐND", "HĐTP", "HĐBCQG", "BCĐ", "TLĐ"].map((spelling) => [
    fold(spelling.toUpperCase()),
    spelling,
  ]),
);

function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/Đ/g, "D");
}

/** The number/year/tail parts of a number, compacted and upper-cased as the parser reads it. */
function parts(number: string): string[] {
  return number
    .normalize("NFC")
    .replace(/\s+/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toUpperCase()
    .split("/");
}

/** The official spelling of a number its parser recognized (number/tail or number/year/tail). */
function officialSpelling(number: string): { official: string; issuer: string } {
  const split = parts(number);
  const digits = split[0] ?? "";
  const tail = (split[split.length - 1] ?? "")
    .split("-")
    .map((part) => OFFICIAL_SPELLING.get(fold(part)) ?? part)
    .join("-");
  const official = [String(Number(digits)).padStart(2, "0"), ...split.slice(1, -1), tail].join("/");
  // laws and ordinances ("QH15", "UBTVQH15") are their issuer; other tails are type-issuer
  return { official, issuer: /^(UBTV)?QH\d+$/.test(tail) ? tail : tail.slice(tail.indexOf("-") + 1) };
}

/** A decision's number the parser recognizes ("1015/QĐ-TTg", "11/2022/QĐ-TTg"); others stay as typed. */
function isDecisionNumber(number: string): boolean {
  const split = parts(number);
  const [digits, year] = split;
  const tail = fold(split[split.length - 1] ?? "");
  if (split.length < 2 || split.length > 3 || !/^\d{1,6}$/.test(digits ?? "") || !/^QD-[A-Z][A-Z0-9]*$/.test(tail)) return false;
  return split.length === 2 || (/^\d{4}$/.test(year ?? "") && Number(year) >= 1945 && Number(year) <= 2100);
}

export async function up(db: Kysely<any>): Promise<void> {
  // one transaction: a migration stopped halfway leaves the table as it was, ready to run again
  await db.transaction().execute(async (trx) => {
    // SQLite cannot drop NOT NULL from a column: a nullable copy replaces it
    await sql`ALTER TABLE legal_documents ADD COLUMN title_known text`.execute(trx);
    await sql`UPDATE legal_documents SET title_known = CASE WHEN title = number THEN NULL ELSE title END`.execute(trx);
    await sql`ALTER TABLE legal_documents DROP COLUMN title`.execute(trx);
    await sql`ALTER TABLE legal_documents RENAME COLUMN title_known TO title`.execute(trx);
    await sql`CREATE INDEX legal_documents_incomplete ON legal_documents (lead_agency_id) WHERE title IS NULL`.execute(trx);

    const documents = await trx
      .selectFrom("legal_documents")
      .select(["id", "number", "issuer"])
      .where("number_recognized", "=", 1)
      .execute();
    for (const document of documents as { id: number; number: string; issuer: string | null }[]) {
      const { official, issuer } = officialSpelling(document.number);
      if (official === document.number && issuer === document.issuer) continue;
      await trx.updateTable("legal_documents").set({ number: official, issuer }).where("id", "=", document.id).execute();
    }

    const decisions = await trx.selectFrom("decisions").select(["id", "number"]).execute();
    for (const decision of decisions as { id: number; number: string }[]) {
      if (!isDecisionNumber(decision.number)) continue;
      const { official } = officialSpelling(decision.number);
      if (official !== decision.number) await trx.updateTable("decisions").set({ number: official }).where("id", "=", decision.id).execute();
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DROP INDEX legal_documents_incomplete`.execute(trx);
    await sql`ALTER TABLE legal_documents ADD COLUMN title_required text NOT NULL DEFAULT ''`.execute(trx);
    await sql`UPDATE legal_documents SET title_required = coalesce(title, number)`.execute(trx);
    await sql`ALTER TABLE legal_documents DROP COLUMN title`.execute(trx);
    await sql`ALTER TABLE legal_documents RENAME COLUMN title_required TO title`.execute(trx);
  });
}
