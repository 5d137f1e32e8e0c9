import type { MetaDescriptor } from "@remix-run/node";
import { isLocale, translator } from "~/i18n";

/** A page title in the page's language (the locale comes from the root loader). */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: string): MetaDescriptor[] {
  const locale = (matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  const t = translator(isLocale(locale) ? locale : "vi");
  return [{ title: `${t(key as never)} · Tinh Gọn` }];
}
