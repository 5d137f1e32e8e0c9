/** One field of a stale save: what someone else saved meanwhile, beside what this user typed. */
export interface ConflictChange {
  field: string;
  /** When this user opened the form. */
  before: string;
  /** Saved meanwhile by someone else. */
  theirs: string;
  /** Typed by this user, not saved; null where this user left the field as it was. */
  yours: string | null;
}

/** The same changes with each value shown as the form words it (an enum key as its label). */
export function labelConflictValues(
  changes: readonly ConflictChange[] | undefined,
  label: (field: string, value: string) => string,
): ConflictChange[] | undefined {
  return changes?.map((change) => ({
    ...change,
    before: label(change.field, change.before),
    theirs: label(change.field, change.theirs),
    yours: change.yours === null ? null : label(change.field, change.yours),
  }));
}
