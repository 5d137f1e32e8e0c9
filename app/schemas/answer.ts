import type { FieldErrors } from "~/domain/errors";
import type { ConflictChange } from "./conflict";

/**
 * A form's answer when its post is refused (app/http.server.ts formAction): what was typed, kept
 * in the form, and why. 422: `errors` per field; 409: `refused` (the record's state does not
 * allow it now) or, after a stale save, `conflict` with the stored values as the new `base`.
 */
export interface FormAnswer {
  /** Which of the page's forms was posted (its `intent` field), when it has several. */
  intent?: string;
  /** Message keys per field path; "_form" concerns the whole form. */
  errors: FieldErrors;
  /** What the user typed, to show again. */
  values: Record<string, string>;
  /** A 409: the message key saying why the record's current state refuses this. */
  refused?: string;
  /** After a stale save: the stored values, to resubmit against. */
  base?: Record<string, string>;
  /** After a stale save: what someone else changed meanwhile, beside what this user typed. */
  conflict?: ConflictChange[];
}
