import type { Migration } from "kysely";
import * as m0015 from "../0015_event_imports";
import * as m0016 from "../0016_jobs";
import * as m0017 from "../0017_data_version_per_session";
import * as m0018 from "../0018_data_version_once_per_transaction";
import * as m0019 from "../0019_agency_code_index";
import * as baseline from "./0001_0014_baseline";

// PostgreSQL's migrations: SQLite's 0001–0014 as one baseline, then the migrations written for
// both dialects, under the same names as on SQLite.
export const postgresMigrations: Record<string, Migration> = {
  "0001_0014_baseline": baseline,
  "0015_event_imports": m0015,
  "0016_jobs": m0016,
  "0017_data_version_per_session": m0017,
  "0018_data_version_once_per_transaction": m0018,
  "0019_agency_code_index": m0019,
};
