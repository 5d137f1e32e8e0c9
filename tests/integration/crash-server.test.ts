import { afterAll, beforeAll, expect, test } from "vitest";
import { checkSoak } from "../../scripts/soak/check";
import { emptyLog, runLoad, signIn, type Sessions, type SoakLog } from "../../scripts/soak/load";
import { soakReport } from "../../scripts/soak/report";
import type { SoakPlan } from "../../scripts/soak/plan";
import type { SoakServer } from "../../scripts/soak/server";
import type { TestDatabase } from "../support/database";
import { startSoakSetting, type SoakSetting } from "../support/soak";

// Issue 11 §4: the server killed with SIGKILL (its whole process group) while the soak's users
// write, twice, at different moments, and restarted on the same database each time. Every write
// acknowledged before a kill is there exactly once, in its table and in the history; a write in
// flight at the kill is there whole or not at all; integrity_check is ok (SQLite's: PostgreSQL
// undoes a killed connection's transaction from its own log, scripts/soak/check.ts); the server
// serves the sessions signed in before the crash again. On the test run's database: SQLite, or
// PostgreSQL under `npm run test:pg`.

const PASSWORD = "crash-server-demo-password";
/** Each kill: once this many more writes are acknowledged, this many ms after the next write is sent (while the server works on it). */
const KILLS = [
  { writes: 10, delayMs: 5 },
  { writes: 25, delayMs: 25 },
];

let setting: SoakSetting;
let database: TestDatabase;
let plan: SoakPlan;
let server: SoakServer;

beforeAll(async () => {
  setting = await startSoakSetting(PASSWORD);
  ({ database, plan, server } = setting);
});

afterAll(async () => {
  await server?.stop(); // the last restarted one
  await setting?.database.remove();
});

const acknowledged = (log: SoakLog) => log.writes.filter((write) => write.outcome === "acknowledged").length;

/** Runs the soak's users until `writes` more writes are acknowledged, SIGKILLs the server `delayMs` after the next write is sent, and restarts it. */
async function crashDuringWrites(sessions: Sessions, log: SoakLog, sequence: { next: number }, kill: (typeof KILLS)[number]): Promise<void> {
  const controller = new AbortController();
  const target = acknowledged(log) + kill.writes;
  let killed: Promise<void> | undefined;
  const onWrite = () => {
    if (killed || acknowledged(log) < target) return;
    killed = new Promise((resolve) => setTimeout(resolve, kill.delayMs)).then(() => server.kill());
    // the users stop once the server is gone; the write sent now and any others in flight go unanswered
    void killed.then(() => controller.abort());
  };
  await runLoad(server.url, plan, sessions, { seconds: 60, log, sequence, signal: controller.signal, onWrite });
  expect(killed, "the server was killed during the writes").toBeDefined();
  await killed;
  server = await server.restart();
}

test("SIGKILL during the soak's writes, twice: every acknowledged write survives once, nothing half-written, the server serves again", async () => {
  const sessions = await signIn(server.url, plan);
  const log = emptyLog();
  const sequence = { next: 1 };
  for (const kill of KILLS) await crashDuringWrites(sessions, log, sequence, kill);

  // the sessions from before the crashes still open pages, and a write goes through
  const [officer] = plan.officers;
  const cookie = sessions.get(officer!.email)!;
  expect((await fetch(`${server.url}/dashboard`, { headers: { cookie } })).status).toBe(200);
  const comment = await fetch(`${server.url}/amendments/${plan.amendments[officer!.agency!]![0]}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "comment", comment: "Sau khi khởi động lại" }),
  });
  expect(comment.status).toBe(302);

  await server.stop();
  const checks = await checkSoak(database.location, plan, log, { killed: true });
  console.log(`crash-server:\n${soakReport(log, checks)}`);
  expect(checks.filter((check) => !check.ok), server.logs()).toEqual([]);
  expect(acknowledged(log)).toBeGreaterThanOrEqual(KILLS.reduce((sum, kill) => sum + kill.writes, 0));
}, 90_000);
