import type { z } from "zod";
import { InvalidError, type FieldErrors } from "~/domain/errors";
import type { ConflictChange } from "./conflict";

export type { FieldErrors };

/** Fields no one types: a message about one concerns the whole form. */
const HIDDEN_FIELDS = ["version"];

/** The first message per field, keyed by the field's dotted path. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    const key = !path || HIDDEN_FIELDS.includes(path) ? "_form" : path;
    errors[key] ??= issue.message;
  }
  return errors;
}

/** What the user typed into a form: its string fields, without the hidden ones ("_base", …). */
export function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("_")) values[key] = value;
  }
  return values;
}

/**
 * The form's input as its schema reads it (the same schema the browser used), or an
 * InvalidError with the messages and what was typed.
 */
export function formInput<S extends z.ZodType>(schema: S, formData: FormData): z.output<S> {
  const values = typedValues(formData);
  const result = schema.safeParse(values);
  if (!result.success) throw new InvalidError(fieldErrors(result.error), values);
  return result.data;
}

/** The values a form was opened with, carried in its hidden `_base` field. */
function baseValues(formData: FormData): Record<string, string> | null {
  const raw = formData.get("_base");
  if (typeof raw !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : null;
  } catch {
    return null;
  }
}

/**
 * The answer to an edit against a stale version: what the other person changed since this user
 * opened the form, what this user typed (kept in the form), and the current version and values
 * to resubmit against. Nothing is overwritten.
 */
export function staleVersionConflict(
  formData: FormData,
  typed: Record<string, string>,
  current: Record<string, string>,
  currentVersion: number,
) {
  const base = baseValues(formData) ?? current;
  const changes: ConflictChange[] = Object.keys(current)
    .filter((field) => field !== "version" && (base[field] ?? "") !== current[field])
    .map((field) => {
      const yours = typed[field] ?? "";
      return { field, before: base[field] ?? "", theirs: current[field] ?? "", yours: yours === (base[field] ?? "") ? null : yours };
    });
  // a field this user left as it was shows what was saved meanwhile, so saving again keeps both
  // people's changes; a field this user changed keeps what they typed
  const values = Object.fromEntries(
    Object.entries(typed).map(([field, value]) => [field, field in current && value === (base[field] ?? "") ? current[field]! : value]),
  );
  return {
    errors: { _form: "errors.stale_version" } as FieldErrors,
    values: { ...values, version: String(currentVersion) },
    base: current,
    conflict: changes,
  };
}
