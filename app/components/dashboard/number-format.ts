import { formatVnd } from "~/domain/money";
import { useFormat } from "~/components/ui/format";

/** Counts and percentages in the page's language: "1.234" and "12,5%" in Vietnamese. */
export function useFigureFormat() {
  const format = useFormat();
  const percentFormat = new Intl.NumberFormat(format.locale === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 1 });
  return {
    ...format,
    count: (value: number) => formatVnd(value, format.locale),
    percent: (value: number) => `${percentFormat.format(value)}%`,
  };
}
