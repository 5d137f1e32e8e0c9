import { describe, expect, it } from "vitest";
import { formatDate } from "./dates";
import { formatTimeline, parseTimeline, TIMELINE_FORMS, TIMELINE_FORMS_EN } from "./timeline";

const due = (dueOn: string) => ({ ok: true, dueOn });
const invalid = { ok: false, error: "timeline.invalid" };

describe("parseTimeline", () => {
  it("accepts every form it lists for the UI", () => {
    expect(TIMELINE_FORMS.map(parseTimeline)).toEqual([
      due("2023-12-31"),
      due("2023-06-30"),
      due("2024-06-30"),
      due("2024-06-30"),
      due("2024-06-30"),
    ]);
  });

  it("reads a year as its last day", () => {
    expect(parseTimeline("Năm 2023")).toEqual(due("2023-12-31"));
    expect(parseTimeline("năm 2025")).toEqual(due("2025-12-31"));
    expect(parseTimeline("NAM 2023")).toEqual(due("2023-12-31"));
    expect(parseTimeline("  Năm   2023 ")).toEqual(due("2023-12-31"));
    expect(parseTimeline("2023")).toEqual(due("2023-12-31"));
  });

  it("reads each quarter, roman or arabic, as its last day", () => {
    expect(parseTimeline("Quý I/2023")).toEqual(due("2023-03-31"));
    expect(parseTimeline("Quý II/2023")).toEqual(due("2023-06-30"));
    expect(parseTimeline("Quý III/2023")).toEqual(due("2023-09-30"));
    expect(parseTimeline("Quý IV/2023")).toEqual(due("2023-12-31"));
    expect(parseTimeline("Quý 1/2023")).toEqual(due("2023-03-31"));
    expect(parseTimeline("Quý 2/2023")).toEqual(due("2023-06-30"));
    expect(parseTimeline("Quý 3/2023")).toEqual(due("2023-09-30"));
    expect(parseTimeline("Quý 4/2023")).toEqual(due("2023-12-31"));
  });

  it("reads a quarter however it is typed", () => {
    for (const s of ["Quy II/2023", "quý ii/2023", "QUÝ II / 2023", "Quý II /2023", "quy 2/ 2023", "Quý II năm 2023"]) {
      expect(parseTimeline(s), s).toEqual(due("2023-06-30"));
    }
    expect(parseTimeline("Quý II/2023".normalize("NFD"))).toEqual(due("2023-06-30"));
  });

  it("reads a month as its last day", () => {
    expect(parseTimeline("Tháng 6/2024")).toEqual(due("2024-06-30"));
    expect(parseTimeline("tháng 06/2024")).toEqual(due("2024-06-30"));
    expect(parseTimeline("Thang 2/2024")).toEqual(due("2024-02-29"));
    expect(parseTimeline("THÁNG 2 / 2023")).toEqual(due("2023-02-28"));
    expect(parseTimeline("Tháng 12 năm 2024")).toEqual(due("2024-12-31"));
    expect(parseTimeline("Tháng 1/2024")).toEqual(due("2024-01-31"));
  });

  it("reads exact dates", () => {
    expect(parseTimeline("30/06/2024")).toEqual(due("2024-06-30"));
    expect(parseTimeline("2024-06-30")).toEqual(due("2024-06-30"));
    expect(parseTimeline("1/7/2024")).toEqual(due("2024-07-01"));
    expect(parseTimeline("29/02/2024")).toEqual(due("2024-02-29"));
  });

  it("rejects impossible dates and periods", () => {
    for (const s of [
      "31/02/2024",
      "2024-02-30",
      "29/02/2023",
      "Tháng 13/2024",
      "Tháng 0/2024",
      "Quý V/2023",
      "Quý 5/2023",
      "Quý 0/2023",
    ]) {
      expect(parseTimeline(s), s).toEqual(invalid);
    }
  });

  it("rejects implausible years", () => {
    for (const s of ["Năm 1900", "Năm 2101", "Quý I/0001", "01/01/1800", "Năm 23"]) {
      expect(parseTimeline(s), s).toEqual(invalid);
    }
  });

  it("rejects anything else", () => {
    for (const s of [
      "",
      "   ",
      "6 tháng cuối năm 2023",
      "Cuối năm 2023",
      "Quý II",
      "Tháng 6",
      "Năm",
      "2023-2025",
      "Quý II/2023 và Quý III/2023",
      "ngay",
    ]) {
      expect(parseTimeline(s), s).toEqual(invalid);
    }
  });
});

describe("timelines in English", () => {
  it("accepts every English form it lists for the UI", () => {
    expect(TIMELINE_FORMS_EN.map(parseTimeline)).toEqual([due("2023-12-31"), due("2023-06-30"), due("2024-06-30"), due("2024-06-30"), due("2024-06-30")]);
  });

  it("reads years, quarters and months as English writes them", () => {
    for (const [text, dueOn] of [
      ["Year 2023", "2023-12-31"],
      ["Q1 2023", "2023-03-31"],
      ["q4/2023", "2023-12-31"],
      ["Quarter 2 2023", "2023-06-30"],
      ["Quarter II 2023", "2023-06-30"],
      ["February 2024", "2024-02-29"],
      ["Feb 2023", "2023-02-28"],
      ["dec. 2024", "2024-12-31"],
    ] as const) {
      expect(parseTimeline(text), text).toEqual(due(dueOn));
    }
    for (const text of ["Q5 2023", "Ju 2024", "Juneteenth 2024", "June", "Q2"]) expect(parseTimeline(text), text).toEqual(invalid);
  });

  it("writes a period in the page's language, whichever language it was typed in", () => {
    const both = (text: string) => [formatTimeline(text, "vi"), formatTimeline(text, "en")];
    expect(both("Năm 2023")).toEqual(["Năm 2023", "2023"]);
    expect(both("quý ii năm 2023")).toEqual(["Quý II/2023", "Q2 2023"]);
    expect(both("Q2 2023")).toEqual(["Quý II/2023", "Q2 2023"]);
    expect(both("Tháng 6/2024")).toEqual(["Tháng 6/2024", "June 2024"]);
    expect(both("30/06/2024")).toEqual(["30/06/2024", formatDate("2024-06-30", "en")]);
    expect(both("Cuối năm 2023")).toEqual(["Cuối năm 2023", "Cuối năm 2023"]);
  });
});
