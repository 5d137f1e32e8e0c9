import type { Executor } from "~/db.server";

// Agencies' baselines for the program's 20% targets (agency_baselines, one row per agency).

/** Every baseline with its agency's code and names, by agency code. */
export function listBaselines(db: Executor) {
  return db
    .selectFrom("agency_baselines")
    .innerJoin("agencies", "agencies.id", "agency_baselines.agency_id")
    .select([
      "agency_baselines.agency_id",
      "agency_baselines.baseline_on",
      "agency_baselines.regulations",
      "agency_baselines.yearly_cost_vnd",
      "agency_baselines.updated_at",
      "agency_baselines.version",
      "agencies.code",
      "agencies.name_vi",
      "agencies.name_en",
    ])
    .orderBy("agencies.code")
    .execute();
}

export type BaselineRow = Awaited<ReturnType<typeof listBaselines>>[number];

export function getBaseline(db: Executor, agencyId: number) {
  return db.selectFrom("agency_baselines").selectAll().where("agency_id", "=", agencyId).executeTakeFirst();
}

export interface BaselineValues {
  baseline_on: string;
  regulations: number;
  yearly_cost_vnd: number;
}

export async function insertBaseline(db: Executor, agencyId: number, values: BaselineValues): Promise<void> {
  await db
    .insertInto("agency_baselines")
    .values({ agency_id: agencyId, ...values, updated_at: new Date().toISOString(), version: 1 })
    .execute();
}

/** Writes the baseline if it is still at `version`; false when someone changed it meanwhile. */
export async function updateBaseline(db: Executor, agencyId: number, values: BaselineValues, version: number): Promise<boolean> {
  const result = await db
    .updateTable("agency_baselines")
    .set({ ...values, updated_at: new Date().toISOString(), version: version + 1 })
    .where("agency_id", "=", agencyId)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
