import type { Executor } from "~/db.server";
import { ForbiddenError } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { globalSearch } from "~/models/search.server";

/** The search page: proposals, legal documents and decisions matching every word of `q`; null before anything is asked. */
export async function readSearch(db: Executor, actor: Actor, q: string | undefined) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  return { q: q ?? "", results: q ? await globalSearch(db, q) : null };
}
