// npm run soak [-- --seconds N] — load with writes (issue 11 §3): officers, a reviewer, an
// importer and readers all at once for N seconds (60 by default) against the production server
// as `npm run serve` starts it, on loopback, on a fresh database with the demo data; then the
// checks of scripts/soak/check.ts on that database, and the figures. Exits 1 if a check fails.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateToLatest, openDatabase } from "../app/db.server";
import { seedDemoData } from "../db/seed";
import { checkSoak } from "./soak/check";
import { emptyLog, runLoad, signIn } from "./soak/load";
import { prepareSoak } from "./soak/plan";
import { soakReport } from "./soak/report";
import { startSoakServer } from "./soak/server";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "60" } } });
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 3600)) throw new Error("--seconds must be between 1 and 3600");

const buildDirectory = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
if (!fs.existsSync(path.join(buildDirectory, "server/index.js"))) throw new Error(`No production build in ${buildDirectory}: run npm run build`);

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-soak-"));
const databasePath = path.join(directory, "soak.db");
const password = "soak-demo-password-2025";
const db = openDatabase(databasePath);
await migrateToLatest(db);
await seedDemoData(db, { password });
const plan = await prepareSoak(db, password);
await db.destroy();

const server = await startSoakServer({ command: ["--import", "tsx", "scripts/server.ts"], cwd: process.cwd(), database: { path: databasePath }, buildDirectory });
let passed = false;
try {
  const log = emptyLog();
  const sessions = await signIn(server.url, plan);
  console.log(`soak: ${seconds} s against ${server.url} (database ${databasePath})`);
  await runLoad(server.url, plan, sessions, { seconds, log, sequence: { next: 1 }, cliImport: { databasePath, cwd: process.cwd() } });
  await server.stop();
  const checks = await checkSoak(databasePath, plan, log, { expectEveryKind: true });
  console.log(soakReport(log, checks));
  passed = checks.every((check) => check.ok);
  if (!passed) console.log(`\nserver output:\n${server.logs()}`);
} finally {
  await server.stop();
}
if (passed) fs.rmSync(directory, { recursive: true, force: true });
else console.log(`database kept at ${databasePath}`);
process.exit(passed ? 0 : 1);
