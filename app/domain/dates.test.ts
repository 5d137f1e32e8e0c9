import { describe, expect, it } from "vitest";
import {
  daysInMonth,
  formatDate,
  formatDateTime,
  isIsoDate,
  isoDate,
  parseDateInput,
  parseTimestamp,
  msUntilVietnamMidnight,
  todayIso,
} from "./dates";

describe("isIsoDate", () => {
  it("accepts real calendar dates", () => {
    for (const s of ["2024-06-30", "2024-02-29", "2000-02-29", "2023-12-31", "1945-09-02", "2024-01-01"]) {
      expect(isIsoDate(s), s).toBe(true);
    }
  });

  it("rejects days that do not exist", () => {
    for (const s of [
      "2024-02-30",
      "2023-02-29",
      "1900-02-29",
      "2024-04-31",
      "2024-13-01",
      "2024-00-10",
      "2024-01-00",
    ]) {
      expect(isIsoDate(s), s).toBe(false);
    }
  });

  it("rejects other shapes", () => {
    for (const s of ["", "2024-6-30", "30/06/2024", "2024-06-30T00:00:00Z", " 2024-06-30", "20240630", "0000-01-01"]) {
      expect(isIsoDate(s), s).toBe(false);
    }
  });
});

describe("daysInMonth and isoDate", () => {
  it("knows month lengths and leap years", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it("builds padded ISO dates or null", () => {
    expect(isoDate(2024, 6, 3)).toBe("2024-06-03");
    expect(isoDate(2024, 2, 30)).toBeNull();
    expect(isoDate(2024, 6.5, 3)).toBeNull();
  });
});

describe("parseDateInput", () => {
  it("reads day-first dates with /, - or .", () => {
    expect(parseDateInput("30/06/2024")).toBe("2024-06-30");
    expect(parseDateInput("30-06-2024")).toBe("2024-06-30");
    expect(parseDateInput("30.06.2024")).toBe("2024-06-30");
    expect(parseDateInput("3/6/2024")).toBe("2024-06-03");
    expect(parseDateInput(" 29/02/2024 ")).toBe("2024-02-29");
  });

  it("reads ISO dates", () => {
    expect(parseDateInput("2024-06-30")).toBe("2024-06-30");
    expect(parseDateInput("2024-6-3")).toBe("2024-06-03");
  });

  it("returns null for impossible dates", () => {
    for (const s of ["31/02/2024", "29/02/2023", "31/04/2024", "00/01/2024", "01/13/2024", "2024-02-30"]) {
      expect(parseDateInput(s), s).toBeNull();
    }
  });

  it("returns null for other text", () => {
    for (const s of ["", "abc", "30/06/24", "30/06-2024", "2024/06/30", "06/2024", "30 06 2024", "2024-06-30T10:00"]) {
      expect(parseDateInput(s), s).toBeNull();
    }
  });
});

describe("parseTimestamp", () => {
  it("reads offsets, Z, and offset-less timestamps as UTC", () => {
    expect(parseTimestamp("2024-06-30T07:05:00Z")?.toISOString()).toBe("2024-06-30T07:05:00.000Z");
    expect(parseTimestamp("2024-06-30T14:05:00+07:00")?.toISOString()).toBe("2024-06-30T07:05:00.000Z");
    expect(parseTimestamp("2024-06-30T14:05:00+0700")?.toISOString()).toBe("2024-06-30T07:05:00.000Z");
    expect(parseTimestamp("2024-06-30 07:05:00")?.toISOString()).toBe("2024-06-30T07:05:00.000Z");
    expect(parseTimestamp("2024-06-30T07:05")?.toISOString()).toBe("2024-06-30T07:05:00.000Z");
    expect(parseTimestamp("2024-06-30T07:05:00.123456Z")?.toISOString()).toBe("2024-06-30T07:05:00.123Z");
  });

  it("returns null for anything else", () => {
    for (const s of ["", "2024-06-30", "2024-02-30T00:00:00Z", "yesterday", "2024-06-30T25:00:00Z"]) {
      expect(parseTimestamp(s), s).toBeNull();
    }
  });
});

describe("formatDate", () => {
  it("formats a date in Vietnamese and English", () => {
    expect(formatDate("2024-06-30", "vi")).toBe("30/06/2024");
    expect(formatDate("2024-06-30", "en")).toBe("30 Jun 2024");
    expect(formatDate("2024-01-05", "vi")).toBe("05/01/2024");
    expect(formatDate("2024-01-05", "en")).toBe("5 Jan 2024");
  });

  it("names every month in English", () => {
    const months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => formatDate(isoDate(2024, m, 1), "en"));
    expect(months.map((s) => s.split(" ")[1])).toEqual([
      "Jan",
      "Feb",
      "Mar",
      "Apr",
      "May",
      "Jun",
      "Jul",
      "Aug",
      "Sep",
      "Oct",
      "Nov",
      "Dec",
    ]);
  });

  it("returns an empty string for no date", () => {
    expect(formatDate(null, "vi")).toBe("");
    expect(formatDate(undefined, "en")).toBe("");
    expect(formatDate("", "vi")).toBe("");
  });

  it("shows a timestamp's day in Vietnam", () => {
    // 17:30 UTC on 30 June is 00:30 on 1 July in Hanoi.
    expect(formatDate("2024-06-30T17:30:00Z", "vi")).toBe("01/07/2024");
    expect(formatDate("2024-06-30T16:59:59Z", "vi")).toBe("30/06/2024");
    expect(formatDate("2024-06-30T23:30:00+07:00", "en")).toBe("30 Jun 2024");
  });

  it("returns text it cannot read unchanged", () => {
    expect(formatDate("2024-02-30", "vi")).toBe("2024-02-30");
    expect(formatDate("soon", "en")).toBe("soon");
  });
});

