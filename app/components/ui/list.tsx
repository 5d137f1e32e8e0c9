import { Form } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { Children, cloneElement, createContext, isValidElement, useContext, useId, type ReactElement, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/i18n";
import type { IgnoredParam } from "~/schemas/list-params";
import { useAgencyOptions, type AgencyChoice } from "./agency-options";
import { useFormat } from "./format";

// The building blocks of a list page: a title with the link to add a record, a GET filter
// form that works before JavaScript loads, the result count and the table.

const CONTROL =
  "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700 aria-[invalid=true]:bg-red-50";

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
 * `ignored`: the values of the query string the list did not use, listed above the form and
 * marked on their filters.
 */
export function FilterForm({ clearTo, ignored, children }: { clearTo: string; ignored?: IgnoredParam[]; children: ReactNode }) {
  const { t } = useFormat();
  return (
    <IgnoredParams ignored={ignored}>
      <Form method="get" role="search" className="grid gap-3 rounded border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
        {children}
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">{t("actions.filter")}</button>
          <Link to={clearTo}>{t("actions.clear")}</Link>
        </div>
      </Form>
    </IgnoredParams>
  );
}

const IgnoredContext = createContext<IgnoredParam[]>([]);

/** How much of a left-out value the notice quotes. */
const SHOWN_VALUE = 60;

/**
 * Says which values of the page's query string were left out and why (a page past the last,
 * a date that is no date, a choice the list does not offer), and lets each filter inside mark
 * its own. FilterForm uses it; a page with a filter form of its own wraps that form in it.
 */
export function IgnoredParams({ ignored = [], children }: { ignored?: IgnoredParam[]; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  // a parameter without a label of its own is named as it is written in the address
  const paramLabel = (name: string) => (i18n.exists(`list.params.${name}`) ? translateMessage(t, `list.params.${name}`) : name);
  return (
    <IgnoredContext.Provider value={ignored}>
      {ignored.length ? (
        <div role="alert" className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950" data-ignored-params={ignored.map((param) => param.name).join(" ")}>
          <p className="font-medium">{t("list.ignored")}</p>
          <ul className="list-disc pl-5">
            {ignored.map((param) => (
              <li key={param.name}>
                {paramLabel(param.name)} “{param.value.length > SHOWN_VALUE ? `${param.value.slice(0, SHOWN_VALUE)}…` : param.value}”:{" "}
                {translateMessage(t, param.message)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {children}
    </IgnoredContext.Provider>
  );
}

/** A filter's own left-out value: the control is marked invalid and described by the reason, shown beside it. */
function useIgnoredFilter(name: string) {
  const { t } = useFormat();
  const id = useId();
  const param = useContext(IgnoredContext).find((ignored) => ignored.name === name);
  if (!param) return { value: undefined, control: {}, message: null };
  return {
    value: param.value,
    control: { "aria-invalid": true, "aria-describedby": `${id}-ignored` },
    message: (
      <span id={`${id}-ignored`} className="mt-1 block text-sm font-medium text-red-800" data-field-error={name}>
        {translateMessage(t, param.message)}
      </span>
    ),
  };
}

/** The keyword box (`q`); `className` says how many grid columns it spans. */
export function SearchFilter({ value, placeholder, className = "sm:col-span-2" }: { value?: string; placeholder: string; className?: string }) {
  const { t } = useFormat();
  const ignored = useIgnoredFilter("q");
  return (
    <label className={className}>
      {t("list.query")}
      <input type="search" name="q" defaultValue={ignored.value ?? value ?? ""} placeholder={placeholder} className={CONTROL} {...ignored.control} />
      {ignored.message}
    </label>
  );
}

/** A select whose first choice, "All", leaves the filter off (unless `all` is false: one of the options always applies). */
export function SelectFilter({
  label,
  name,
  value,
  options,
  all = true,
}: {
  label: string;
  name: string;
  value?: string | number;
  options: FilterOption[];
  all?: boolean;
}) {
  const { t } = useFormat();
  const ignored = useIgnoredFilter(name);
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""} className={CONTROL} {...ignored.control}>
        {all ? <option value="">{t("list.all")}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
      {ignored.message}
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
  // a date that is no date stays as typed, beside the reason, to be corrected
  const ignored = useIgnoredFilter(name);
  return (
    <label>
      {label}
      <input name={name} defaultValue={ignored.value ?? date(value)} placeholder={t("form.dateHint")} className={CONTROL} {...ignored.control} />
      {ignored.message}
    </label>
  );
}

/** The `sort` select and, when the list can be reversed, the `dir` select beside it. */
export function SortFilter({ options, value, dir }: { options: FilterOption[]; value: string; dir?: "asc" | "desc" }) {
  const { t } = useFormat();
  return (
    <>
      <SelectFilter label={t("list.sortBy")} name="sort" value={value} options={options} all={false} />
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
  /** The column's width (a Tailwind width class), the same in every table of a page so that they line up. */
  width?: string;
}

/**
 * A list's table. On a wide screen and on paper it is a table whose header row names the columns;
 * on a phone each row becomes a card, each cell a line led by its column's name (data-label, see
 * tailwind.css), so no title is squeezed to a word per line and nothing scrolls sideways; the
 * header row stays for screen readers. `columns` are its header cells (a string is a plain label;
 * a column whose label is not a string shows no name on a card); the rows are the children, `<tr>`
 * elements of `<td>` (or `<th scope="row">`) cells. `className` spaces the table from what is above.
 */
export function DataTable({
  columns,
  caption,
  className,
  children,
  ...data
}: {
  columns: (string | Column)[];
  caption?: string;
  className?: string;
  children: ReactNode;
} & { [attribute: `data-${string}`]: string | undefined }) {
  const heads = columns.map((column) => (typeof column === "string" ? { label: column } : column));
  const widths = heads.some((column) => column.width);
  return (
    // positioned, so that what is absolutely placed inside (screen-reader-only text) scrolls with the table, not the page
    <div className={`relative overflow-x-auto ${className ?? ""}`}>
      <table className={`data-table w-full border-collapse bg-white text-sm${widths ? " table-fixed" : ""}`} {...data}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {widths ? (
          <colgroup>
            {heads.map((column, index) => (
              <col key={index} className={column.width} />
            ))}
          </colgroup>
        ) : null}
        <thead className="bg-slate-100">
          <tr>
            {heads.map((column, index) => (
              <HeaderCell key={index} column={column} />
            ))}
          </tr>
        </thead>
        <tbody>{labelCells(children, heads.map((column) => (typeof column.label === "string" ? column.label : undefined)))}</tbody>
      </table>
    </div>
  );
}

/** Gives each cell of each row its column's name (data-label), which a card shows before the value. */
function labelCells(rows: ReactNode, labels: (string | undefined)[]): ReactNode {
  return Children.map(rows, (row) => {
    if (!isValidElement<{ children?: ReactNode }>(row) || row.type !== "tr") return row;
    let column = 0;
    const cells = Children.map(row.props.children, (cell) => {
      if (!isValidElement(cell) || (cell.type !== "td" && cell.type !== "th")) return cell;
      const label = labels[column++];
      return label ? cloneElement(cell as ReactElement<{ "data-label"?: string }>, { "data-label": label }) : cell;
    });
    return cloneElement(row, undefined, cells);
  });
}

function HeaderCell({ column }: { column: Column }) {
  const className = `${column.noPrint ? "no-print " : ""}p-2${column.numeric ? " text-right" : ""}`;
  return (
    <th scope="col" className={className}>
      {column.label}
    </th>
  );
}
