import type { Transaction } from "kysely";
import { AGENCY_KINDS, type AgencyKind } from "~/domain/vocabulary";
import type { DB } from "../types";
import { column, readSeedCsv } from "./csv";

// Agencies are reference data with no create service (an admin edits them later); the seed
// inserts them as they stand in the CSV file, except that an agency merged away is inserted
// still active: recording its succession (db/seed/successions.ts) ends it, as it would in the app.

export interface SeedAgency {
  id: number;
  code: string;
  nameVi: string;
  activeFrom: string | null;
  activeTo: string | null;
}

export function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if (!(values as readonly string[]).includes(value)) throw new Error(`Seed CSV: unknown ${what} "${value}"`);
  return value as T;
}

/** Agencies that agency-successions.csv ends: predecessors with a full or main successor. */
export function agenciesEndedBySuccession(): Set<string> {
  return new Set(
    readSeedCsv("agency-successions")
      .filter((row) => column(row, "scope") !== "partial")
      .map((row) => column(row, "predecessor")),
  );
}

/**
 * Inserts every agency of agencies.csv; returns them by code, in file order, with the period the
 * file gives (what the demo plans by), though those ended by a succession are still active now.
 */
export async function insertAgencies(trx: Transaction<DB>): Promise<Map<string, SeedAgency>> {
  const ended = agenciesEndedBySuccession();
  const agencies = new Map<string, SeedAgency>();
  for (const row of readSeedCsv("agencies")) {
    const values = {
      code: column(row, "code"),
      name_vi: column(row, "name_vi"),
      name_en: column(row, "name_en"),
      kind: oneOf<AgencyKind>(AGENCY_KINDS, column(row, "kind"), "agency kind"),
      active_from: column(row, "active_from") || null,
      active_to: column(row, "active_to") || null,
    };
    const { id } = await trx
      .insertInto("agencies")
      .values({ ...values, active_to: ended.has(values.code) ? null : values.active_to })
      .returning("id")
      .executeTakeFirstOrThrow();
    agencies.set(values.code, {
      id,
      code: values.code,
      nameVi: values.name_vi,
      activeFrom: values.active_from,
      activeTo: values.active_to,
    });
  }
  return agencies;
}
