import { sql, type Expression, type SqlBool } from "kysely";

/** `column LIKE '%text%'` with the user's % and _ taken literally. */
export function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** `column LIKE 'text%'` with the user's % and _ taken literally (uses an index on column). */
export function startsWith(column: string, text: string): Expression<SqlBool> {
  const pattern = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
