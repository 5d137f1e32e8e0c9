import type { Updateable } from "kysely";
import { now } from "~/clock.server";
import type { Executor } from "~/db.server";
import type { DB } from "../../db/types";
import { recordEvent, type EventInput } from "./event.server";

/** The tables whose records carry a version that every change raises by one. */
export type VersionedTable = "agencies" | "users" | "legal_documents" | "decisions" | "proposals" | "amendments";

/**
 * The one way a versioned record changes: `changes` are written to the record only if it is still
 * at `version`, which becomes version + 1, with the change's history event in the same transaction.
 * False, with nothing written, when another write got there first.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Executor,
  table: T,
  record: { id: number; version: number },
  changes: Omit<Updateable<DB[T]>, "id" | "version" | "updated_at">,
  event?: EventInput,
): Promise<boolean> {
  const result = await db
    .updateTable(table as VersionedTable)
    .set({ ...changes, updated_at: now().toISOString(), version: record.version + 1 } as Updateable<DB[VersionedTable]>)
    .where("id", "=", record.id)
    .where("version", "=", record.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  if (event) await recordEvent(db, event);
  return true;
}
