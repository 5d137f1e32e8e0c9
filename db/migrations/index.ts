import type { Migration } from "kysely";
import * as m0001 from "./0001_initial";
import * as m0002 from "./0002_implementation_progress";
import * as m0003 from "./0003_steering";
import * as m0004 from "./0004_figures_index";
import * as m0005 from "./0005_decision_index";
import * as m0006 from "./0006_saving_index";
import * as m0007 from "./0007_search";
import * as m0008 from "./0008_imports";
import * as m0009 from "./0009_needs_amendment";
import * as m0010 from "./0010_official_numbers";
import * as m0011 from "./0011_search_spelling";
import * as m0012 from "./0012_list_order_indexes";
import * as m0013 from "./0013_deferred_search_index";
import * as m0014 from "./0014_export_slots";
import * as m0015 from "./0015_event_imports";
import * as m0016 from "./0016_jobs";
import * as m0017 from "./0017_data_version_per_session";
import * as m0018 from "./0018_data_version_once_per_transaction";
import * as m0019 from "./0019_agency_code_index";

// A static map, so the built server carries its migrations (no directory scan at run time).
export const migrations: Record<string, Migration> = {
  "0001_initial": m0001,
  "0002_implementation_progress": m0002,
  "0003_steering": m0003,
  "0004_figures_index": m0004,
  "0005_decision_index": m0005,
  "0006_saving_index": m0006,
  "0007_search": m0007,
  "0008_imports": m0008,
  "0009_needs_amendment": m0009,
  "0010_official_numbers": m0010,
  "0011_search_spelling": m0011,
  "0012_list_order_indexes": m0012,
  "0013_deferred_search_index": m0013,
  "0014_export_slots": m0014,
  "0015_event_imports": m0015,
  "0016_jobs": m0016,
  "0017_data_version_per_session": m0017,
  "0018_data_version_once_per_transaction": m0018,
  "0019_agency_code_index": m0019,
};
