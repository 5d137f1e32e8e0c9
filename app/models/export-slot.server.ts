import type { Executor } from "~/db.server";

// The export slots (db/migrations/0014_export_slots.ts): how many list exports a user has under
// way, in every server process at once. Times are ISO-8601 UTC, so they compare as text.

/**
 * A slot for the user unless `limit` of theirs are live (heartbeat at or after `staleBefore`);
 * their stale ones are deleted first. Run it in a transaction that holds the write lock, so two
 * processes cannot both take the last slot. The new slot's id, or null when all are taken.
 */
export async function claimExportSlot(trx: Executor, userId: number, limit: number, now: string, staleBefore: string): Promise<number | null> {
  await trx.deleteFrom("export_slots").where("user_id", "=", userId).where("heartbeat_at", "<", staleBefore).execute();
  const { live } = await trx
    .selectFrom("export_slots")
    .select((eb) => eb.fn.countAll<number>().as("live"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  if (Number(live) >= limit) return null;
  const slot = await trx.insertInto("export_slots").values({ user_id: userId, started_at: now, heartbeat_at: now }).returning("id").executeTakeFirstOrThrow();
  return slot.id;
}

/** The slot's export is still streaming. */
export async function refreshExportSlot(db: Executor, id: number, now: string): Promise<void> {
  await db.updateTable("export_slots").set({ heartbeat_at: now }).where("id", "=", id).execute();
}

export async function releaseExportSlot(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("export_slots").where("id", "=", id).execute();
}
