import { daysInMonth, isoDate, parseDateInput } from "./dates";
import { foldVietnamese } from "./text";

// A decision's implementation timeline (lộ trình) gives a period; the work is due on its last day.

export type TimelineResult = { ok: true; dueOn: string } | { ok: false; error: "timeline.invalid" };

export const TIMELINE_FORMS = ["Năm 2023", "Quý II/2023", "Tháng 6/2024", "30/06/2024", "2024-06-30"] as const;

const MIN_YEAR = 1945;
const MAX_YEAR = 2100;
const QUARTERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

// Matched against folded text; "/" and "năm" both separate the period from its year
// ("Quý II/2023", "Quý II năm 2023").
const YEAR = /^(?:nam )?(\d{4})$/;
const QUARTER = /^quy (i{1,3}|iv|[1-4]) ?(?:\/|nam) ?(\d{4})$/;
const MONTH = /^thang (\d{1,2}) ?(?:\/|nam) ?(\d{4})$/;

const INVALID: TimelineResult = { ok: false, error: "timeline.invalid" };

export function parseTimeline(input: string): TimelineResult {
  const text = foldVietnamese(input);
  const dueOn = endOfYear(text) ?? endOfQuarter(text) ?? endOfMonth(text) ?? parseDateInput(text);
  if (dueOn === null || !plausible(Number(dueOn.slice(0, 4)))) return INVALID;
  return { ok: true, dueOn };
}

function endOfYear(text: string): string | null {
  const m = YEAR.exec(text);
  return m ? isoDate(Number(m[1]), 12, 31) : null;
}

function endOfQuarter(text: string): string | null {
  const m = QUARTER.exec(text);
  const quarter = QUARTERS[m?.[1] ?? ""];
  if (!m || quarter === undefined) return null;
  return lastDayOf(Number(m[2]), quarter * 3);
}

function endOfMonth(text: string): string | null {
  const m = MONTH.exec(text);
  return m ? lastDayOf(Number(m[2]), Number(m[1])) : null;
}

function lastDayOf(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  return isoDate(year, month, daysInMonth(year, month));
}

function plausible(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}
