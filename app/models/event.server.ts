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
}

/** Appends one history event; call it inside the transaction of the change it records. */
export async function recordEvent(db: Executor, event: EventInput): Promise<void> {
  await db
    .insertInto("events")
    .values({
      at: new Date().toISOString(),
      actor_id: event.actorId,
      entity_type: event.entityType,
      entity_id: event.entityId,
      agency_id: event.agencyId ?? null,
      action: event.action,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      comment: event.comment ?? null,
      changes: event.changes && Object.keys(event.changes).length > 0 ? JSON.stringify(event.changes) : null,
    })
    .execute();
}

export function listEvents(db: Executor, entityType: EventEntity, entityId: number) {
  return db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_id")
    .leftJoin("agencies", "agencies.id", "events.agency_id")
    .select([
      "events.id",
      "events.at",
      "events.action",
      "events.from_status",
      "events.to_status",
      "events.comment",
      "events.changes",
      "users.name as actor_name",
      "agencies.code as agency_code",
    ])
    .where("events.entity_type", "=", entityType)
    .where("events.entity_id", "=", entityId)
    .orderBy("events.id", "desc")
    .limit(200)
    .execute();
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
