import { daysInMonth, formatDate, parseDateInput } from "./dates";
import { foldVietnamese } from "./text";

// A decision's implementation timeline (lộ trình) gives a period; the work is due on its last day.
// It is kept as typed, Vietnamese ("Quý II/2023") or English ("Q2 2023"), and read in the page's
// language: a period is the same period in both.

export type TimelineResult = { ok: true; dueOn: string } | { ok: false; error: "timeline.invalid" };

/** The forms the import template and the Vietnamese pages name (the English ones: TIMELINE_FORMS_EN). */
export const TIMELINE_FORMS = ["Năm 2023", "Quý II/2023", "Tháng 6/2024", "30/06/2024", "2024-06-30"] as const;
export const TIMELINE_FORMS_EN = ["2023", "Q2 2023", "June 2024", "30/06/2024", "2024-06-30"] as const;

export type Period =
  | { kind: "year"; year: number }
  | { kind: "quarter"; year: number; quarter: number }
  | { kind: "month"; year: number; month: number }
  | { kind: "date"; iso: string };

const MIN_YEAR = 1945;
const MAX_YEAR = 2100;
const QUARTERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };
const ROMAN = ["", "I", "II", "III", "IV"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// Matched against folded text; "/", "năm" and "year" separate the period from its year
// ("Quý II/2023", "Quý II năm 2023", "Q2 2023").
const YEAR = /^(?:(?:nam|year) )?(\d{4})$/;
const QUARTER = /^(?:quy|q|quarter) ?(i{1,3}|iv|[1-4]) ?(?:\/|nam|year)? ?(\d{4})$/;
const MONTH = /^thang (\d{1,2}) ?(?:\/|nam) ?(\d{4})$/;
const MONTH_EN = /^([a-z]{3,9})\.? ?\/? ?(\d{4})$/;

/** The period a timeline names, or null when it names none. */
export function timelinePeriod(input: string): Period | null {
  const text = foldVietnamese(input);
  const period = yearOf(text) ?? quarterOf(text) ?? monthOf(text) ?? dateOf(text);
  if (!period) return null;
  const year = period.kind === "date" ? Number(period.iso.slice(0, 4)) : period.year;
  return year >= MIN_YEAR && year <= MAX_YEAR ? period : null;
}

export function parseTimeline(input: string): TimelineResult {
  const period = timelinePeriod(input);
  return period ? { ok: true, dueOn: lastDay(period) } : { ok: false, error: "timeline.invalid" };
}

/** A timeline in the page's language ("Quý II/2023" reads "Q2 2023" in English); one that names no period stays as typed. */
export function formatTimeline(input: string, locale: "vi" | "en"): string {
  const period = timelinePeriod(input);
  if (!period) return input;
  switch (period.kind) {
    case "year":
      return locale === "vi" ? `Năm ${period.year}` : String(period.year);
    case "quarter":
      return locale === "vi" ? `Quý ${ROMAN[period.quarter]}/${period.year}` : `Q${period.quarter} ${period.year}`;
    case "month":
      return locale === "vi" ? `Tháng ${period.month}/${period.year}` : `${MONTHS_EN[period.month - 1]} ${period.year}`;
    case "date":
      return formatDate(period.iso, locale);
  }
}

/** The period's last day (a period from timelinePeriod is a real one). */
function lastDay(period: Period): string {
  switch (period.kind) {
    case "year":
      return endOfMonth(period.year, 12);
    case "quarter":
      return endOfMonth(period.year, period.quarter * 3);
    case "month":
      return endOfMonth(period.year, period.month);
    case "date":
      return period.iso;
  }
}

function endOfMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(daysInMonth(year, month)).padStart(2, "0")}`;
}

function yearOf(text: string): Period | null {
  const m = YEAR.exec(text);
  return m ? { kind: "year", year: Number(m[1]) } : null;
}

function quarterOf(text: string): Period | null {
  const m = QUARTER.exec(text);
  const quarter = QUARTERS[m?.[1] ?? ""];
  return m && quarter !== undefined ? { kind: "quarter", year: Number(m[2]), quarter } : null;
}

function monthOf(text: string): Period | null {
  const vietnamese = MONTH.exec(text);
  if (vietnamese) return month(Number(vietnamese[2]), Number(vietnamese[1]));
  const english = MONTH_EN.exec(text);
  if (!english) return null;
  // a month's name or its first three letters or more ("Jun", "June")
  const index = MONTHS_EN.findIndex((name) => name.toLowerCase().startsWith(english[1] ?? ""));
  return index >= 0 ? month(Number(english[2]), index + 1) : null;
}

function month(year: number, month: number): Period | null {
  return month >= 1 && month <= 12 ? { kind: "month", year, month } : null;
}

function dateOf(text: string): Period | null {
  const iso = parseDateInput(text);
  return iso ? { kind: "date", iso } : null;
}
