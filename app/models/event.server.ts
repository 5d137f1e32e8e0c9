import { now } from "~/clock.server";
import type { Executor } from "~/db.server";
import type { EventEntity } from "~/domain/vocabulary";

export interface EventInput {
  actorId: number | null;
  entityType: EventEntity;
  entityId: number | null;
  agencyId?: number | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  comment?: string | null;
  changes?: Record<string, [unknown, unknown]> | null;
  /** The import whose commit writes the event (app/models/import-writes.server.ts). */
  importId?: number | null;
}

/** The row an event is stored as, stamped now. */
export function eventRow(event: EventInput) {
  return {
    at: now().toISOString(),
    actor_id: event.actorId,
    entity_type: event.entityType,
    entity_id: event.entityId,
    agency_id: event.agencyId ?? null,
    action: event.action,
    from_status: event.fromStatus ?? null,
    to_status: event.toStatus ?? null,
    comment: event.comment ?? null,
    changes: event.changes && Object.keys(event.changes).length > 0 ? JSON.stringify(event.changes) : null,
    import_id: event.importId ?? null,
  };
}

/** Appends one history event; call it inside the transaction of the change it records. */
export async function recordEvent(db: Executor, event: EventInput): Promise<void> {
  await db.insertInto("events").values(eventRow(event)).execute();
}

/** The columns of changed fields that hold a legal document's id; history shows its number. */
const DOCUMENT_FIELDS = ["source_document_id", "legal_document_id", "amending_document_id"];

/**
 * A record's history, newest first: each event with its actor's name, the agency as it was
 * when the event happened (events.agency_id, kept through mergers), the import that wrote it if
 * any, plus the numbers of the legal documents its changes name by id.
 */
export async function listEvents(db: Executor, entityType: EventEntity, entityId: number) {
  const rows = await db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_id")
    .leftJoin("agencies", "agencies.id", "events.agency_id")
    .leftJoin("imports", "imports.id", "events.import_id")
    .select([
      "events.id",
      "events.at",
      "events.entity_type",
      "events.action",
      "events.from_status",
      "events.to_status",
      "events.comment",
      "events.changes",
      "users.name as actor_name",
      "agencies.code as agency_code",
      "agencies.name_vi as agency_name_vi",
      "agencies.name_en as agency_name_en",
      "imports.id as import_id",
      "imports.file_name as import_file",
    ])
    .where("events.entity_type", "=", entityType)
    .where("events.entity_id", "=", entityId)
    .orderBy("events.id", "desc")
    .limit(200)
    .execute();
  const numbers = await documentNumbers(db, rows.flatMap((row) => documentIds(row.changes)));
  return rows.map((row) => ({
    ...row,
    documents: Object.fromEntries(documentIds(row.changes).flatMap((id) => (numbers.has(id) ? [[String(id), numbers.get(id)!]] : []))),
  }));
}

function documentIds(changes: string | null): number[] {
  if (!changes) return [];
  const parsed = JSON.parse(changes) as Record<string, [unknown, unknown]>;
  return DOCUMENT_FIELDS.flatMap((field) => parsed[field] ?? []).filter((value): value is number => typeof value === "number");
}

async function documentNumbers(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("legal_documents").select(["id", "number"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.number]));
}

export type HistoryEntry = Awaited<ReturnType<typeof listEvents>>[number];

/** The fields whose values differ, as { field: [before, after] }, for an update event. */
export function diffFields<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(after)) {
    const previous = (before as Record<string, unknown>)[field];
    if (value !== undefined && (previous ?? null) !== (value ?? null)) changes[field] = [previous ?? null, value ?? null];
  }
  return changes;
}
