import type { Transaction } from "kysely";
import { BaselineSchema } from "~/schemas/baseline";
import { setAgencyBaseline } from "~/services/baseline.server";
import type { DB } from "../types";
import { parseInput } from "./forms";
import type { Schedule } from "./schedule";
import { BASELINES_ON } from "./timeline";
import type { DemoAccount } from "./users";

// Illustrative baselines (regulations and yearly compliance cost in force at the start of the
// 2020–2025 program), so the dashboard can show progress toward the 20% targets. Not official.
const DEMO_BASELINES: readonly [agency: string, regulations: string, yearlyCost: string][] = [
  ["BYT", "120", "180.000.000.000"],
  ["BTC", "150", "400.000.000.000"],
  ["BCT", "110", "220.000.000.000"],
  ["BXD", "90", "150.000.000.000"],
  ["BNNMT", "100", "160.000.000.000"],
];

/** The admin enters them once the 2025 ministries exist (some of them are new). */
export function scheduleDemoBaselines(schedule: Schedule, trx: Transaction<DB>, admin: DemoAccount): void {
  schedule.add(BASELINES_ON, () => createDemoBaselines(trx, admin));
}

async function createDemoBaselines(trx: Transaction<DB>, admin: DemoAccount): Promise<void> {
  for (const [agency, regulations, yearlyCost] of DEMO_BASELINES) {
    const input = parseInput(
      BaselineSchema,
      { agency, baseline_on: "01/01/2020", regulations, yearly_cost_vnd: yearlyCost },
      `the baseline of ${agency}`,
    );
    await setAgencyBaseline(trx, admin, input);
  }
}
