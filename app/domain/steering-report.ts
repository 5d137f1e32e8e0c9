import type { Figures } from "./figures";

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

/**
 * What a figure counts. Figures shown side by side or as "x of y" count one kind of record, and
 * every label names it (tests/integration/figure-units.test.ts walks the pages that show them).
 * A regulation is an approved proposal (each proposal is about one regulation).
 */
export const FIGURE_UNITS = ["proposal", "regulation", "document", "amendment", "vnd_per_year"] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];

/** The figures a report's tables show, in column order; `key` names its list in figureLinks. */
export const REPORT_FIGURES = [
  { key: "approved", unit: "regulation", format: "count", value: (f: Figures) => f.proposals.byStatus.approved },
  { key: "implemented", unit: "regulation", format: "count", value: (f: Figures) => f.proposals.implemented },
  { key: "overdueProposals", unit: "regulation", format: "count", value: (f: Figures) => f.proposals.overdue },
  { key: "needsAmendment", unit: "regulation", format: "count", value: (f: Figures) => f.proposals.needsAmendment ?? null },
  { key: "documents", unit: "document", format: "count", value: (f: Figures) => f.amendments.documents },
  { key: "documentsAmended", unit: "document", format: "count", value: (f: Figures) => f.amendments.documentsAmended ?? null },
  { key: "amendments", unit: "amendment", format: "count", value: (f: Figures) => f.amendments.amendments },
  { key: "promulgated", unit: "amendment", format: "count", value: (f: Figures) => f.amendments.promulgated },
  { key: "inForce", unit: "amendment", format: "count", value: (f: Figures) => f.amendments.inForce },
  { key: "inForceShare", unit: "amendment", format: "percent", value: (f: Figures) => inForceShare(f) },
  { key: "overdueAmendments", unit: "amendment", format: "count", value: (f: Figures) => f.amendments.overdue },
  { key: "savingApproved", unit: "vnd_per_year", format: "vnd", value: (f: Figures) => f.proposals.savingApproved },
  { key: "savingRealized", unit: "vnd_per_year", format: "vnd", value: (f: Figures) => f.proposals.savingRealized },
] as const satisfies readonly { key: string; unit: FigureUnit; format: FigureFormat; value: (f: Figures) => number | null }[];
// `?? null`: snapshots frozen before a figure existed do not have it; they show "—"

export type ReportFigureKey = (typeof REPORT_FIGURES)[number]["key"];
export type ReportFigure = (typeof REPORT_FIGURES)[number];

/**
 * The comparisons a report's tables are made of: figures read together, all of one unit. Each
 * group's figures sit side by side; `unit` is what the group compares.
 */
export const REPORT_GROUPS: readonly { compare: string; unit: FigureUnit; figures: readonly ReportFigureKey[] }[] = [
  { compare: "regulations", unit: "regulation", figures: ["approved", "implemented", "overdueProposals", "needsAmendment"] },
  { compare: "documents", unit: "document", figures: ["documents", "documentsAmended"] },
  { compare: "amendments", unit: "amendment", figures: ["amendments", "promulgated", "inForce", "inForceShare", "overdueAmendments"] },
  { compare: "saving", unit: "vnd_per_year", figures: ["savingApproved", "savingRealized"] },
];

/** Each shown figure with the comparison it belongs to, in column order. */
export function groupedFigures(keys: readonly ReportFigureKey[] = REPORT_FIGURES.map((figure) => figure.key)) {
  return REPORT_GROUPS.flatMap((group) =>
    group.figures
      .filter((key) => keys.includes(key))
      .map((key) => ({ figure: REPORT_FIGURES.find((figure) => figure.key === key)!, compare: group.compare })),
  );
}

/** The share of needed amendments in force (0–1), or null when none is needed. */
export function inForceShare(figures: Figures): number | null {
  return figures.amendments.amendments ? figures.amendments.inForce / figures.amendments.amendments : null;
}

/** Rows that say something: an agency or decision with approved work or needed amendments. */
export function hasWork(figures: Figures): boolean {
  return figures.proposals.byStatus.approved > 0 || figures.amendments.amendments > 0;
}

type Numbers = { [key: string]: number | null | Numbers };

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
      const a = after ? (after[key] ?? null) : 0;
      const b = before ? (before[key] ?? null) : 0;
      // a figure that one side lacks (frozen before it existed) has no change to show
      result[key] = typeof a === "number" && typeof b === "number" ? a - b : null;
    } else if (typeof value === "object" && value !== null) {
      const a = after?.[key];
      const b = before?.[key];
      result[key] = subtract(value, a && typeof a === "object" ? a : undefined, b && typeof b === "object" ? b : undefined);
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
  return REPORT_FIGURES.some((figure) => figure.format !== "percent" && (figure.value(change) ?? 0) !== 0) ||
    Object.values(change.proposals.byStatus).some((n) => n !== 0);
}
