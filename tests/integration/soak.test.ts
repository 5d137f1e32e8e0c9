import { afterAll, beforeAll, expect, test } from "vitest";
import { checkSoak } from "../../scripts/soak/check";
import { emptyLog, runLoad, signIn, WRITE_KINDS, type Sessions } from "../../scripts/soak/load";
import { soakReport } from "../../scripts/soak/report";
import type { SoakPlan } from "../../scripts/soak/plan";
import type { SoakServer } from "../../scripts/soak/server";
import { holdWriteLock, PROJECT_ROOT, type TestDatabase } from "../support/database";
import { startSoakSetting, type SoakSetting } from "../support/soak";

// Issue 11 §3, shortened: `npm run soak` for 10 s. Officers of three agencies, the reviewer, an
// importer and readers all at once against the production server; afterwards every check of
// scripts/soak/check.ts passes, and every kind of write was acknowledged (a soak that wrote
// nothing would prove nothing). On the test run's database: SQLite, or PostgreSQL under
// `npm run test:pg` (there the checks of SQLite's own file are left out, scripts/soak/check.ts).

const SECONDS = 10;
const PASSWORD = "soak-test-demo-password";

let setting: SoakSetting;
let database: TestDatabase;
let plan: SoakPlan;
let server: SoakServer;
let sessions: Sessions;

beforeAll(async () => {
  setting = await startSoakSetting(PASSWORD);
  ({ database, plan, server } = setting);
  sessions = await signIn(server.url, plan);
});

afterAll(async () => {
  await setting?.close();
});

test("a write while another process holds the lock past the busy timeout is refused 503 with Retry-After on its page", async () => {
  const [officer] = plan.officers;
  // the lock as another process takes it: SQLite's write lock, PostgreSQL's advisory lock
  const other = await holdWriteLock(database.location);
  try {
    const answer = await fetch(`${server.url}/amendments/${plan.amendments[officer!.agency!]![0]}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: sessions.get(officer!.email)!, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "comment", comment: "Trong lúc nhập kế hoạch" }),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(await answer.text()).toContain("Hệ thống đang bận");
  } finally {
    await other.release();
  }
});

test(`a ${SECONDS}-s soak with writes: every check passes and every kind of write happened`, async () => {
  const log = emptyLog();
  const cliImport = { database: database.location, cwd: PROJECT_ROOT };
  await runLoad(server.url, plan, sessions, { seconds: SECONDS, log, sequence: { next: 1 }, cliImport });
  await server.stop();
  const checks = await checkSoak(database.location, plan, log, { expectEveryKind: true });
  console.log(`soak:\n${soakReport(log, checks)}`);
  expect(checks.filter((check) => !check.ok), server.logs()).toEqual([]);
  for (const kind of WRITE_KINDS) {
    expect(log.writes.filter((write) => write.kind === kind && write.outcome === "acknowledged").length, kind).toBeGreaterThan(0);
  }
}, 90_000);
