import type { MetaDescriptor } from "@remix-run/node";
import { isLocale, translator, type Locale } from "~/i18n";

type Values = Record<string, string>;

/**
 * A page title in the page's language (the locale comes from the root loader): the message's
 * words, with its parameters (a function of the locale for those written in it, a name or a date),
 * and without the <vi> marks of a message shown on the page.
 */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: string, values?: Values | ((locale: Locale) => Values)): MetaDescriptor[] {
  const found = (matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  const locale = isLocale(found) ? found : "vi";
  const t = translator(locale);
  const text = String(t(key as never, (typeof values === "function" ? values(locale) : values) as never)).replace(/<\/?vi>/g, "");
  return [{ title: `${text} · Tinh Gọn` }];
}
