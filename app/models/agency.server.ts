import type { Executor } from "~/db.server";

export function listAgencies(db: Executor) {
  return db.selectFrom("agencies").selectAll().orderBy("active_to", "desc").orderBy("code").execute();
}

export function getAgencyByCode(db: Executor, code: string) {
  return db.selectFrom("agencies").selectAll().where("code", "=", code.trim().toUpperCase()).executeTakeFirst();
}

export function getAgency(db: Executor, id: number) {
  return db.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Agencies with how many proposals and amendments each is responsible for now. */
export function listAgenciesWithCounts(db: Executor) {
  return db
    .selectFrom("agencies")
    .selectAll("agencies")
    .select((eb) => [
      eb.selectFrom("proposals").select(eb.fn.countAll<number>().as("n")).whereRef("proposals.agency_id", "=", "agencies.id").as("proposal_count"),
      eb.selectFrom("amendments").select(eb.fn.countAll<number>().as("n")).whereRef("amendments.agency_id", "=", "agencies.id").as("amendment_count"),
    ])
    .orderBy("code")
    .execute();
}

export function listSuccessions(db: Executor) {
  return db
    .selectFrom("agency_successions as s")
    .innerJoin("agencies as p", "p.id", "s.predecessor_id")
    .innerJoin("agencies as n", "n.id", "s.successor_id")
    .select(["s.id", "s.effective_on", "s.scope", "s.functions", "p.code as predecessor_code", "n.code as successor_code", "s.predecessor_id", "s.successor_id"])
    .orderBy("p.code")
    .execute();
}
