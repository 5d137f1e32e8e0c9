import type { Figures } from "~/models/figures.server";

// The steering committee's report: the figures of app/models/figures.server.ts with the names
// of the agencies and decisions they belong to, as the report pages, the XLSX downloads and the
// meeting snapshots (stored as JSON, so a snapshot keeps the names as they were) all show them.
// Pure: shared by the server and the browser.

export interface AgencyReportRow extends Figures {
  agencyId: number;
  code: string;
  name_vi: string;
  name_en: string;
}

export interface DecisionReportRow extends Figures {
  decisionId: number;
  number: string;
  /** Agencies with approved proposals under the decision. */
  agencies: number;
}

export interface SteeringReport {
  /** The day the figures were computed for (overdue is relative to it). */
  computedOn: string;
  total: Figures;
  byAgency: AgencyReportRow[];
  byDecision: DecisionReportRow[];
}

export type FigureFormat = "count" | "vnd" | "percent";

/** The figures a report's tables show, in column order; `key` names its list in figureLinks. */
export const REPORT_FIGURES = [
  { key: "approved", format: "count", value: (f: Figures) => f.proposals.byStatus.approved },
  { key: "implemented", format: "count", value: (f: Figures) => f.proposals.implemented },
  { key: "overdueProposals", format: "count", value: (f: Figures) => f.proposals.overdue },
  { key: "documents", format: "count", value: (f: Figures) => f.amendments.documents },
  { key: "amendments", format: "count", value: (f: Figures) => f.amendments.amendments },
  { key: "promulgated", format: "count", value: (f: Figures) => f.amendments.promulgated },
  { key: "inForce", format: "count", value: (f: Figures) => f.amendments.inForce },
  { key: "inForceShare", format: "percent", value: (f: Figures) => inForceShare(f) },
  { key: "overdueAmendments", format: "count", value: (f: Figures) => f.amendments.overdue },
  { key: "savingApproved", format: "vnd", value: (f: Figures) => f.proposals.savingApproved },
  { key: "savingRealized", format: "vnd", value: (f: Figures) => f.proposals.savingRealized },
] as const satisfies readonly { key: string; format: FigureFormat; value: (f: Figures) => number | null }[];

export type ReportFigureKey = (typeof REPORT_FIGURES)[number]["key"];

/** The share of needed amendments in force (0–1), or null when none is needed. */
export function inForceShare(figures: Figures): number | null {
  return figures.amendments.amendments ? figures.amendments.inForce / figures.amendments.amendments : null;
}

/** Rows that say something: an agency or decision with approved work or needed amendments. */
export function hasWork(figures: Figures): boolean {
  return figures.proposals.byStatus.approved > 0 || figures.amendments.amendments > 0;
}

type Numbers = { [key: string]: number | Numbers };

/** after − before, field by field, through the nested figures; a missing side counts as zeros. */
export function subtractFigures(after: Figures | undefined, before: Figures | undefined): Figures {
  const base = after ?? before;
  if (!base) throw new Error("subtractFigures needs at least one side");
  // only the figures: a report row also carries its agency's or decision's names
  const part = (key: keyof Figures) =>
    subtract(base[key] as unknown as Numbers, after?.[key] as unknown as Numbers | undefined, before?.[key] as unknown as Numbers | undefined);
  return { proposals: part("proposals"), amendments: part("amendments") } as unknown as Figures;
}

function subtract(shape: Numbers, after: Numbers | undefined, before: Numbers | undefined): Numbers {
  const result: Numbers = {};
  for (const [key, value] of Object.entries(shape)) {
    if (typeof value === "number") {
      const a = after?.[key];
      const b = before?.[key];
      result[key] = (typeof a === "number" ? a : 0) - (typeof b === "number" ? b : 0);
    } else if (typeof value === "object" && value !== null) {
      const a = after?.[key];
      const b = before?.[key];
      result[key] = subtract(value, typeof a === "object" ? a : undefined, typeof b === "object" ? b : undefined);
    }
  }
  return result;
}

export interface RowChange<Row> {
  /** The row as it is now, or as it was when it is gone from the current figures. */
  row: Row;
  /** Whether the row exists only in the previous figures (say, an agency merged away). */
  gone: boolean;
  change: Figures;
}

export interface ReportChanges {
  total: Figures;
  byAgency: RowChange<AgencyReportRow>[];
  byDecision: RowChange<DecisionReportRow>[];
}

function rowChanges<Row extends Figures>(current: Row[], previous: Row[], id: (row: Row) => number): RowChange<Row>[] {
  const before = new Map(previous.map((row) => [id(row), row]));
  const now = new Set(current.map(id));
  return [
    ...current.map((row) => ({ row, gone: false, change: subtractFigures(row, before.get(id(row))) })),
    ...previous.filter((row) => !now.has(id(row))).map((row) => ({ row, gone: true, change: subtractFigures(undefined, row) })),
  ];
}

/**
 * What changed between two reports (a meeting's snapshot and the previous one): overall, per
 * agency (by id, so a renamed agency is the same row) and per decision.
 */
export function diffReports(current: SteeringReport, previous: SteeringReport): ReportChanges {
  return {
    total: subtractFigures(current.total, previous.total),
    byAgency: rowChanges(current.byAgency, previous.byAgency, (row) => row.agencyId),
    byDecision: rowChanges(current.byDecision, previous.byDecision, (row) => row.decisionId),
  };
}

/** Whether any figure of a change is not zero. */
export function hasChange(change: Figures): boolean {
  return REPORT_FIGURES.some((figure) => figure.format !== "percent" && figure.value(change) !== 0) ||
    Object.values(change.proposals.byStatus).some((n) => n !== 0);
}
