import type { AgencyRow } from "~/domain/figures";
import type { DashboardSort } from "~/schemas/dashboard";

// The per-agency table's rows: the figures of byAgency under the agency's code and names,
// sorted on the server so the table sorts by plain GET links, before JavaScript loads.

export interface AgencyFigureRow {
  code: string;
  name_vi: string;
  name_en: string;
  approved: number;
  implemented: number;
  overdue: number;
  amendments: number;
  in_force: number;
  overdue_amendments: number;
  saving: number;
}

export function agencyFigureRows(
  byAgency: AgencyRow[],
  agencies: { id: number; code: string; name_vi: string; name_en: string }[],
): AgencyFigureRow[] {
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));
  return byAgency.flatMap((row) => {
    const agency = byId.get(row.agencyId);
    if (!agency) return [];
    return [
      {
        code: agency.code,
        name_vi: agency.name_vi,
        name_en: agency.name_en,
        approved: row.proposals.byStatus.approved,
        implemented: row.proposals.implemented,
        overdue: row.proposals.overdue,
        amendments: row.amendments.amendments,
        in_force: row.amendments.inForce,
        overdue_amendments: row.amendments.overdue,
        saving: row.proposals.savingApproved,
      },
    ];
  });
}

/** Sorted by the column asked for, ties by agency code, so the order is the same on every load. */
export function sortAgencyRows(rows: AgencyFigureRow[], sort: DashboardSort, dir: "asc" | "desc"): AgencyFigureRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const byColumn = sort === "agency" ? a.code.localeCompare(b.code) : a[sort] - b[sort];
    return byColumn !== 0 ? sign * byColumn : a.code.localeCompare(b.code);
  });
}
