import type { FieldErrors } from "~/schemas/parse.server";

/** A rule a service refused, with messages (i18n keys) per form field. */
export class FormError extends Error {
  constructor(public readonly errors: FieldErrors) {
    super(`Refused: ${Object.entries(errors).map(([field, message]) => `${field}: ${message}`).join("; ")}`);
  }
}

/** An edit made against an older version of the record: nothing was written. */
export class StaleVersionError extends Error {
  constructor(public readonly currentVersion: number) {
    super("The record was changed by someone else");
  }
}

/** A change the record's current state does not allow (answered with 409). */
export class ConflictError extends Error {
  constructor(public readonly reason: string) {
    super(`Conflict: ${reason}`);
  }
}
