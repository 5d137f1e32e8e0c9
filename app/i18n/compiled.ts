import type { i18n as I18n, TFunction } from "i18next";

// i18next resolves every call afresh: it copies its whole options object, splits the key, walks
// namespaces and fallbacks, and runs its interpolation regexes. A list page calls it hundreds of
// times, and it took an eighth of the page's CPU (issue 12's profile). The messages are bundled
// and fixed, so each language's are flattened once here and a call is a map lookup; anything
// this does not handle (a key array, a context, a default value, nested objects) goes to i18next.

type Params = Record<string, unknown>;
type Format = (value: unknown, format: string) => string;

/** Options that change what i18next looks up rather than what it fills in. */
const LOOKUP_OPTIONS = new Set([
  "lng", "lngs", "ns", "defaultValue", "returnObjects", "returnDetails", "joinArrays", "context", "ordinal",
  "replace", "interpolation", "keyPrefix", "fallbackLng", "postProcess", "skipInterpolation", "defaultValue_one", "defaultValue_other",
]);

/** "{{name}}" or "{{name, format}}", as i18next writes them. */
const PLACEHOLDER = /\{\{\s*([^,}]+?)\s*(?:,\s*([^}]+?)\s*)?\}\}/g;

/** Every message of one language's tree, by its dotted key. */
export function flattenMessages(tree: Record<string, unknown>, prefix = "", into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(path, value);
    else if (value && typeof value === "object") flattenMessages(value as Record<string, unknown>, path, into);
  }
  return into;
}

/**
 * A `t` for one language that answers as i18next does for this app's messages: the language's
 * message, else the fallback language's, else the key; plural forms by `count` ("key_one");
 * "{{name}}" filled in (a missing value as ""), "{{name, format}}" through `format`.
 */
export function compileTranslator(instance: I18n, messages: Map<string, string>, fallback: Map<string, string>, format: Format): TFunction {
  const locale = instance.language;
  const plural = new Intl.PluralRules(locale);
  const original = instance.t.bind(instance) as unknown as (...args: unknown[]) => string;
  const objects = new Set<string>();
  for (const map of [messages, fallback]) for (const key of map.keys()) for (let at = key.indexOf("."); at > 0; at = key.indexOf(".", at + 1)) objects.add(key.slice(0, at));

  const fill = (template: string, params: Params | undefined): string => {
    if (!template.includes("{{")) return template;
    return template.replace(PLACEHOLDER, (placeholder, name: string, formatName: string | undefined) => {
      const value = params?.[name];
      // as i18next: a formatted value is formatted even when not given ("—" for a date); a plain
      // one not given leaves the placeholder as written, and a null one is empty
      if (formatName) return format(value, formatName);
      if (value === undefined) return placeholder;
      return value === null ? "" : String(value);
    });
  };

  const t = (key: unknown, options?: unknown, ...rest: unknown[]): string => {
    if (typeof key !== "string" || rest.length || objects.has(key) || (options !== undefined && (typeof options !== "object" || options === null))) {
      return original(key, options, ...rest);
    }
    const params = options as Params | undefined;
    if (params) for (const name in params) if (LOOKUP_OPTIONS.has(name)) return original(key, options);
    if (typeof params?.count === "number") {
      const suffixed = `${key}_${plural.select(params.count)}`;
      const form = messages.get(suffixed) ?? (messages.has(key) ? undefined : fallback.get(suffixed));
      if (form !== undefined) return fill(form, params);
    }
    const message = messages.get(key) ?? fallback.get(key);
    return message === undefined ? key : fill(message, params);
  };
  return t as unknown as TFunction;
}
