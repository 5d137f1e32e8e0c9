import type { z } from "zod";
import { fieldErrors } from "~/schemas/parse.server";

/**
 * Validates demo values with the schema of the form a person would fill in, from the same
 * strings a form submits, so the seed can hold nothing the app itself would refuse.
 */
export function parseInput<S extends z.ZodType>(schema: S, values: Record<string, string>, what: string): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const problems = Object.entries(fieldErrors(result.error))
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  throw new Error(`Demo data for ${what} does not pass its form: ${problems}`);
}
