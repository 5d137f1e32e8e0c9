// What a use case refuses, in the domain's words. Services and models throw these and know
// nothing of HTTP; each front door maps them once: the pages in app/http.server.ts (a status,
// the form's errors, the conflict view), later the API (problem+json) and the CLIs (a message).

/** Messages (i18n keys, "key|name=value" with parameters) per field path; "_form" is the whole form. */
export type FieldErrors = Record<string, string>;

/** Every refusal a use case can make; anything else thrown is a defect. */
export abstract class DomainError extends Error {
  abstract readonly kind: "not_found" | "forbidden" | "invalid" | "stale_version" | "conflict" | "busy" | "limit";
}

/** No such record (or none this actor may know of). */
export class NotFoundError extends DomainError {
  readonly kind = "not_found";
  constructor(
    /** The kind of record looked for: "proposal", "amendment", … */
    public readonly record: string,
    public readonly key?: string | number,
  ) {
    super(`No ${record}${key === undefined ? "" : ` ${key}`}`);
  }
}

/** The actor may not do this to this record. */
export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
  constructor(public readonly permission?: string) {
    super(`Forbidden${permission ? `: ${permission}` : ""}`);
  }
}

/** Input a rule refused: a message per field path, and the values it refused. */
export class InvalidError extends DomainError {
  readonly kind = "invalid";
  constructor(
    public readonly errors: FieldErrors,
    /** What was submitted, as typed, when the refusing code has it; the front door keeps its own otherwise. */
    public readonly values: Readonly<Record<string, string>> = {},
  ) {
    super(`Invalid: ${Object.entries(errors).map(([field, message]) => `${field}: ${message}`).join("; ")}`);
  }
}

/** An edit made against an older version of the record: nothing was written. */
export class StaleVersionError extends DomainError {
  readonly kind = "stale_version";
  constructor(
    /** The version the edit was made against. */
    public readonly submittedVersion: number | undefined,
    /** The version stored now. */
    public readonly currentVersion: number,
    /** The record as stored now, as its form's values, when the refusing code knows its form. */
    public readonly current?: Readonly<Record<string, string>>,
  ) {
    super(`The record was changed by someone else (version ${submittedVersion ?? "?"}, now ${currentVersion})`);
  }
}

/** A change the record's current state does not allow; `reason` is a message key. */
export class ConflictError extends DomainError {
  readonly kind = "conflict";
  constructor(public readonly reason: string) {
    super(`Conflict: ${reason}`);
  }
}

/** Someone else holds what this needs (an import of the same agency, the write lock): try again later. */
export class BusyError extends DomainError {
  readonly kind = "busy";
  constructor(
    public readonly reason: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(`Busy: ${reason} (retry after ${retryAfterSeconds} s)`);
  }
}

/** The actor already has `limit` of something under way (exports downloading): try again when one ends. */
export class LimitError extends DomainError {
  readonly kind = "limit";
  constructor(
    /** A message key, with `{{count}}` for the limit. */
    public readonly reason: string,
    public readonly limit: number,
    public readonly retryAfterSeconds: number,
  ) {
    super(`Limit: ${reason} (${limit}; retry after ${retryAfterSeconds} s)`);
  }
}

/** Throws NotFoundError unless the record is there; narrows it otherwise. */
export function found<T>(record: T | null | undefined, kind: string, key?: string | number): T {
  if (record === null || record === undefined) throw new NotFoundError(kind, key);
  return record;
}

/** Throws StaleVersionError when an edit was made against another version than the stored one. */
export function checkVersion(
  submitted: number | undefined,
  current: number,
  currentValues?: () => Readonly<Record<string, string>>,
): void {
  if (submitted !== undefined && submitted !== current) throw new StaleVersionError(submitted, current, currentValues?.());
}

/** A refusal as plain data, to cross a process boundary (app/services/jobs/): its kind and its fields. */
export type DomainErrorData = { kind: DomainError["kind"] } & Record<string, unknown>;

export function domainErrorData(error: DomainError): DomainErrorData {
  return { ...(error as unknown as Record<string, unknown>), kind: error.kind };
}

/** The refusal `domainErrorData` made, as the same class with the same fields. */
export function domainErrorFromData(data: DomainErrorData): DomainError {
  const field = <T>(name: string) => data[name] as T;
  switch (data.kind) {
    case "not_found":
      return new NotFoundError(field("record"), field("key"));
    case "forbidden":
      return new ForbiddenError(field("permission"));
    case "invalid":
      return new InvalidError(field("errors"), field("values"));
    case "stale_version":
      return new StaleVersionError(field("submittedVersion"), field("currentVersion"), field("current"));
    case "conflict":
      return new ConflictError(field("reason"));
    case "busy":
      return new BusyError(field("reason"), field("retryAfterSeconds"));
    case "limit":
      return new LimitError(field("reason"), field("limit"), field("retryAfterSeconds"));
  }
}
