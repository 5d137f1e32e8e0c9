// Numbers as each language writes them: "1.234" and "12,5%" in Vietnamese, "1,234" and
// "12.5%" in English. Amounts of money are whole numbers written the same way (see money.ts).

/** A number rounded to a whole and grouped by thousands; exact for any safe integer. */
export function formatCount(value: number, locale: "vi" | "en"): string {
  const rounded = Math.round(value);
  const grouped = BigInt(Math.abs(rounded))
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, locale === "vi" ? "." : ",");
  return rounded < 0 ? `-${grouped}` : grouped;
}

const PERCENT = { vi: new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }), en: new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }) };

/** A percentage already multiplied by 100, to at most one decimal: "12,5%". */
export function formatPercent(percent: number, locale: "vi" | "en"): string {
  return `${PERCENT[locale].format(percent)}%`;
}
