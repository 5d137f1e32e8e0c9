import { inTransaction, type Executor } from "~/db.server";
import { can, type Actor } from "~/domain/permissions";
import { getAgencyByCode, isAgencyActive, listAgencies } from "~/models/agency.server";
import { getBaseline, insertBaseline, listBaselines, updateBaseline, type BaselineRow, type BaselineValues } from "~/models/baseline.server";
import { diffFields, recordEvent } from "~/models/event.server";
import { baselineFormValues, type BaselineInput } from "~/schemas/baseline";
import { ForbiddenError, InvalidError, StaleVersionError } from "~/domain/errors";

/**
 * Enters or changes an agency's baseline, with an "update" event on the agency holding the
 * fields before and after. `expectedVersion` is the version the form was opened at (none for
 * an agency without a baseline then); a baseline saved by someone else meanwhile is stale.
 */
export function setAgencyBaseline(executor: Executor, actor: Actor, input: BaselineInput, expectedVersion?: number): Promise<void> {
  if (!can(actor, "agency:update")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const agency = await getAgencyByCode(db, input.agency);
    if (!agency) throw new InvalidError({ agency: "errors.invalid_choice" });
    const before = await getBaseline(db, agency.id);
    const stored = () => (before ? baselineFormValues(before) : { baseline_on: "", regulations: "", yearly_cost_vnd: "" });
    if ((before?.version ?? undefined) !== expectedVersion) throw new StaleVersionError(expectedVersion, before?.version ?? 0, stored());
    const values: BaselineValues = { baseline_on: input.baseline_on, regulations: input.regulations, yearly_cost_vnd: input.yearly_cost_vnd };
    const changes = diffFields<Partial<BaselineValues>>(before ?? {}, values);
    if (before) {
      if (Object.keys(changes).length === 0) return;
      if (!(await updateBaseline(db, agency.id, values, before.version))) throw new StaleVersionError(expectedVersion, before.version, stored());
    } else {
      await insertBaseline(db, agency.id, values);
    }
    // the baseline belongs to the agency: its history is the agency's
    await recordEvent(db, { actorId: actor.id, entityType: "agency", entityId: agency.id, agencyId: agency.id, action: "update", changes });
  });
}

/** A stored baseline as its form shows it, with the agency it belongs to. */
function formValues(baseline: BaselineRow) {
  return { agency: baseline.code, ...baselineFormValues(baseline) };
}

/**
 * The baselines page: every baseline, the one being edited (`editing`, an agency code) as its
 * form's values, the one just saved (`saved`) if it exists, and the agencies still working that
 * have none yet.
 */
export async function readBaselines(db: Executor, actor: Actor, params: { editing?: string; saved?: string }) {
  if (!can(actor, "agency:update")) throw new ForbiddenError("agency:update");
  const [baselines, agencies] = await Promise.all([listBaselines(db), listAgencies(db)]);
  const current = params.editing ? baselines.find((baseline) => baseline.code === params.editing) : undefined;
  return {
    baselines,
    editing: current ? { values: formValues(current), version: current.version } : null,
    saved: params.saved && baselines.some((baseline) => baseline.code === params.saved) ? params.saved : null,
    // a new baseline is for an agency without one that still exists
    agencies: agencies
      .filter((agency) => isAgencyActive(agency) && !baselines.some((baseline) => baseline.agency_id === agency.id))
      .map((agency) => ({ code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en })),
  };
}
