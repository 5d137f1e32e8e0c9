import { inTransaction, type Executor } from "~/db.server";
import { parseDocumentNumber } from "~/domain/document-number";
import { can, type Actor } from "~/domain/permissions";
import { findDecisionByKey, getDecision, insertDecision } from "~/models/decision.server";
import { diffFields, recordEvent } from "~/models/event.server";
import { updateVersioned } from "~/models/versioned.server";
import { decisionFormValues, type DecisionInput } from "~/schemas/decision";
import { ForbiddenError, InvalidError, NotFoundError, StaleVersionError } from "~/domain/errors";

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
  if (!can(actor, "decision:create")) throw new ForbiddenError("decision:create");
  return inTransaction(executor, async (db) => {
    const values = fields(input);
    await assertNumberFree(db, values.number_key);
    const id = await insertDecision(db, values);
    await recordEvent(db, { actorId: actor.id, entityType: "decision", entityId: id, action: "create" });
    return id;
  });
}

export function updateDecision(
  executor: Executor,
  actor: Actor,
  id: number,
  input: DecisionInput,
  expectedVersion?: number,
): Promise<void> {
  if (!can(actor, "decision:update")) throw new ForbiddenError("decision:update");
  return inTransaction(executor, async (db) => {
    const before = await getDecision(db, id);
    if (!before) throw new NotFoundError("decision", id);
    // a stale save answers with the decision as stored now, as its form shows it
    const stale = () => new StaleVersionError(expectedVersion, before.version, decisionFormValues(before));
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw stale();
    const values = fields(input);
    await assertNumberFree(db, values.number_key, id);
    const changes = diffFields(before, values);
    delete changes.number_key;
    if (Object.keys(changes).length === 0) return;
    const saved = await updateVersioned(db, "decisions", before, values, { actorId: actor.id, entityType: "decision", entityId: id, action: "update", changes });
    if (!saved) throw stale();
  });
}
