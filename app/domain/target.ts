import type { AgencyRow } from "./figures";

// Progress toward the program's targets: computed for the dashboard, shown by its components.

/** The program target of Resolution 68/NQ-CP: cut at least 20% of regulations and of compliance cost. */
export const TARGET_PERCENT = 20;

/** What progress is measured against: an agency's baseline (agency_baselines). */
export interface Baseline {
  agency_id: number;
  code: string;
  baseline_on: string;
  regulations: number;
  yearly_cost_vnd: number;
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
export function progressTowardTarget(byAgency: AgencyRow[], baselines: readonly Baseline[]) {
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
