import { sql, type Expression, type SqlBool, type Transaction } from "kysely";
import { dialectOf, type Executor } from "~/db.server";
import { documentNumberKey, documentNumberSearchKeys, looksLikeDocumentNumber, tidyNumberSpacing } from "~/domain/document-number";
import { hasMatch, termTokens } from "~/domain/highlight";
import { searchTerms } from "~/domain/text";
import type { DB } from "../../db/types";
import { readCache } from "./read-cache.server";
import { contains } from "./sql.server";

// The one module that knows how each database searches: SQLite's FTS5 tables
// (db/migrations/0007_search.ts), PostgreSQL's generated tsvector columns
// (db/migrations/postgres/). The header's search box and the lists' `q` filters all build their
// conditions here, so a word means the same everywhere: every word typed must start a word of
// the record's folded text.

/** Results shown per group on the search page; the group's total links to its list. */
export const SEARCH_GROUP_LIMIT = 10;
/**
 * Ranking reads every match's term statistics; past this many matches only the most recently
 * added ones are ranked (a word found in most records says little about relevance anyway).
 */
const RANK_WINDOW = 5000;

export interface SearchQuery {
  /** The folded words typed (at most 10) that have a letter or digit, for highlighting. */
  terms: string[];
  /** The words as their tokens (termTokens), one list per word, every word a word prefix: what each database's query is written from; empty when no word has a letter or digit. */
  phrases: string[][];
  /** Fragments of a document number the query names (documentNumberSearchKeys); empty if none. */
  numberKeys: string[];
  /** The words that are not part of a document number, as tokens; empty if none (or no number). */
  otherPhrases: string[][];
  /** The whole query read as one document number's key, for putting that document first. */
  exactKey: string;
  /** The whole query read as a proposal code ("byt-0042" → "BYT-0042"), for putting it first. */
  exactCode: string;
}

/**
 * An FTS5 MATCH expression: each word a quoted phrase of its tokens (as the index splits them)
 * with a prefix star, all joined by AND. Only letters and digits reach the expression, so the
 * user's quotes, stars, parentheses and operator words (AND, NEAR) are plain text.
 */
export function matchExpression(words: readonly string[]): string | null {
  const phrases = words.map(termTokens).filter((tokens) => tokens.length > 0);
  return phrases.length ? ftsExpression(phrases) : null;
}

function ftsExpression(phrases: readonly string[][]): string {
  return phrases.map((tokens) => `"${tokens.join(" ")}"*`).join(" AND ");
}

/** What a search box's text asks for. */
export function parseSearch(q: string | null | undefined): SearchQuery {
  // "15 / 2018 / NĐ-CP" is "15/2018/NĐ-CP": one word, not "15"* that would also find 155/2018
  const text = tidyNumberSpacing(q ?? "");
  // words of punctuation alone ("/", "*") search for nothing
  const terms = searchTerms(text).filter((term) => termTokens(term).length > 0);
  const numberKeys = looksLikeDocumentNumber(text) ? documentNumberSearchKeys(text) : [];
  const others = numberKeys.length ? terms.filter((term) => !looksLikeDocumentNumber(term)) : [];
  return {
    terms,
    phrases: terms.map(termTokens),
    numberKeys,
    otherPhrases: others.map(termTokens).filter((tokens) => tokens.length > 0),
    exactKey: documentNumberKey(text),
    exactCode: text.trim().toUpperCase(),
  };
}

type Searched = "proposals" | "legal_documents";

/**
 * PostgreSQL's tsquery for the words' tokens, as FTS5 reads its expression: each word's tokens in
 * a row, the last one as a prefix, every word required. Tokens are letters and digits only.
 */
export function tsQueryText(phrases: readonly string[][]): string {
  return phrases.map((tokens) => tokens.map((token, index) => (index === tokens.length - 1 ? `${token}:*` : token)).join(" <-> ")).join(" & ");
}

/**
 * The ids of `table`'s rows whose folded text has every word, each with its score (lower is
 * better: FTS5's bm25, PostgreSQL's ts_rank negated), the `RANK_WINDOW` most recently added.
 */
