import { useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useAgencyName } from "~/components/ui/agency-options";
import { DASHBOARD_SORTS, type DashboardSort } from "~/schemas/dashboard";
import type { AgencyFigureRow } from "./agency-rows";
import { FigureLink } from "./figure-link";
import { figureLinks, type ScopeParams } from "./figure-links";
import { useFormat } from "~/components/ui/format";
import type { FigureUnit } from "~/domain/steering-report";

/**
 * Each figure column: the list it links to, what it counts, and the comparison it is read in
 * (adjacent columns of one unit: proposals, amendments, VND a year).
 */
const COLUMNS: Record<Exclude<DashboardSort, "agency">, { link: keyof Omit<ReturnType<typeof figureLinks>, "status">; unit: FigureUnit; compare: string }> = {
  approved: { link: "approved", unit: "proposal", compare: "agency.proposals" },
  implemented: { link: "implemented", unit: "proposal", compare: "agency.proposals" },
  overdue: { link: "overdueProposals", unit: "proposal", compare: "agency.proposals" },
  amendments: { link: "amendments", unit: "amendment", compare: "agency.amendments" },
  in_force: { link: "inForce", unit: "amendment", compare: "agency.amendments" },
  overdue_amendments: { link: "overdueAmendments", unit: "amendment", compare: "agency.amendments" },
  saving: { link: "savingApproved", unit: "vnd_per_year", compare: "agency.saving" },
};

const NUMERIC_COLUMNS = DASHBOARD_SORTS.filter((column): column is Exclude<DashboardSort, "agency"> => column !== "agency");

/**
 * Agencies and their figures. Each heading is a GET link that sorts by its column (again to
 * reverse); each number links to its list for that agency, under the same filters.
 */
export function AgencyTable({
  rows,
  scope,
  sort,
  dir,
}: {
  rows: AgencyFigureRow[];
  scope: ScopeParams;
  sort: DashboardSort;
  dir: "asc" | "desc";
}) {
  const { t } = useFormat();
  const name = useAgencyName();
  if (rows.length === 0) return <p>{t("dashboard.table.empty")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm" data-table="agencies">
        <caption className="sr-only">{t("dashboard.table.caption")}</caption>
        <thead className="bg-slate-100">
          <tr>
            {DASHBOARD_SORTS.map((column) => (
              <SortHeader key={column} column={column} sort={sort} dir={dir} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const links = figureLinks({ ...scope, agency: row.code });
            return (
              <tr key={row.code} className="border-t border-slate-200" data-agency={row.code}>
                <th scope="row" className="p-2 text-left font-normal">
                  <Link to={`/agencies/${row.code}`} className="font-medium">
                    {row.code}
                  </Link>
                  <span className="block text-xs text-slate-600">{name(row)}</span>
                </th>
                {NUMERIC_COLUMNS.map((column) => (
                  <td key={column} className="p-2 text-right whitespace-nowrap">
                    <FigureLink
                      to={links[COLUMNS[column].link]}
                      value={row[column]}
                      label={`${row.code}, ${t(`dashboard.columns.${column}`)}`}
                      name={`agency.${column}`}
                      unit={COLUMNS[column].unit}
                      compare={COLUMNS[column].compare}
                      money={COLUMNS[column].unit === "vnd_per_year"}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SortHeader({ column, sort, dir }: { column: DashboardSort; sort: DashboardSort; dir: "asc" | "desc" }) {
  const { t } = useFormat();
  const [searchParams] = useSearchParams();
  const current = column === sort;
  // numbers sort largest first on the first click; the agency column A to Z
  const next = current ? (dir === "asc" ? "desc" : "asc") : column === "agency" ? "asc" : "desc";
  const query = new URLSearchParams(searchParams);
  query.set("sort", column);
  query.set("dir", next);
  const label = t(`dashboard.columns.${column}`);
  return (
    <th
      scope="col"
      aria-sort={current ? (dir === "asc" ? "ascending" : "descending") : undefined}
      className={`p-2 align-bottom ${column === "agency" ? "text-left" : "text-right"}`}
    >
      <Link to={`?${query.toString()}`} preventScrollReset aria-label={t("dashboard.table.sortBy", { column: label })} className="text-slate-900">
        {label}
        {current ? (
          <span aria-hidden="true" className="no-print">
            {dir === "asc" ? " ▲" : " ▼"}
          </span>
        ) : null}
      </Link>
    </th>
  );
}
