import type { Kysely } from "kysely";
import type { DB } from "../types";

export async function seedDemoDataIfEmpty(
  _db: Kysely<DB>,
  _options: { password: string; log: (line: string) => void },
): Promise<boolean> {
  return false;
}
