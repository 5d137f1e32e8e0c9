import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useAgencyOptions, type AgencyChoice } from "./agency-options";
import { useFormat } from "./format";

// The building blocks of a list page: a title with the link to add a record, a GET filter
// form that works before JavaScript loads, the result count and the table.

const CONTROL = "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5";

export interface FilterOption {
  value: string | number;
  label: string;
}

/** The page's title, with whatever acts on the whole list (usually a NewRecordLink) beside it. */
export function ListHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}

export function NewRecordLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
      {children}
    </Link>
  );
}

/**
 * A plain GET search form laid out as a grid of filters, ending with the submit button and a
 * link back to the unfiltered list. Print hides it (form[role="search"] in tailwind.css).
 */
export function FilterForm({ clearTo, children }: { clearTo: string; children: ReactNode }) {
  const { t } = useFormat();
  return (
    <Form method="get" role="search" className="grid gap-3 rounded border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
      {children}
      <div className="flex items-end gap-3">
        <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">{t("actions.filter")}</button>
        <Link to={clearTo}>{t("actions.clear")}</Link>
      </div>
    </Form>
  );
}

/** The keyword box (`q`); `className` says how many grid columns it spans. */
export function SearchFilter({ value, placeholder, className = "sm:col-span-2" }: { value?: string; placeholder: string; className?: string }) {
  const { t } = useFormat();
  return (
    <label className={className}>
      {t("list.query")}
      <input type="search" name="q" defaultValue={value ?? ""} placeholder={placeholder} className={CONTROL} />
    </label>
  );
}

/** A select whose first choice, "All", leaves the filter off. */
export function SelectFilter({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value?: string | number;
  options: FilterOption[];
}) {
  const { t } = useFormat();
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""} className={CONTROL}>
        <option value="">{t("list.all")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </label>
  );
}

/** The `agency` filter: every agency by code and name in the page's language. */
export function AgencyFilter({ label, value, agencies }: { label: string; value?: string; agencies: AgencyChoice[] }) {
  const agencyOptions = useAgencyOptions();
  return <SelectFilter label={label} name="agency" value={value} options={agencyOptions(agencies)} />;
}

/** A date typed dd/mm/yyyy; `value` is the ISO date the list was filtered by. */
export function DateFilter({ label, name, value }: { label: string; name: string; value?: string }) {
  const { t, date } = useFormat();
  return (
    <label>
      {label}
      <input name={name} defaultValue={date(value)} placeholder={t("form.dateHint")} className={CONTROL} />
    </label>
  );
}

/** The `sort` select and, when the list can be reversed, the `dir` select beside it. */
export function SortFilter({ options, value, dir }: { options: FilterOption[]; value: string; dir?: "asc" | "desc" }) {
  const { t } = useFormat();
  return (
    <>
      <label>
        {t("list.sortBy")}
        <select name="sort" defaultValue={value} className={CONTROL}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </select>
      </label>
      {dir ? (
        <label>
          <span className="sr-only">{t("list.sortBy")}</span>
          <select name="dir" defaultValue={dir} className={`${CONTROL} sm:mt-7`}>
            <option value="asc">{t("list.ascending")}</option>
            <option value="desc">{t("list.descending")}</option>
          </select>
        </label>
      ) : null}
    </>
  );
}

/** "N kết quả", announced when a filter changes it. */
export function ResultCount({ total }: { total: number }) {
  const { t } = useFormat();
  return <p aria-live="polite">{t("list.total", { count: total })}</p>;
}

export interface Column {
  label: ReactNode;
  /** Numbers line up on the right. */
  numeric?: boolean;
  /** A column of on-screen controls, left out of print. */
  noPrint?: boolean;
}

/**
 * A table that scrolls sideways on narrow screens. `columns` are its header cells (a string is
 * a plain label); the rows are the children. `className` spaces the table from what is above.
 */
export function DataTable({
  columns,
  caption,
  className,
  children,
}: {
  columns: (string | Column)[];
  caption?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className ? `overflow-x-auto ${className}` : "overflow-x-auto"}>
      <table className="w-full border-collapse bg-white text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-100">
          <tr>
            {columns.map((column, index) => (
              <HeaderCell key={index} column={typeof column === "string" ? { label: column } : column} />
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function HeaderCell({ column }: { column: Column }) {
  const className = `${column.noPrint ? "no-print " : ""}p-2${column.numeric ? " text-right" : ""}`;
  return (
    <th scope="col" className={className}>
      {column.label}
    </th>
  );
}
