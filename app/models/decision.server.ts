import type { Executor } from "~/db.server";

export function listDecisions(db: Executor) {
  return db.selectFrom("decisions").selectAll().orderBy("signed_on", "desc").execute();
}

export function getDecision(db: Executor, id: number) {
  return db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findDecisionByKey(db: Executor, key: string) {
  return db.selectFrom("decisions").selectAll().where("number_key", "=", key).executeTakeFirst();
}
