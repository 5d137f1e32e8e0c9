import type { STAGE_ORDER } from "./amendment";

// The series behind the steering charts: computed on the server (app/models/series.server.ts),
// drawn in the browser.

/** The stages a needed amendment can be in: cancelled ones are not needed any more. */
export type ChartStage = (typeof STAGE_ORDER)[number];

export interface MonthPoint {
  /** "YYYY-MM". */
  month: string;
  /** Approved proposals whose approving decision was signed in or before this month. */
  approved: number;
  /** Approved proposals implemented in or before this month (proposals.implemented_on). */
  implemented: number;
}

export interface AgencyStages {
  agencyId: number;
  agencyCode: string;
  stages: Record<ChartStage, number>;
  total: number;
}

export interface AgencyOverdue {
  agencyId: number;
  agencyCode: string;
  proposals: number;
  amendments: number;
}

export interface SteeringSeries {
  monthly: MonthPoint[];
  stagesByAgency: AgencyStages[];
  overdueByAgency: AgencyOverdue[];
}

