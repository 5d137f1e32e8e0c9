import { describe, expect, test } from "vitest";
import { createI18n, createPlainI18n, LOCALES, resources } from "~/i18n";
import { flattenMessages } from "./compiled";

// The compiled translator must answer exactly as i18next does, for every message of both
// languages, with and without its parameters, for plural counts, for keys that are missing or
// name a group of messages, and through react-i18next's getFixedT.

const NAMES = /\{\{\s*([^,}]+?)\s*(?:,[^}]*)?\}\}/g;

describe.each(LOCALES)("the compiled translator in %s", (locale) => {
  const plain = createPlainI18n(locale).t as unknown as (key: unknown, options?: unknown) => string;
  const compiled = createI18n(locale);
  const fast = compiled.t as unknown as (key: unknown, options?: unknown) => string;
  const fixed = compiled.getFixedT(null, "translation") as unknown as (key: unknown, options?: unknown) => string;
  const keys = new Set<string>();
  const messages = LOCALES.map((l) => flattenMessages(resources[l].translation));
  for (const map of messages) {
    for (const key of map.keys()) {
      keys.add(key);
      keys.add(key.replace(/_(one|other)$/, ""));
    }
  }
  keys.add("no.such.message");
  keys.add("labels");
  keys.add("labels.stage");

  test("answers as i18next for every key, every parameter set and every plural count", () => {
    const cases: [string, unknown][] = [];
    for (const key of keys) {
      const template = messages.map((map) => map.get(key) ?? map.get(`${key}_one`) ?? "").join(" ");
      const names = [...template.matchAll(NAMES)].map((match) => match[1]!);
      const filled = Object.fromEntries(names.map((name, index) => [name, name === "date" ? "2026-12-05" : `v${index}<b>`]));
      cases.push([key, undefined], [key, {}], [key, filled], [key, { ...filled, date: "" }]);
      for (const count of [0, 1, 2, 21]) cases.push([key, { ...filled, count }]);
    }
    const differences = cases.filter(([key, options]) => fast(key, options) !== plain(key, options) || fixed(key, options) !== plain(key, options));
    expect(differences.map(([key, options]) => ({ key, options, compiled: fast(key, options), i18next: plain(key, options) }))).toEqual([]);
    expect(cases.length).toBeGreaterThan(4000);
  });

  test("leaves what it does not handle to i18next: a default value, a key list, a context", () => {
    expect(fast("no.such.message", { defaultValue: "x" })).toBe("x");
    expect(fast(["no.such.message", "nav.language"])).toBe(plain("nav.language"));
    expect(fast("nav.language", { context: "none" })).toBe(plain("nav.language", { context: "none" }));
  });
});
