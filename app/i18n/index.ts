import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { formatDate } from "~/domain/dates";
import { compileTranslator, flattenMessages } from "./compiled";
import type { AmendmentStage } from "~/domain/vocabulary";
import { charts } from "./messages/charts";
import { common } from "./messages/common";
import { dashboard } from "./messages/dashboard";
import { imports } from "./messages/imports";
import { labels } from "./messages/labels";
import { records } from "./messages/records";
import { reports } from "./messages/reports";
import { search } from "./messages/search";
import { workflow } from "./messages/workflow";
import { unescapeMessageText } from "./message-values";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

export const resources = {
  vi: { translation: { ...common.vi, labels: labels.vi, ...records.vi, ...reports.vi, ...workflow.vi, ...charts.vi, ...dashboard.vi, ...search.vi, ...imports.vi } },
  en: { translation: { ...common.en, labels: labels.en, ...records.en, ...reports.en, ...workflow.en, ...charts.en, ...dashboard.en, ...search.en, ...imports.en } },
} as const;

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

/** i18next itself, as configured for this app: the reference the compiled translator answers like. */
export function createPlainI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    // DataMessage's values, escaped as they went in (./message-values.ts)
    react: { unescape: unescapeMessageText },
    returnNull: false,
    // i18next otherwise prints an advertisement on stdout, into CLI output and server logs
    showSupportNotice: false,
  });
  // "{{date, day}}": an ISO date as this language writes dates (a message parameter is plain text)
  instance.services.formatter?.add("day", (value: unknown) => dayFormat(value, locale));
  return instance;
}

function dayFormat(value: unknown, locale: Locale): string {
  return formatDate(typeof value === "string" ? value : "", locale) || "—";
}

/** A synchronous i18next instance per locale (resources are bundled, so no loading step) whose every t, react-i18next's included, is the compiled one (./compiled.ts). */
export function createI18n(locale: Locale): I18n {
  const instance = createPlainI18n(locale);
  const t = compileTranslator(instance, MESSAGES[locale], MESSAGES[DEFAULT_LOCALE], (value, format) => (format === "day" ? dayFormat(value, locale) : String(value)));
  const getFixedT = instance.getFixedT.bind(instance) as (...args: unknown[]) => TFunction;
  instance.t = t;
  instance.getFixedT = ((lng?: unknown, ns?: unknown, keyPrefix?: unknown) =>
    (lng === null || lng === undefined || lng === locale) && (!ns || ns === "translation") && !keyPrefix ? t : getFixedT(lng, ns, keyPrefix)) as I18n["getFixedT"];
  return instance;
}

/** Each language's messages by dotted key, flattened once. */
const MESSAGES: Record<Locale, Map<string, string>> = {
  vi: flattenMessages(resources.vi.translation),
  en: flattenMessages(resources.en.translation),
};

const cache = new Map<Locale, I18n>();
export function i18nFor(locale: Locale): I18n {
  let instance = cache.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    cache.set(locale, instance);
  }
  return instance;
}

export function translator(locale: Locale): TFunction {
  return i18nFor(locale).t;
}

/**
 * Validation messages are i18n keys, optionally with parameters after "|" as key=value
 * pairs ("errors.too_long|max=500"), so zod schemas stay language-free.
 */
export function translateMessage(t: TFunction, message: string | undefined): string {
  if (!message) return "";
  const [key = "", ...pairs] = message.split("|");
  const params = Object.fromEntries(pairs.map((pair) => pair.split("=", 2) as [string, string]));
  const text = t(key as never, params as never) as unknown as string;
  return text === key ? t("errors.generic") : text;
}

/**
 * An amendment's stage as every page, list and export words it: a promulgated amendment whose
 * amending document's effective date is known reads "promulgated, in force from DD/MM/YYYY"
 * (that day applyEffectiveDates moves it to in force).
 */
export function amendmentStageLabel(t: TFunction, stage: AmendmentStage, effectiveOn: string | null | undefined): string {
  return stage === "promulgated" && effectiveOn ? t("amendment.stageInForceFrom", { date: effectiveOn }) : t(`labels.stage.${stage}`);
}
