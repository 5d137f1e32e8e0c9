import type { Executor } from "~/db.server";
import type { Insertable } from "kysely";
import type { SnapshotTable } from "../../db/types";

// Meeting snapshots: written once, never changed (the database refuses UPDATE and DELETE).

export async function insertSnapshot(db: Executor, values: Insertable<SnapshotTable>): Promise<number> {
  const row = await db.insertInto("snapshots").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The committee's record: every snapshot, the latest meeting first, with who froze it. */
export function listSnapshots(db: Executor) {
  return db
    .selectFrom("snapshots")
    .innerJoin("users", "users.id", "snapshots.created_by")
    .select(["snapshots.id", "snapshots.title", "snapshots.held_on", "snapshots.created_at", "users.name as created_by_name"])
    .orderBy("snapshots.held_on", "desc")
    .orderBy("snapshots.id", "desc")
    .execute();
}

export function getSnapshot(db: Executor, id: number) {
  return db
    .selectFrom("snapshots")
    .innerJoin("users", "users.id", "snapshots.created_by")
    .selectAll("snapshots")
    .select("users.name as created_by_name")
    .where("snapshots.id", "=", id)
    .executeTakeFirst();
}

/** The snapshot of the meeting before this one: by meeting date, then by the order they were frozen. */
export function getPreviousSnapshot(db: Executor, current: { id: number; held_on: string }) {
  return db
    .selectFrom("snapshots")
    .selectAll()
    .where((eb) =>
      eb.or([eb("held_on", "<", current.held_on), eb.and([eb("held_on", "=", current.held_on), eb("id", "<", current.id)])]),
    )
    .orderBy("held_on", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}
