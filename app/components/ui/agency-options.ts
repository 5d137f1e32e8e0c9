import type { Locale } from "~/i18n";
import { useFormat } from "./format";

export interface AgencyChoice {
  code: string;
  name_vi: string;
  name_en: string;
  /** Merged away: still offered where older records need it, and marked so. */
  inactive?: boolean;
}

/** The agency's name in `locale`; in a component, useAgencyName (this is for a page's title, outside React). */
export function agencyNameIn(locale: Locale, agency: Pick<AgencyChoice, "name_vi" | "name_en">): string {
  return locale === "vi" ? agency.name_vi : agency.name_en;
}

/** The agency's name in the page's language. */
export function useAgencyName() {
  const { locale } = useFormat();
  return (agency: Pick<AgencyChoice, "name_vi" | "name_en">) => agencyNameIn(locale, agency);
}

/** Agencies as every select offers them: "BYT — Bộ Y tế", the name in the page's language. */
export function useAgencyOptions() {
  const { t } = useFormat();
  const name = useAgencyName();
  return (agencies: AgencyChoice[]) =>
    agencies.map((agency) => ({
      value: agency.code,
      label: `${agency.code} — ${name(agency)}${agency.inactive ? ` (${t("agency.fields.inactive")})` : ""}`,
    }));
}
