import { formatCount } from "./numbers";

// Compliance costs are whole đồng. Ministries write them with ".", ",", or space thousands
// separators, so a lone separator followed by other than three digits is a decimal or a typo,
// never silently read as something else.

export type VndResult =
  | { ok: true; value: number }
  | { ok: false; error: "amount.invalid" | "amount.negative" | "amount.too_large" };

const CURRENCY_SUFFIX = /\s*(?:đ|₫|vnđ|vnd|đồng)$/i;
// Space-like separators include the no-break spaces that spreadsheets and Intl produce.
const GROUPED = /^\d{1,3}(?:([., \u00a0\u202f])\d{3})(?:\1\d{3})*$/;

export function parseVnd(input: string | number): VndResult {
  if (typeof input === "number") return checkRange(input);
  let text = input.normalize("NFC").trim().replace(CURRENCY_SUFFIX, "");
  const negative = /^[-−]/.test(text);
  if (negative) text = text.slice(1).trimStart();
  let digits: string;
  if (/^\d+$/.test(text)) digits = text;
  else if (GROUPED.test(text)) digits = text.replace(/\D/g, "");
  else return { ok: false, error: "amount.invalid" };
  const value = Number(digits);
  return checkRange(negative && value !== 0 ? -value : value);
}

function checkRange(value: number): VndResult {
  if (Number.isNaN(value)) return { ok: false, error: "amount.invalid" };
  if (value < 0) return { ok: false, error: "amount.negative" };
  if (value > Number.MAX_SAFE_INTEGER) return { ok: false, error: "amount.too_large" };
  if (!Number.isInteger(value)) return { ok: false, error: "amount.invalid" };
  // -0 from a spreadsheet cell is plain 0.
  return { ok: true, value: value + 0 };
}

/** "1.250.000.000" (vi) or "1,250,000,000" (en); "" for no amount. */
export function formatVnd(value: number | null | undefined, locale: "vi" | "en"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  return formatCount(value, locale);
}
