import { afterAll, beforeAll, expect, test } from "vitest";
import { openDatabase } from "~/db.server";
import { checkSoak } from "../../scripts/soak/check";
import { emptyLog, runLoad, signIn, WRITE_KINDS } from "../../scripts/soak/load";
import { prepareSoak, type SoakPlan } from "../../scripts/soak/plan";
import { soakReport } from "../../scripts/soak/report";
import { startSoakServer, type SoakServer } from "../../scripts/soak/server";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase } from "../support/database";
import { buildDirectory, serverCommand } from "../support/server";

// Issue 11 §3, shortened: `npm run soak` for 10 s. Officers of three agencies, the reviewer, an
// importer and readers all at once against the production server; afterwards every check of
// scripts/soak/check.ts passes, and every kind of write was acknowledged (a soak that wrote
// nothing would prove nothing).

const SECONDS = 10;
const PASSWORD = "soak-test-demo-password";

let database: TestDatabase;
let plan: SoakPlan;
let server: SoakServer;

beforeAll(async () => {
  database = await createTestDatabase({ demo: { password: PASSWORD } });
  const db = openDatabase(database.path);
  try {
    plan = await prepareSoak(db, PASSWORD);
  } finally {
    await db.destroy();
  }
  server = await startSoakServer({ command: await serverCommand(), cwd: PROJECT_ROOT, databasePath: database.path, buildDirectory: buildDirectory() });
});

afterAll(async () => {
  await server?.stop();
  await database?.remove();
});

test(`a ${SECONDS}-s soak with writes: every check passes and every kind of write happened`, async () => {
  const log = emptyLog();
  const cliImport = { databasePath: database.path, cwd: PROJECT_ROOT };
  await runLoad(server.url, plan, await signIn(server.url, plan), { seconds: SECONDS, log, sequence: { next: 1 }, cliImport });
  await server.stop();
  const checks = await checkSoak(database.path, plan, log, { expectEveryKind: true });
  console.log(`soak:\n${soakReport(log, checks)}`);
  expect(checks.filter((check) => !check.ok), server.logs()).toEqual([]);
  for (const kind of WRITE_KINDS) {
    expect(log.writes.filter((write) => write.kind === kind && write.outcome === "acknowledged").length, kind).toBeGreaterThan(0);
  }
}, 90_000);
