// Calendar dates travel as ISO "YYYY-MM-DD" strings and are never turned into Date objects, so
// no machine time zone can shift them. Only timestamps go through Date, read in Vietnam time.

const TIME_ZONE = "Asia/Ho_Chi_Minh";
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The ISO date for year, month (1–12), day, or null when no such day exists. */
export function isoDate(year: number, month: number, day: number): string | null {
  const valid =
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  if (!valid) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
}

/** Reads a date as people type it: day first ("30/06/2024", "3-6-2024", "30.06.2024") or ISO. */
export function parseDateInput(s: string): string | null {
  const text = s.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text);
  if (dayFirst) return isoDate(Number(dayFirst[4]), Number(dayFirst[3]), Number(dayFirst[1]));
  return null;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

let vietnamClock: Intl.DateTimeFormat | undefined;

function inVietnam(instant: Date): WallClock {
  vietnamClock ??= new Intl.DateTimeFormat("en-US", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
    numberingSystem: "latn",
  });
  const parts = vietnamClock.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    // Some engines still print midnight as "24" even with h23.
    hour: part("hour") % 24,
    minute: part("minute"),
  };
}

/**
 * Reads an ISO timestamp ("2024-06-30T07:05:00Z", "…+07:00", or SQLite's "2024-06-30 07:05:00").
 * A timestamp without an offset is taken as UTC, which is what SQLite's datetime('now') writes;
 * leaving it to Date would read it in the machine's own zone.
 */
export function parseTimestamp(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  if (!m || !isIsoDate(m[1] ?? "")) return null;
  const offset =
    m[3] === undefined || m[3].toUpperCase() === "Z" ? "Z" : m[3].replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  const time = (m[2] ?? "").replace(/(\.\d{3})\d+$/, "$1");
  const instant = new Date(`${m[1]}T${time}${offset}`);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

function formatDay(year: number, month: number, day: number, locale: "vi" | "en"): string {
  if (locale === "vi") return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`;
  return `${day} ${MONTHS_EN[month - 1] ?? ""} ${pad(year, 4)}`;
}

/**
 * "30/06/2024" (vi) or "30 Jun 2024" (en); "" for no date. A timestamp shows its day in Vietnam.
 * Text that is neither is returned unchanged so that bad data stays visible.
 */
export function formatDate(iso: string | null | undefined, locale: "vi" | "en"): string {
  if (iso === null || iso === undefined || iso.trim() === "") return "";
  if (isIsoDate(iso)) {
    const [year, month, day] = iso.split("-").map(Number);
    return formatDay(year ?? 0, month ?? 0, day ?? 0, locale);
  }
  const instant = parseTimestamp(iso);
  if (!instant) return iso;
  const t = inVietnam(instant);
  return formatDay(t.year, t.month, t.day, locale);
}

/** "30/06/2024 14:05" (vi) or "30 Jun 2024, 14:05" (en), in Vietnam time. */
export function formatDateTime(isoTimestamp: string, locale: "vi" | "en"): string {
  const instant = parseTimestamp(isoTimestamp);
  if (!instant) return isoTimestamp;
  const t = inVietnam(instant);
  const day = formatDay(t.year, t.month, t.day, locale);
  const time = `${pad(t.hour, 2)}:${pad(t.minute, 2)}`;
  return locale === "vi" ? `${day} ${time}` : `${day}, ${time}`;
}

/**
 * Today's date in Vietnam. A server started with TINHGON_TODAY=YYYY-MM-DD answers that day
 * instead: the tests' way to move the calendar (README, Configuration). Only the process's own
 * environment can set it, never a request; a browser has none.
 */
export function todayIso(now?: Date): string {
  const fixed = now === undefined && typeof process !== "undefined" ? process.env.TINHGON_TODAY : undefined;
  if (fixed && isIsoDate(fixed)) return fixed;
  const t = inVietnam(now ?? new Date());
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
}

const DAY_MS = 86_400_000;
/** Vietnam keeps UTC+7 all year (no daylight saving since 1975). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Milliseconds from `now` to the next midnight in Vietnam, when todayIso() turns to the next day. */
export function msUntilVietnamMidnight(now: Date = new Date()): number {
  return DAY_MS - ((((now.getTime() + VIETNAM_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
}
