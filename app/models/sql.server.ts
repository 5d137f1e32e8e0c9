import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";

/** `column LIKE '%text%'` with the user's % and _ taken literally. */
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

/** The month ("YYYY-MM") of an ISO date stored as text: its first seven characters. */
export function monthOf(column: string): RawBuilder<string> {
  return sql<string>`substr(${sql.ref(column)}, 1, 7)`;
}
