import { Link } from "@remix-run/react";

/** The agency page's path; codes carry Vietnamese letters (BKHĐT), so they are encoded. */
export function agencyHref(code: string): string {
  return `/agencies/${encodeURIComponent(code)}`;
}

/** A list page filtered to one agency, e.g. /proposals?agency=BKH%C4%90T. */
export function agencyListHref(list: "/proposals" | "/amendments", code: string): string {
  return `${list}?${new URLSearchParams({ agency: code })}`;
}

export function AgencyLink({ code }: { code: string }) {
  return <Link to={agencyHref(code)}>{code}</Link>;
}
