import type { Transaction } from "kysely";
import { AGENCY_KINDS, SUCCESSION_SCOPES, type AgencyKind, type SuccessionScope } from "~/domain/vocabulary";
import type { DB } from "../types";
import { column, readSeedCsv } from "./csv";

// Agencies and their successions are reference data with no create service (an admin edits
// them later); the seed inserts them as they stand in the CSV files.

export interface SeedAgency {
  id: number;
  code: string;
  nameVi: string;
  activeFrom: string | null;
  activeTo: string | null;
}

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if (!(values as readonly string[]).includes(value)) throw new Error(`Seed CSV: unknown ${what} "${value}"`);
  return value as T;
}

/** Inserts every agency of agencies.csv; returns them by code, in file order. */
export async function insertAgencies(trx: Transaction<DB>): Promise<Map<string, SeedAgency>> {
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
    const { id } = await trx.insertInto("agencies").values(values).returning("id").executeTakeFirstOrThrow();
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

/** Inserts agency-successions.csv; predecessor and successor are agency codes. */
export async function insertSuccessions(trx: Transaction<DB>, agencies: Map<string, SeedAgency>): Promise<number> {
  const rows = readSeedCsv("agency-successions");
  for (const row of rows) {
    const agencyId = (name: string) => {
      const agency = agencies.get(column(row, name));
      if (!agency) throw new Error(`agency-successions.csv: unknown ${name} "${column(row, name)}"`);
      return agency.id;
    };
    await trx
      .insertInto("agency_successions")
      .values({
        predecessor_id: agencyId("predecessor"),
        successor_id: agencyId("successor"),
        effective_on: column(row, "effective_on"),
        scope: oneOf<SuccessionScope>(SUCCESSION_SCOPES, column(row, "scope"), "succession scope"),
        functions: column(row, "functions") || null,
      })
      .execute();
  }
  return rows.length;
}