function rankedTextMatches(db: Executor, table: Searched, phrases: readonly string[][]) {
  if (dialectOf(db) === "postgres") {
    return sql`select id, -ts_rank(search_vector, tsq) as score from ${sql.table(table)}, to_tsquery('simple', ${tsQueryText(phrases)}) as tsq
      where search_vector @@ tsq order by id desc limit ${RANK_WINDOW}`;
  }
  const index = sql.table(`${table}_fts`);
  return sql`select rowid as id, bm25(${index}) as score from ${index} where ${index} match ${ftsExpression(phrases)} order by rowid desc limit ${RANK_WINDOW}`;
}

/** How many of `table`'s rows have every word. */
function countTextMatches(db: Executor, table: Searched, phrases: readonly string[][]) {
  return sql<number>`(select count(*) from (${textMatchIds(db, table, phrases)}) as matched)`;
}

/** The ids of `table`'s rows whose folded text has every word (`phrases`: their tokens). */
function textMatchIds(db: Executor, table: Searched, phrases: readonly string[][]) {
  if (dialectOf(db) === "postgres") return sql`select id from ${sql.table(table)} where search_vector @@ to_tsquery('simple', ${tsQueryText(phrases)})`;
  const index = sql.table(`${table}_fts`);
  return sql`select rowid from ${index} where ${index} match ${ftsExpression(phrases)}`;
}

/**
 * A document whose normalized number holds a fragment from documentNumberSearchKeys: one that
 * starts with a digit starts the key (a range on the key's unique index), any other occurs in it.
 */
export function numberKeyMatches(key: string): Expression<SqlBool> {
  // keys are upper-case ASCII, so U+FFFF sorts after every key that starts with `key`
  return /^\d/.test(key)
    ? sql<SqlBool>`(legal_documents.number_key >= ${key} and legal_documents.number_key < ${`${key}\uffff`})`
    : contains("legal_documents.number_key", key);
}

