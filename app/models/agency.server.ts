import { sql } from "kysely";
import { currentDay } from "~/clock.server";
import type { Executor } from "~/db.server";
import type { Role } from "~/domain/vocabulary";

/** An agency still exists unless its last day (active_to) has passed. */
export function isAgencyActive(agency: { active_to: string | null }, today: string = currentDay()): boolean {
  return agency.active_to === null || agency.active_to >= today;
}

export function listAgencies(db: Executor) {
  return db.selectFrom("agencies").selectAll().orderBy("active_to", "desc").orderBy("code").execute();
}

/** The agencies a user may file new work under: those still active, and for an officer only their own. */
export async function listAgenciesToFileUnder(db: Executor, user: { role: Role; agency_id: number | null }) {
  return (await listAgencies(db)).filter(
    (agency) => (user.role !== "officer" || agency.id === user.agency_id) && isAgencyActive(agency),
  );
}

/** Every agency's code and names, in the order of listAgencies: what an agency filter offers. */
export function listAgencyNames(db: Executor) {
  return db.selectFrom("agencies").select(["code", "name_vi", "name_en"]).orderBy("active_to", "desc").orderBy("code").execute();
}

export function getAgencyByCode(db: Executor, code: string) {
  return db.selectFrom("agencies").selectAll().where("code", "=", code.trim().toUpperCase()).executeTakeFirst();
}

/**
 * The agency id a list is filtered by: none without a code, and -1 for a code that is no
 * agency, so that an unknown agency matches nothing rather than everything.
 */
/**
 * The agency ids a list filter by code matches: the agency, and with `withPredecessors` every
 * agency it succeeded as full or main successor (through any chain of mergers). An unknown
 * code matches nothing.
 */
export async function agencyFilterIds(
  db: Executor,
  code: string | undefined,
  withPredecessors = false,
): Promise<number[] | undefined> {
  if (!code) return undefined;
  const agency = await getAgencyByCode(db, code);
  if (!agency) return [];
  if (!withPredecessors) return [agency.id];
  const rows = await db
    .withRecursive("lineage(id)", (qb) =>
      qb
        // typed: PostgreSQL would take a bare parameter for text, and the recursion's ids with it
        .selectNoFrom(sql<number>`cast(${agency.id} as integer)`.as("id"))
        .union(
          qb
            .selectFrom("agency_successions")
            .innerJoin("lineage", "lineage.id", "agency_successions.successor_id")
            // a partial handover moves some functions, not the predecessor's records as a whole
            .where("agency_successions.scope", "in", ["full", "main"])
            .select("agency_successions.predecessor_id as id"),
        ),
    )
    .selectFrom("lineage")
    .select("id")
    .execute();
  return rows.map((row) => row.id);
}

export function getAgency(db: Executor, id: number) {
  return db.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
}

function agenciesWithCounts(db: Executor) {
  return db
    .selectFrom("agencies")
    .selectAll("agencies")
    .select((eb) => [
      eb.selectFrom("proposals").select(eb.fn.countAll<number>().as("n")).whereRef("proposals.agency_id", "=", "agencies.id").as("proposal_count"),
      eb.selectFrom("amendments").select(eb.fn.countAll<number>().as("n")).whereRef("amendments.agency_id", "=", "agencies.id").as("amendment_count"),
    ]);
}

/** Agencies with how many proposals and amendments each is responsible for now. */
export function listAgenciesWithCounts(db: Executor) {
  return agenciesWithCounts(db).orderBy("code").execute();
}

/** One agency, by code, with the same counts as the list. */
export function getAgencyWithCounts(db: Executor, code: string) {
  return agenciesWithCounts(db).where("code", "=", code.trim().toUpperCase()).executeTakeFirst();
}

/** Successions with both agencies' codes and names; `agencyId` keeps those it takes part in. */
export function listSuccessions(db: Executor, options: { agencyId?: number } = {}) {
  let query = db
    .selectFrom("agency_successions as s")
    .innerJoin("agencies as p", "p.id", "s.predecessor_id")
    .innerJoin("agencies as n", "n.id", "s.successor_id")
    .select([
      "s.id",
      "s.effective_on",
      "s.scope",
      "s.functions",
      "p.code as predecessor_code",
      "p.name_vi as predecessor_name_vi",
      "p.name_en as predecessor_name_en",
      "n.code as successor_code",
      "n.name_vi as successor_name_vi",
      "n.name_en as successor_name_en",
      "s.predecessor_id",
      "s.successor_id",
    ]);
  const { agencyId } = options;
  if (agencyId !== undefined) {
    query = query.where((eb) => eb.or([eb("s.predecessor_id", "=", agencyId), eb("s.successor_id", "=", agencyId)]));
  }
  return query.orderBy("s.effective_on").orderBy("p.code").orderBy("n.code").execute();
}

export type Succession = Awaited<ReturnType<typeof listSuccessions>>[number];
