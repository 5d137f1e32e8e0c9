import { inTransaction, type Executor } from "~/db.server";
import { parseDocumentNumber } from "~/domain/document-number";
import { can, type Actor } from "~/domain/permissions";
import { findDecisionByKey } from "~/models/decision.server";
import { diffFields, recordEvent } from "~/models/event.server";
import type { DecisionInput } from "~/schemas/decision";
import { ForbiddenError, InvalidError, NotFoundError, checkVersion } from "~/domain/errors";

async function assertNumberFree(db: Executor, key: string, exceptId?: number) {
  const existing = await findDecisionByKey(db, key);
  if (existing && existing.id !== exceptId) {
    throw new InvalidError({ number: `errors.duplicate_decision|number=${existing.number}` });
  }
}

function fields(input: DecisionInput) {
  const parsed = parseDocumentNumber(input.number, "pm_decision");
  return {
    number: parsed.official,
    number_key: parsed.key,
    signed_on: input.signed_on,
    kind: input.kind,
    title_vi: input.title_vi,
    title_en: input.title_en,
    timeline: input.timeline.timeline,
    due_on: input.timeline.dueOn,
  };
}

export function createDecision(executor: Executor, actor: Actor, input: DecisionInput): Promise<number> {
  if (!can(actor, "decision:create")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const values = fields(input);
    await assertNumberFree(db, values.number_key);
    const row = await db.insertInto("decisions").values(values).returning("id").executeTakeFirstOrThrow();
    await recordEvent(db, { actorId: actor.id, entityType: "decision", entityId: row.id, action: "create" });
    return row.id;
  });
}

export function updateDecision(
  executor: Executor,
  actor: Actor,
  id: number,
  input: DecisionInput,
  expectedVersion?: number,
): Promise<void> {
  if (!can(actor, "decision:update")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const before = await db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw new NotFoundError("decision");
    checkVersion(expectedVersion, before.version);
    const values = fields(input);
    await assertNumberFree(db, values.number_key, id);
    const changes = diffFields(before, values);
    delete changes.number_key;
    if (Object.keys(changes).length === 0) return;
    await db
      .updateTable("decisions")
      .set({ ...values, updated_at: new Date().toISOString(), version: before.version + 1 })
      .where("id", "=", id)
      .where("version", "=", before.version)
      .execute();
    await recordEvent(db, { actorId: actor.id, entityType: "decision", entityId: id, action: "update", changes });
  });
}
