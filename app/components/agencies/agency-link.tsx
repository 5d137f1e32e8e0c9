import { Link } from "~/components/ui/link";

/** The agency page's path; codes carry Vietnamese letters (BKHĐT), so they are encoded. */
export function agencyHref(code: string): string {
  return `/agencies/${encodeURIComponent(code)}`;
}

/** A list page filtered to one agency, e.g. /proposals?agency=BKH%C4%90T. */
export function agencyListHref(list: "/proposals" | "/amendments", code: string): string {
  return `${list}?${new URLSearchParams({ agency: code })}`;
}

/**
 * The agency code from a URL parameter. Links encode it (BKH%C4%90T) and Remix decodes params
 * once; decoding again also finds the agency from a link that was encoded twice. A malformed
 * escape stays as it is.
 */
export function agencyCodeParam(param: string | undefined): string {
  try {
    return decodeURIComponent(param ?? "");
  } catch {
    return param ?? "";
  }
}

export function AgencyLink({ code }: { code: string }) {
  return <Link to={agencyHref(code)}>{code}</Link>;
}