describe("formatDateTime", () => {
  it("formats in Vietnam time", () => {
    expect(formatDateTime("2024-06-30T07:05:00Z", "vi")).toBe("30/06/2024 14:05");
    expect(formatDateTime("2024-06-30T07:05:00Z", "en")).toBe("30 Jun 2024, 14:05");
    expect(formatDateTime("2024-06-30T14:05:00+07:00", "vi")).toBe("30/06/2024 14:05");
  });

  it("crosses midnight into the Vietnamese day", () => {
    expect(formatDateTime("2024-12-31T17:00:00Z", "vi")).toBe("01/01/2025 00:00");
    expect(formatDateTime("2024-12-31T16:59:00Z", "en")).toBe("31 Dec 2024, 23:59");
  });

  it("reads SQLite timestamps without an offset as UTC", () => {
    expect(formatDateTime("2024-06-30 07:05:00", "vi")).toBe("30/06/2024 14:05");
  });

  it("returns text it cannot read unchanged", () => {
    expect(formatDateTime("not a time", "vi")).toBe("not a time");
  });
});

describe("todayIso", () => {
  it("gives the date in Vietnam", () => {
    expect(todayIso(new Date("2024-06-30T16:59:59Z"))).toBe("2024-06-30");
    expect(todayIso(new Date("2024-06-30T17:00:00Z"))).toBe("2024-07-01");
    expect(todayIso(new Date("2024-02-28T20:00:00Z"))).toBe("2024-02-29");
  });

  it("defaults to now", () => {
    expect(isIsoDate(todayIso())).toBe(true);
  });

  it("answers the day TINHGON_TODAY fixes, when no instant is given", () => {
    const saved = process.env.TINHGON_TODAY;
    try {
      process.env.TINHGON_TODAY = "2027-02-01";
      expect(todayIso()).toBe("2027-02-01");
      expect(todayIso(new Date("2024-06-30T16:59:59Z"))).toBe("2024-06-30");
      // a value that is not a date is not a day to answer
      process.env.TINHGON_TODAY = "tomorrow";
      expect(todayIso()).not.toBe("tomorrow");
    } finally {
      if (saved === undefined) delete process.env.TINHGON_TODAY;
      else process.env.TINHGON_TODAY = saved;
    }
  });
});

describe("msUntilVietnamMidnight", () => {
  it("counts to the next midnight in Vietnam (17:00 UTC)", () => {
    expect(msUntilVietnamMidnight(new Date("2026-12-04T16:59:59.000Z"))).toBe(1000);
    expect(msUntilVietnamMidnight(new Date("2026-12-04T17:00:00.000Z"))).toBe(86_400_000);
    expect(msUntilVietnamMidnight(new Date("2026-12-04T05:00:00.000Z"))).toBe(12 * 3_600_000);
    // and todayIso turns to the next day exactly then
    const now = new Date("2026-12-04T09:30:00.000Z");
    const midnight = new Date(now.getTime() + msUntilVietnamMidnight(now));
    expect(todayIso(new Date(midnight.getTime() - 1))).toBe("2026-12-04");
    expect(todayIso(midnight)).toBe("2026-12-05");
  });
});
