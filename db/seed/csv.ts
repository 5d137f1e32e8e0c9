import fs from "node:fs";
import Papa from "papaparse";

/** The rows of one of the project's reference files in db/seed/data, keyed by header. */
export function readSeedCsv(name: "agencies" | "agency-successions" | "decisions" | "sample-plan"): Record<string, string>[] {
  const text = fs.readFileSync(new URL(`./data/${name}.csv`, import.meta.url), "utf8");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) {
    const error = parsed.errors[0];
    throw new Error(`db/seed/data/${name}.csv row ${error?.row ?? "?"}: ${error?.message ?? "unreadable"}`);
  }
  return parsed.data.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key.trim(), (value ?? "").trim()])),
  );
}

/** A column that must be there; a missing one is a broken reference file, not bad user input. */
export function column(row: Record<string, string>, name: string): string {
  const value = row[name];
  if (value === undefined) throw new Error(`Seed CSV has no column "${name}"`);
  return value;
}
