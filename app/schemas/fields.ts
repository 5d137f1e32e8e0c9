import { z } from "zod";
import { parseDateInput, todayIso } from "~/domain/dates";
import { parseVnd } from "~/domain/money";
import { hasControlCharacters } from "~/domain/text";
import { parseTimeline } from "~/domain/timeline";

// Building blocks of the form schemas. Every form value arrives as a string (from an input
// in the browser, from FormData in the action); messages are i18n keys (see translateMessage).

const tooLong = (max: number) => `errors.too_long|max=${max}`;
const printable = (text: string) => !hasControlCharacters(text);

export const requiredText = (max: number) =>
  z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(max, tooLong(max)).refine(printable, "errors.control_characters");

/** An optional text: empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .refine(printable, "errors.control_characters")
    .optional()
    .transform((value) => (value ? value : null));

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === "" ? "errors.required" : "errors.invalid_choice") });

export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.literal(""), z.enum(values, { error: "errors.invalid_choice" })])
    .optional()
    .transform((value) => (value ? value : null));

/** Whole VND as ministries write it ("1.250.000.000 đ"); empty becomes null. */
export const optionalAmount = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const result = parseVnd(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: `errors.${result.error.replace(".", "_")}` });
    return z.NEVER;
  });

/** A date typed dd/mm/yyyy (or ISO); empty becomes null; stored as ISO. */
export const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const iso = parseDateInput(value);
    if (iso) return iso;
    ctx.addIssue({ code: "custom", message: "errors.invalid_date" });
    return z.NEVER;
  });

export const requiredDate = optionalDate.transform((value, ctx) => {
  if (value) return value;
  ctx.addIssue({ code: "custom", message: "errors.required" });
  return z.NEVER;
});

/** A date that cannot lie ahead (a signing, a promulgation): today in Vietnam at the latest. */
const notAfterToday = (value: string | null) => value === null || value <= todayIso();

export const optionalPastDate = optionalDate.refine(notAfterToday, "errors.date_after_today");
export const requiredPastDate = requiredDate.refine(notAfterToday, "errors.date_after_today");

/**
 * The version an edit form was opened at, from its hidden field. Required: a save without it
 * could land unseen on someone else's newer one (README design decision 11).
 */
export const formVersion = z
  .string({ error: "errors.version_missing" })
  .regex(/^\d{1,12}$/, "errors.version_missing")
  .transform(Number);

/** A timeline ("Quý II/2023", "Q2 2023") kept as written, with its due date. */
export const optionalTimeline = z
  .string()
  .trim()
  .max(100, tooLong(100))
  .optional()
  .transform((value, ctx) => {
    if (!value) return { timeline: null, dueOn: null };
    const result = parseTimeline(value);
    if (result.ok) return { timeline: value, dueOn: result.dueOn };
    ctx.addIssue({ code: "custom", message: "errors.timeline_invalid" });
    return z.NEVER;
  });

export const email = z
  .string({ error: "errors.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.required")
  .max(200, tooLong(200))
  .pipe(z.email({ error: "errors.invalid_email" }));
