import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, type Transaction } from "kysely";
import { dialectOf, type Executor } from "~/db.server";

// The SQL the two databases write differently, each behind one function; `db` (the connection
// or transaction the expression runs on) says which database it is (dialectOf).

/**
 * `column LIKE '%text%'` with the user's % and _ taken literally. The same on both databases for
 * text of one case (SQLite's LIKE ignores ASCII case, PostgreSQL's does not): its callers match
 * normalized keys, upper-case ASCII on both sides.
 */
export function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** How many rows a filtered list query matches, before its page is cut. */
export async function countRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const { total } = await query
    .select((eb) => eb.fn.countAll<number>().as("total"))
    // the selection is only the count; TypeScript cannot see that through the generic row type
    .$castTo<{ total: number }>()
    .executeTakeFirstOrThrow();
  return total;
}

/**
 * The highest number after `prefix` among codes that start with it ("BYT-0042" → 42; the digits
 * a tail begins with, 0 for none, as SQLite's CAST reads "12A" and "A"). The caller restricts
 * the rows to the prefix.
 */
export function maxCodeSequence(db: Executor, column: string, prefix: string): RawBuilder<number | null> {
  const tail = sql`substr(${sql.ref(column)}, ${prefix.length + 1})`;
  // PostgreSQL's cast refuses text that is not a number: the leading digits only
  if (dialectOf(db) === "postgres") return sql<number | null>`max(coalesce(substring(${tail} from '^[0-9]{1,18}')::bigint, 0))`;
  return sql<number | null>`max(cast(${tail} as integer))`;
}

/**
 * Runs `fn` inside a savepoint of the transaction: released when it succeeds, rolled back to
 * (and released) when it throws, and the error rethrown. The transaction goes on either way.
 */
export async function withSavepoint<D, T>(trx: Transaction<D>, name: string, fn: () => Promise<T>): Promise<T> {
  const savepoint = sql.id(name);
  await sql`savepoint ${savepoint}`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint ${savepoint}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${savepoint}`.execute(trx);
    await sql`release savepoint ${savepoint}`.execute(trx);
    throw error;
  }
}

/** The month ("YYYY-MM") of an ISO date stored as text: its first seven characters. */
export function monthOf(column: string): RawBuilder<string> {
  return sql<string>`substr(${sql.ref(column)}, 1, 7)`;
}

/** The bytes a blob column holds, 0 for null: SQLite's length() of a blob. */
export function blobBytes(column: string): RawBuilder<number> {
  return sql<number>`coalesce(length(${sql.ref(column)}), 0)`;
}

/** The bytes a text column holds in UTF-8, 0 for null: SQLite's octet_length() (length() counts characters). */
export function textBytes(column: string): RawBuilder<number> {
  return sql<number>`coalesce(octet_length(${sql.ref(column)}), 0)`;
}

/**
 * A select whose rows are taken for the statement's transaction, passing over rows another
 * transaction holds: PostgreSQL's `FOR UPDATE SKIP LOCKED`, so that servers claiming at once
 * never get the same row (a job, app/models/job.server.ts). SQLite has no row locks and needs
 * none: one writer at a time makes the update the select sits in atomic.
 */
export function skippingLocked<D, TB extends keyof D, O>(db: Executor, query: SelectQueryBuilder<D, TB, O>): SelectQueryBuilder<D, TB, O> {
  return dialectOf(db) === "postgres" ? query.forUpdate().skipLocked() : query;
}
