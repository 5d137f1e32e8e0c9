import { inTransaction, type Executor } from "~/db.server";
import { can, type Actor } from "~/domain/permissions";
import { getAgencyByCode } from "~/models/agency.server";
import { getBaseline, insertBaseline, updateBaseline, type BaselineRow, type BaselineValues } from "~/models/baseline.server";
import { diffFields, recordEvent } from "~/models/event.server";
import type { AgencyRow } from "~/models/figures.server";
import type { BaselineInput } from "~/schemas/baseline";
import { ForbiddenError, InvalidError, StaleVersionError } from "~/domain/errors";

/** The program target of Resolution 68/NQ-CP: cut at least 20% of regulations and of compliance cost. */
export const TARGET_PERCENT = 20;

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
    if ((before?.version ?? undefined) !== expectedVersion) throw new StaleVersionError(expectedVersion, before?.version ?? 0);
    const values: BaselineValues = { baseline_on: input.baseline_on, regulations: input.regulations, yearly_cost_vnd: input.yearly_cost_vnd };
    const changes = diffFields<Partial<BaselineValues>>(before ?? {}, values);
    if (before) {
      if (Object.keys(changes).length === 0) return;
      if (!(await updateBaseline(db, agency.id, values, before.version))) throw new StaleVersionError(expectedVersion, before.version);
    } else {
      await insertBaseline(db, agency.id, values);
    }
    // the baseline belongs to the agency: its history is the agency's
    await recordEvent(db, { actorId: actor.id, entityType: "agency", entityId: agency.id, agencyId: agency.id, action: "update", changes });
  });
}

/** One share toward the target: done out of the baseline, in percent. */
export interface TargetShare {
  done: number;
  of: number;
  percent: number;
}

export interface AgencyProgress {
  agencyId: number;
  code: string;
  baselineOn: string;
  regulationsApproved: TargetShare;
  regulationsRealized: TargetShare;
  costApproved: TargetShare;
  costRealized: TargetShare;
}

function share(done: number, of: number): TargetShare {
  return { done, of, percent: of > 0 ? (done / of) * 100 : 0 };
}

/**
 * Progress toward the 20% targets for the agencies with a baseline, from the figures of the
 * scope shown: approved and implemented proposals against the baseline's regulations, approved
 * and realized savings against its yearly cost; and the same over all those agencies together.
 */
export function progressTowardTarget(byAgency: AgencyRow[], baselines: BaselineRow[]) {
  const figures = new Map(byAgency.map((row) => [row.agencyId, row.proposals]));
  const agencies: AgencyProgress[] = baselines.map((baseline) => {
    const proposals = figures.get(baseline.agency_id);
    return {
      agencyId: baseline.agency_id,
      code: baseline.code,
      baselineOn: baseline.baseline_on,
      regulationsApproved: share(proposals?.byStatus.approved ?? 0, baseline.regulations),
      regulationsRealized: share(proposals?.implemented ?? 0, baseline.regulations),
      costApproved: share(proposals?.savingApproved ?? 0, baseline.yearly_cost_vnd),
      costRealized: share(proposals?.savingRealized ?? 0, baseline.yearly_cost_vnd),
    };
  });
  const sum = (pick: (row: AgencyProgress) => TargetShare) =>
    share(
      agencies.reduce((total, row) => total + pick(row).done, 0),
      agencies.reduce((total, row) => total + pick(row).of, 0),
    );
  const overall = {
    regulationsApproved: sum((row) => row.regulationsApproved),
    regulationsRealized: sum((row) => row.regulationsRealized),
    costApproved: sum((row) => row.costApproved),
    costRealized: sum((row) => row.costRealized),
  };
  return { agencies, overall: agencies.length ? overall : null };
}

export type TargetProgress = ReturnType<typeof progressTowardTarget>;
