import { sql, type Kysely } from "kysely";
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from "~/domain/errors";
import type { DB, ImportStatus } from "../../../db/types";
import { excerpt, runImport, sha256, type ImportActor, type ImportFile, type ImportReport } from "./import.server";

// The import page's flow: an upload is checked (a dry run) and kept, staged, until its uploader
// confirms or discards it. Confirming runs the import again against the data as it is then, so
// a change made meanwhile is seen; it commits only if every row is still valid.

/** A staged file not confirmed within a day is dropped, and a user keeps at most a few. */
const STAGED_HOURS = 24;
const STAGED_PER_USER = 5;
/**
 * What one user's imports may hold together, in bytes: the files awaiting confirmation and every
 * report. Finished imports' reports give up their lists to make room; what awaits confirmation
 * must fit, or the upload is refused.
 */
export const IMPORT_STORAGE_PER_USER = 60 * 1024 * 1024;
/** The report page: errors a page, and the rows listed (the counts cover them all). */
export const REPORT_ERRORS_PER_PAGE = 100;
export const REPORT_ROWS_SHOWN = 500;

export interface StoredImport {
  id: number;
  actorId: number;
  fileName: string;
  status: ImportStatus;
  createdAt: string;
  committedAt: string | null;
  report: ImportReport | null;
}

/** Checks an upload and keeps it for its uploader to confirm; a InvalidError when the user's storage has no room for it. */
export async function stageImport(db: Kysely<DB>, actor: ImportActor, file: ImportFile): Promise<number> {
  await dropExpiredUploads(db, actor);
  if ((await storedBytes(db, actor, "staged")) + file.bytes.byteLength > IMPORT_STORAGE_PER_USER) {
    throw new InvalidError({ file: `imports.errors.storage_full|max=${IMPORT_STORAGE_PER_USER / 1024 / 1024}` });
  }
  const report = await runImport(db, actor, file, { commit: false });
  const usable = report.fileError === null;
  const row = await db
    .insertInto("imports")
    .values({
      actor_id: actor.id,
      file_name: excerpt(file.name),
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
  await trimFinishedReports(db, actor);
  return row.id;
}

/** An import as its uploader (or an admin) may see it; 404 for anyone else's. */
export async function getImport(db: Kysely<DB>, actor: ImportActor, id: number): Promise<StoredImport> {
  const row = await db
    .selectFrom("imports")
    .select(["id", "actor_id", "file_name", "status", "created_at", "committed_at", "report"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row || (row.actor_id !== actor.id && actor.role !== "admin")) throw new NotFoundError("import");
  return {
    id: row.id,
    actorId: row.actor_id,
    fileName: row.file_name,
    status: row.status,
    createdAt: row.created_at,
    committedAt: row.committed_at,
    report: row.report ? readReport(row.report) : null,
  };
}

function readReport(json: string): ImportReport {
  const report = JSON.parse(json) as ImportReport;
  // reports stored before errors were counted apart listed them all
  return { ...report, errorCount: report.errorCount ?? report.errors.length };
}

/** What the report page shows of a report: one page of its errors and the first rows. */
export interface ReportPage {
  report: ImportReport;
  /** Every row of the file, listed or not. */
  rowCount: number;
  errorPage: { page: number; pageSize: number; listed: number };
}

/** One page of a report's errors (1-based); a page past the last is a 404. */
export function reportPage(report: ImportReport, page: number): ReportPage {
  const listed = report.errors.length;
  if (page > Math.max(1, Math.ceil(listed / REPORT_ERRORS_PER_PAGE))) throw new NotFoundError("import");
  const from = (page - 1) * REPORT_ERRORS_PER_PAGE;
  return {
    report: { ...report, errors: report.errors.slice(from, from + REPORT_ERRORS_PER_PAGE), outcomes: report.outcomes.slice(0, REPORT_ROWS_SHOWN) },
    rowCount: report.outcomes.length,
    errorPage: { page, pageSize: REPORT_ERRORS_PER_PAGE, listed },
  };
}

/** Commits a staged upload; its report says whether it did (committed) or why not. */
export async function confirmImport(db: Kysely<DB>, actor: ImportActor, id: number): Promise<ImportReport> {
  const staged = await db.selectFrom("imports").select(["actor_id", "file_name", "file", "status"]).where("id", "=", id).executeTakeFirst();
  if (!staged) throw new NotFoundError("import");
  if (staged.actor_id !== actor.id) throw new ForbiddenError();
  if (staged.status !== "staged" || !staged.file) throw new ConflictError("imports.errors.not_staged");
  const report = await runImport(db, actor, { name: staged.file_name, bytes: new Uint8Array(staged.file) }, { commit: true, importId: id });
  if (!report.committed) {
    await db.updateTable("imports").set({ report: JSON.stringify(report) }).where("id", "=", id).where("status", "=", "staged").execute();
  }
  return report;
}

export async function discardImport(db: Kysely<DB>, actor: ImportActor, id: number): Promise<void> {
  const staged = await db.selectFrom("imports").select(["actor_id", "status"]).where("id", "=", id).executeTakeFirst();
  if (!staged) throw new NotFoundError("import");
  if (staged.actor_id !== actor.id) throw new ForbiddenError();
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

/** Bytes a user's imports hold: files and reports, of every import or of the staged ones only. */
async function storedBytes(db: Kysely<DB>, actor: ImportActor, which: "staged" | "all"): Promise<number> {
  let query = db
    .selectFrom("imports")
    .select(sql<number>`coalesce(sum(coalesce(length(file), 0) + coalesce(octet_length(report), 0)), 0)`.as("bytes"))
    .where("actor_id", "=", actor.id);
  if (which === "staged") query = query.where("status", "=", "staged");
  return Number((await query.executeTakeFirstOrThrow()).bytes);
}

/** The oldest finished imports' reports give up their lists (the counts stay) until the user's imports fit their share. */
async function trimFinishedReports(db: Kysely<DB>, actor: ImportActor): Promise<void> {
  let excess = (await storedBytes(db, actor, "all")) - IMPORT_STORAGE_PER_USER;
  if (excess <= 0) return;
  const finished = await db
    .selectFrom("imports")
    .select("id")
    .where("actor_id", "=", actor.id)
    .where("status", "!=", "staged")
    .where("report", "is not", null)
    .orderBy("id")
    .execute();
  for (const { id } of finished) {
    if (excess <= 0) return;
    const { report } = await db.selectFrom("imports").select("report").where("id", "=", id).executeTakeFirstOrThrow();
    if (!report) continue;
    const trimmed = JSON.stringify({ ...readReport(report), outcomes: [], errors: [], notes: [], trimmed: true });
    await db.updateTable("imports").set({ report: trimmed }).where("id", "=", id).execute();
    excess -= Buffer.byteLength(report) - Buffer.byteLength(trimmed);
  }
}
