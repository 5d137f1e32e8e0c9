import { sql, type Insertable, type Updateable } from "kysely";
import type { Executor } from "~/db.server";
import type { ImportTable } from "../../db/types";
import { blobBytes, textBytes } from "./sql.server";

// The imports table: each upload, staged with its bytes and dry-run report until its uploader
// confirms or discards it, then kept with its report; the history events its commit wrote name
// it (events.import_id). The queries about the records an import's rows name are
// app/models/import-lookups.server.ts.

export async function insertImport(db: Executor, values: Insertable<ImportTable>): Promise<number> {
  const row = await db.insertInto("imports").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Changes an import still staged; false when it is not (committed or discarded meanwhile). */
export async function updateStagedImport(db: Executor, id: number, changes: Updateable<ImportTable>): Promise<boolean> {
  const updated = await db.updateTable("imports").set(changes).where("id", "=", id).where("status", "=", "staged").executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** An import's record without its file's bytes. */
export function getImportRecord(db: Executor, id: number) {
  return db
    .selectFrom("imports")
    .select(["id", "actor_id", "file_name", "status", "created_at", "committed_at", "report"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** What confirming an upload needs: its owner, state and bytes. */
export function getImportFile(db: Executor, id: number) {
  return db.selectFrom("imports").select(["actor_id", "file_name", "file", "status"]).where("id", "=", id).executeTakeFirst();
}

/** The latest imports, newest first: one user's, or everyone's with `actorId` null. */
export function listImports(db: Executor, actorId: number | null, limit: number) {
  let query = db
    .selectFrom("imports")
    .innerJoin("users", "users.id", "imports.actor_id")
    .select([
      "imports.id",
      "imports.file_name",
      "imports.status",
      "imports.created_at",
      "imports.committed_at",
      "imports.new_count",
      "imports.updated_count",
      "imports.unchanged_count",
      "users.name as actor_name",
    ]);
  if (actorId !== null) query = query.where("imports.actor_id", "=", actorId);
  return query.orderBy("imports.id", "desc").limit(limit).execute();
}

/** Drops the bytes of every upload staged before `before` (an ISO time): they are discarded. */
export async function discardStagedBefore(db: Executor, before: string): Promise<void> {
  await db.updateTable("imports").set({ status: "discarded", file: null }).where("status", "=", "staged").where("created_at", "<", before).execute();
}

/** Keeps a user's `keep` newest staged uploads; the older ones are discarded with their bytes. */
export async function discardStagedBeyond(db: Executor, actorId: number, keep: number): Promise<void> {
  const kept = await db
    .selectFrom("imports")
    .select("id")
    .where("actor_id", "=", actorId)
    .where("status", "=", "staged")
    .orderBy("id", "desc")
    .limit(keep)
    .execute();
  await db
    .updateTable("imports")
    .set({ status: "discarded", file: null })
    .where("actor_id", "=", actorId)
    .where("status", "=", "staged")
    .where("id", "not in", kept.length ? kept.map((row) => row.id) : [0])
    .execute();
}

/** Bytes a user's imports hold: files and reports, of every import or of the staged ones only. */
export async function importStorageBytes(db: Executor, actorId: number, which: "staged" | "all"): Promise<number> {
  let query = db
    .selectFrom("imports")
    .select(sql<number>`coalesce(sum(${blobBytes("file")} + ${textBytes("report")}), 0)`.as("bytes"))
    .where("actor_id", "=", actorId);
  if (which === "staged") query = query.where("status", "=", "staged");
  return Number((await query.executeTakeFirstOrThrow()).bytes);
}

/** A user's committed or discarded imports that still keep a report, oldest first. */
export async function listFinishedImportIds(db: Executor, actorId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("imports")
    .select("id")
    .where("actor_id", "=", actorId)
    .where("status", "!=", "staged")
    .where("report", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.id);
}

export async function getImportReportJson(db: Executor, id: number): Promise<string | null> {
  const row = await db.selectFrom("imports").select("report").where("id", "=", id).executeTakeFirst();
  return row?.report ?? null;
}

export async function setImportReportJson(db: Executor, id: number, report: string): Promise<void> {
  await db.updateTable("imports").set({ report }).where("id", "=", id).execute();
}