function numberMatches(keys: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(keys.map(numberKeyMatches), sql` and `)})`;
}

/**
 * The condition a document list filters by (on `legal_documents`): a number typed any way
 * ("15/2018/nd-cp", "15/2018", "nđ-cp 15/2018") matches the normalized key, so "15/2018" never
 * finds 115/2018/NĐ-CP, and the query's other words must still be in the folded number and
 * title; without a number, every word. Null when there is nothing to search for.
 */
export function documentMatches(db: Executor, search: SearchQuery): Expression<SqlBool> | null {
  if (search.numberKeys.length) {
    return search.otherPhrases.length
      ? sql<SqlBool>`(${numberMatches(search.numberKeys)} and legal_documents.id in (${textMatchIds(db, "legal_documents", search.otherPhrases)}))`
      : numberMatches(search.numberKeys);
  }
  return search.phrases.length ? sql<SqlBool>`legal_documents.id in (${textMatchIds(db, "legal_documents", search.phrases)})` : null;
}

/** Proposals whose source document's number matches, with the query's other words in their text. */
function sourceDocumentMatches(db: Executor, search: SearchQuery): Expression<SqlBool> {
  const documents = sql`select legal_documents.id from legal_documents where ${numberMatches(search.numberKeys)}`;
  return search.otherPhrases.length
    ? sql<SqlBool>`(proposals.source_document_id in (${documents}) and proposals.id in (${textMatchIds(db, "proposals", search.otherPhrases)}))`
    : sql<SqlBool>`proposals.source_document_id in (${documents})`;
}

/**
 * The condition a proposal list filters by (on `proposals`): every word in the folded code,
 * title, proposed change, rationale, procedure code, source provision and document; or, when
 * the query names a document number, the proposal's source document has it. Null when there is
 * nothing to search for. `broad` when the search is known to match many proposals (see listProposals).
 */
export function proposalMatches(db: Executor, search: SearchQuery, options: { broad?: boolean } = {}): Expression<SqlBool> | null {
  // broad: many matches, so the sort's index should drive the query and probe the matched set
  // (SQLite's unary + keeps the set from driving it); otherwise every match is looked up and sorted
  const id = options.broad ? sql`+proposals.id` : sql`proposals.id`;
  const text = search.phrases.length ? textMatchIds(db, "proposals", search.phrases) : null;
  if (!search.numberKeys.length) return text ? sql<SqlBool>`${id} in (${text})` : null;
  const source = sql`select proposals.id from proposals where ${sourceDocumentMatches(db, search)}`;
  // one set of ids, not `id in (…) or source_document_id in (…)`: PostgreSQL reads an OR of two
  // subqueries by scanning every proposal (45 ms at 100,000), a union by its two indexes
  return sql<SqlBool>`${id} in (${text ? sql`${text} union all ${source}` : source})`;
}

export interface ProposalHit {
  id: number;
  code: string;
  title: string;
  proposed_change: string;
  rationale: string | null;
  procedure_code: string | null;
  source_provision: string | null;
  status: DB["proposals"]["status"];
  agency_code: string | null;
  source_document_number: string | null;
}

export interface DocumentHit {
  id: number;
  number: string;
  title: string | null;
  doc_type: DB["legal_documents"]["doc_type"];
  status: DB["legal_documents"]["status"];
  issued_on: string | null;
}

export interface DecisionHit {
  id: number;
  number: string;
  title_vi: string;
  title_en: string | null;
  signed_on: string;
  kind: DB["decisions"]["kind"];
}

export interface SearchGroup<Hit> {
  total: number;
  rows: Hit[];
}

export interface SearchResults {
  /** The folded words searched for (empty when the query had none), for highlighting. */
  terms: string[];
  proposals: SearchGroup<ProposalHit>;
  documents: SearchGroup<DocumentHit>;
  decisions: SearchGroup<DecisionHit>;
}

/**
 * The `limit` best proposal ids: the code typed in full first, then by score (lower is better:
 * bm25 for a text match, 0 for a source document's number), then the newest. Cut before any
 * join, so only these rows are read from the table.
 */
function rankedProposalIds(db: Executor, search: SearchQuery, limit: number) {
  const arms = [];
  if (search.phrases.length) {
    arms.push(sql`select * from (${rankedTextMatches(db, "proposals", search.phrases)}) as text_hits`);
  }
  if (search.numberKeys.length) {
    arms.push(sql`select * from (select proposals.id as id, 0.0 as score from proposals
      where ${sourceDocumentMatches(db, search)} order by proposals.id desc limit ${RANK_WINDOW}) as source_hits`);
  }
  const scored = arms.length === 1 ? arms[0] : sql`select id, min(score) as score from (${sql.join(arms, sql` union all `)}) as arms group by id`;
  return sql<{ id: number; score: number; exact: number }>`(select id, score, id = (select id from proposals where code = ${search.exactCode}) as exact
    from (${scored}) as scored order by exact desc, score, id desc limit ${limit})`;
}

async function searchProposals(db: Executor, search: SearchQuery, limit: number): Promise<SearchGroup<ProposalHit>> {
  const condition = proposalMatches(db, search);
  if (!condition) return { total: 0, rows: [] };
  const counted = search.numberKeys.length
    ? db.selectFrom("proposals").where(condition).select((eb) => eb.fn.countAll<number>().as("total"))
    : // every indexed row is a proposal (the triggers keep it so): count the index alone
      db.selectNoFrom(countTextMatches(db, "proposals", search.phrases).as("total"));
  const { total } = await counted.executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom(rankedProposalIds(db, search, limit).as("hits"))
    .innerJoin("proposals", "proposals.id", "hits.id")
    .leftJoin("agencies", "agencies.id", "proposals.agency_id")
    .leftJoin("legal_documents as source", "source.id", "proposals.source_document_id")
    .select([
      "proposals.id",
      "proposals.code",
      "proposals.title",
      "proposals.proposed_change",
      "proposals.rationale",
      "proposals.procedure_code",
      "proposals.source_provision",
      "proposals.status",
      "agencies.code as agency_code",
      "source.number as source_document_number",
    ])
    .orderBy("hits.exact", "desc")
    .orderBy("hits.score")
    .orderBy("proposals.id", "desc")
    .execute();
  return { total: Number(total), rows };
}

async function searchDocuments(db: Executor, search: SearchQuery, limit: number): Promise<SearchGroup<DocumentHit>> {
  const condition = documentMatches(db, search);
  if (!condition) return { total: 0, rows: [] };
  const { total } = await db
    .selectFrom("legal_documents")
    .where(condition)
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const columns = [
    "legal_documents.id",
    "legal_documents.number",
    "legal_documents.title",
    "legal_documents.doc_type",
    "legal_documents.status",
    "legal_documents.issued_on",
  ] as const;
  if (search.numberKeys.length || !search.phrases.length) {
    // found by number: the number typed in full first, then the newest, as the list orders
    const rows = await db
      .selectFrom("legal_documents")
      .where(condition)
      .select(columns)
      .orderBy(sql`legal_documents.number_key = ${search.exactKey}`, "desc")
      .orderBy(sql`legal_documents.year is null`)
      .orderBy("legal_documents.year", "desc")
      .orderBy("legal_documents.number_key")
      .limit(limit)
      .execute();
    return { total: Number(total), rows };
  }
  // the best `limit` ids first, then their rows (as for proposals)
  const hits = sql<{ id: number; score: number }>`(select id, score from (${rankedTextMatches(db, "legal_documents", search.phrases)}) as text_hits
    order by score, id desc limit ${limit})`;
  const rows = await db
    .selectFrom(hits.as("hits"))
    .innerJoin("legal_documents", "legal_documents.id", "hits.id")
    .select(columns)
    .orderBy("hits.score")
    .orderBy("legal_documents.id", "desc")
    .limit(limit)
    .execute();
  return { total: Number(total), rows };
}

/**
 * Whether a decision (number and titles) has every word of the search. Decisions are a few
 * hundred, so they are matched in memory, word by word as the full-text index matches (the
 * start of a word, folded, a number however typed) and exactly as the results are marked.
 */
export function decisionMatches(search: SearchQuery, decision: Pick<DecisionHit, "number" | "title_vi" | "title_en">): boolean {
  const text = `${decision.number} ${decision.title_vi} ${decision.title_en ?? ""}`;
  return search.terms.length > 0 && search.terms.every((term) => hasMatch(text, [term]));
}

/** Decisions with every word, the number typed in full first, then the most recently signed. */
async function searchDecisions(db: Executor, search: SearchQuery, limit: number): Promise<SearchGroup<DecisionHit>> {
  if (!search.terms.length) return { total: 0, rows: [] };
  const decisions = await db
    .selectFrom("decisions")
    .select(["id", "number", "number_key", "title_vi", "title_en", "signed_on", "kind"])
    .orderBy((eb) => eb("number_key", "=", search.exactKey), "desc")
    .orderBy("signed_on", "desc")
    .orderBy("id", "desc")
    .execute();
  const found = decisions.filter((decision) => decisionMatches(search, decision)).map(({ number_key: _key, ...hit }) => hit);
  return { total: found.length, rows: found.slice(0, limit) };
}

/**
 * The header's search: proposals, legal documents and decisions matching the query, each group
 * ranked (best first) and cut to `limit`, with its total, which equals what its list shows for `q`.
 */
export async function globalSearch(db: Executor, q: string, options: { limit?: number } = {}): Promise<SearchResults> {
  const search = parseSearch(q);
  const limit = options.limit ?? SEARCH_GROUP_LIMIT;
  // ranking thousands of matches is most of a search's time, and the same words come back (the
  // header's box, paging back, colleagues after one news item): kept until the data changes
  const results = await searchResults.read(db, JSON.stringify([search, limit]), () => searchAll(db, search, limit));
  // a copy: what one caller does with it cannot change what the next one gets
  return structuredClone(results);
}

/** globalSearch computed afresh, never from the cache: what the first search after a change costs. */
export function computeSearch(db: Executor, q: string, options: { limit?: number } = {}): Promise<SearchResults> {
  return searchAll(db, parseSearch(q), options.limit ?? SEARCH_GROUP_LIMIT);
}

async function searchAll(db: Executor, search: SearchQuery, limit: number): Promise<SearchResults> {
  const [proposals, documents, decisions] = await Promise.all([
    searchProposals(db, search, limit),
    searchDocuments(db, search, limit),
    searchDecisions(db, search, limit),
  ]);
  return { terms: search.terms, proposals, documents, decisions };
}

const searchResults = readCache<SearchResults>(128);

export interface IndexCounts {
  proposals: number;
  documents: number;
}

/** The last proposal and document ids before a bulk writer's new rows (deferSearchIndexing). */
export interface DeferredIndexing {
  proposalsAfter: number;
  documentsAfter: number;
}

/**
 * Inside a bulk writer's transaction: proposals and documents inserted from now on are not indexed
 * one statement at a time by their triggers (FTS5 writes a segment per statement) but all at once
 * by indexDeferredRows, which the writer must call before it commits (migration 0013).
 */
export async function deferSearchIndexing(trx: Transaction<DB>): Promise<DeferredIndexing> {
  // PostgreSQL's search vectors are generated columns, written with their rows: nothing to defer
  if (dialectOf(trx) === "postgres") return { proposalsAfter: 0, documentsAfter: 0 };
  await trx.insertInto("search_index_deferred").values({ id: 1 }).execute();
  const { rows } = await sql<DeferredIndexing>`select
    coalesce((select max(id) from proposals), 0) as proposalsAfter,
    coalesce((select max(id) from legal_documents), 0) as documentsAfter`.execute(trx);
  return rows[0] ?? { proposalsAfter: 0, documentsAfter: 0 };
}

/** Indexes the rows inserted since deferSearchIndexing, in one statement per index, and lets the triggers index again. */
export async function indexDeferredRows(trx: Transaction<DB>, since: DeferredIndexing): Promise<void> {
  if (dialectOf(trx) === "postgres") return;
  // new rows only: ids grow, and every row before them was indexed by its trigger
  await sql`insert into proposals_fts(rowid, search_text) select id, search_text from proposals where id > ${since.proposalsAfter}`.execute(trx);
  await sql`insert into legal_documents_fts(rowid, search_text) select id, search_text from legal_documents where id > ${since.documentsAfter}`.execute(trx);
  await trx.deleteFrom("search_index_deferred").execute();
}

/** Rebuilds both full-text indexes from the tables' search_text (npm run search:rebuild). */
export async function rebuildSearchIndexes(db: Executor): Promise<IndexCounts> {
  // PostgreSQL's vectors are generated from the row: a rebuild is the folded text's own (search:rebuild)
  if (dialectOf(db) === "postgres") return searchIndexCounts(db);
  await sql`insert into proposals_fts(proposals_fts) values ('rebuild')`.execute(db);
  await sql`insert into legal_documents_fts(legal_documents_fts) values ('rebuild')`.execute(db);
  return searchIndexCounts(db);
}

/** Merges each index's segments into one, after many rows changed. */
export async function optimizeSearchIndexes(db: Executor): Promise<IndexCounts> {
  if (dialectOf(db) === "postgres") {
    // GIN's pending entries are merged by autovacuum (VACUUM cannot run in the writer's
    // transaction); the planner's statistics are refreshed here
    await sql`analyze proposals`.execute(db);
    await sql`analyze legal_documents`.execute(db);
    return searchIndexCounts(db);
  }
  await sql`insert into proposals_fts(proposals_fts) values ('optimize')`.execute(db);
  await sql`insert into legal_documents_fts(legal_documents_fts) values ('optimize')`.execute(db);
  return searchIndexCounts(db);
}

/** How many rows each index holds (its own docsize table: counting the index itself would read the content table). */
export async function searchIndexCounts(db: Executor): Promise<IndexCounts> {
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<IndexCounts>`select
      (select count(*) from proposals where search_vector is not null) as proposals,
      (select count(*) from legal_documents where search_vector is not null) as documents`.execute(db);
    return rows[0] ?? { proposals: 0, documents: 0 };
  }
  const { rows } = await sql<IndexCounts>`select
    (select count(*) from proposals_fts_docsize) as proposals,
    (select count(*) from legal_documents_fts_docsize) as documents`.execute(db);
  return rows[0] ?? { proposals: 0, documents: 0 };
}

/** FTS5's own check that each index holds exactly what its table's search_text says; false if not. */
export async function searchIndexesConsistent(db: Executor): Promise<boolean> {
  // PostgreSQL's vectors are stored generated columns, which the database itself keeps equal to their text
  if (dialectOf(db) === "postgres") return true;
  try {
    await sql`insert into proposals_fts(proposals_fts, rank) values ('integrity-check', 1)`.execute(db);
    await sql`insert into legal_documents_fts(legal_documents_fts, rank) values ('integrity-check', 1)`.execute(db);
    return true;
  } catch (error) {
    if (error instanceof Error && /corrupt|malformed/i.test(error.message)) return false;
    throw error;
  }
}
