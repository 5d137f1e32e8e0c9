import type { Migration } from "kysely";
import * as m0001 from "./0001_initial";

// A static map, so the built server carries its migrations (no directory scan at run time).
export const migrations: Record<string, Migration> = {
  "0001_initial": m0001,
};
