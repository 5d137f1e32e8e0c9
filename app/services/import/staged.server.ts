import type { Kysely } from "kysely";
import { forbidden, notFound } from "~/http.server";
import { ConflictError } from "~/services/errors";
import type { DB, ImportStatus } from "../../../db/types";
import { runImport, sha256, type ImportActor, type ImportFile, type ImportReport } from "./import.server";

// The import page's flow: an upload is checked (a dry run) and kept, staged, until its uploader
// confirms or discards it. Confirming runs the import again against the data as it is then, so
// a change made meanwhile is seen; it commits only if every row is still valid.

/** A staged file not confirmed within a day is dropped, and a user keeps at most a few. */
const STAGED_HOURS = 24;
const STAGED_PER_USER = 5;

export interface StoredImport {
  id: number;
  actorId: number;
  fileName: string;
  status: ImportStatus;
  createdAt: string;
  committedAt: string | null;
  report: ImportReport | null;
}

export async function stageImport(db: Kysely<DB>, actor: ImportActor, file: ImportFile): Promise<number> {
  await dropExpiredUploads(db, actor);
  const report = await runImport(db, actor, file, { commit: false });
  const usable = report.fileError === null;
  const row = await db
    .insertInto("imports")
    .values({
      actor_id: actor.id,
      file_name: file.name,
      file_sha256: sha256(file.bytes),
      file_size: file.bytes.byteLength,
      // a file that cannot be imported is not kept
      file: usable ? Buffer.from(file.bytes) : null,
      status: usable ? "staged" : "discarded",
      created_at: new Date().toISOString(),
      report: JSON.stringify(report),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An import as its uploader (or an admin) may see it; 404 for anyone else's. */
export async function getImport(db: Kysely<DB>, actor: ImportActor, id: number): Promise<StoredImport> {
  const row = await db
    .selectFrom("imports")
    .select(["id", "actor_id", "file_name", "status", "created_at", "committed_at", "report"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row || (row.actor_id !== actor.id && actor.role !== "admin")) notFound();
  return {
    id: row.id,
    actorId: row.actor_id,
    fileName: row.file_name,
    status: row.status,
    createdAt: row.created_at,
    committedAt: row.committed_at,
    report: row.report ? (JSON.parse(row.report) as ImportReport) : null,
  };
}

/** Commits a staged upload; its report says whether it did (committed) or why not. */
export async function confirmImport(db: Kysely<DB>, actor: ImportActor, id: number): Promise<ImportReport> {
  const staged = await db.selectFrom("imports").select(["actor_id", "file_name", "file", "status"]).where("id", "=", id).executeTakeFirst();
  if (!staged) notFound();
  if (staged.actor_id !== actor.id) forbidden();
  if (staged.status !== "staged" || !staged.file) throw new ConflictError("imports.errors.not_staged");
  const report = await runImport(db, actor, { name: staged.file_name, bytes: new Uint8Array(staged.file) }, { commit: true, importId: id });
  if (!report.committed) {
    await db.updateTable("imports").set({ report: JSON.stringify(report) }).where("id", "=", id).where("status", "=", "staged").execute();
  }
  return report;
}

export async function discardImport(db: Kysely<DB>, actor: ImportActor, id: number): Promise<void> {
  const staged = await db.selectFrom("imports").select(["actor_id", "status"]).where("id", "=", id).executeTakeFirst();
  if (!staged) notFound();
  if (staged.actor_id !== actor.id) forbidden();
  if (staged.status !== "staged") throw new ConflictError("imports.errors.not_staged");
  await db.updateTable("imports").set({ status: "discarded", file: null }).where("id", "=", id).where("status", "=", "staged").execute();
}

/** The user's latest imports, newest first (an admin sees everyone's). */
export function listImports(db: Kysely<DB>, actor: ImportActor, limit = 10) {
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
  if (actor.role !== "admin") query = query.where("imports.actor_id", "=", actor.id);
  return query.orderBy("imports.id", "desc").limit(limit).execute();
}

async function dropExpiredUploads(db: Kysely<DB>, actor: ImportActor): Promise<void> {
  const before = new Date(Date.now() - STAGED_HOURS * 60 * 60 * 1000).toISOString();
  await db.updateTable("imports").set({ status: "discarded", file: null }).where("status", "=", "staged").where("created_at", "<", before).execute();
  // the upload about to be staged makes one more
  const kept = await db
    .selectFrom("imports")
    .select("id")
    .where("actor_id", "=", actor.id)
    .where("status", "=", "staged")
    .orderBy("id", "desc")
    .limit(STAGED_PER_USER - 1)
    .execute();
  await db
    .updateTable("imports")
    .set({ status: "discarded", file: null })
    .where("actor_id", "=", actor.id)
    .where("status", "=", "staged")
    .where("id", "not in", kept.length ? kept.map((row) => row.id) : [0])
    .execute();
}
