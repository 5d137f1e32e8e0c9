import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime } from "~/domain/dates";
import { formatVnd } from "~/domain/money";
import { formatCount, formatPercent } from "~/domain/numbers";
import { formatTimeline } from "~/domain/timeline";
import type { AmendmentStage } from "~/domain/vocabulary";
import { amendmentStageLabel, isLocale, type Locale } from "~/i18n";

/** Formatting in the page's language: dates dd/mm/yyyy in Vietnamese, counts and VND with their separators, timelines. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : "vi";
  return {
    t,
    locale,
    date: (iso: string | null | undefined) => formatDate(iso, locale),
    dateTime: (iso: string) => formatDateTime(iso, locale),
    vnd: (value: number | null | undefined) => formatVnd(value, locale),
    count: (value: number) => formatCount(value, locale),
    percent: (value: number) => formatPercent(value, locale),
    /** An amendment's stage, with the day a promulgated one takes effect (amendmentStageLabel). */
    stage: (stage: AmendmentStage, effectiveOn: string | null | undefined) => amendmentStageLabel(t, stage, effectiveOn),
    timeline: (text: string) => formatTimeline(text, locale),
  };
}
