/** One field of a stale save: what someone else saved meanwhile, beside what this user typed. */
export interface ConflictChange {
  field: string;
  /** When this user opened the form. */
  before: string;
  /** Saved meanwhile by someone else. */
  theirs: string;
  /** Typed by this user, not saved. */
  yours: string;
}
