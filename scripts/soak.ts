// npm run soak [-- --seconds N] [-- --postgres URL] — load with writes (issue 11 §3): officers,
// a reviewer, an importer and readers all at once for N seconds (60 by default) against the
// production server as `npm run serve` starts it, on loopback, on a fresh database with the demo
// data: a new SQLite file, or with --postgres the empty PostgreSQL database it names (issue 13),
// migrated and seeded here; then the checks of scripts/soak/check.ts on that database, and the
// figures. Exits 1 if a check fails.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeLocation, migrateToLatest, openLocation, type DatabaseLocation } from "../app/db.server";
import { allTables } from "../app/db-contents.server";
import { seedDemoData } from "../db/seed";
import { checkSoak } from "./soak/check";
import { emptyLog, runLoad, signIn } from "./soak/load";
import { prepareSoak, type SoakPlan } from "./soak/plan";
import { soakReport } from "./soak/report";
import { startSoakServer } from "./soak/server";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "60" }, postgres: { type: "string" } } });
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 3600)) throw new Error("--seconds must be between 1 and 3600");
if (values.postgres !== undefined && !/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(values.postgres)) throw new Error("--postgres must name an empty database: postgres://user:password@host:5432/database");

const buildDirectory = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
if (!fs.existsSync(path.join(buildDirectory, "server/index.js"))) throw new Error(`No production build in ${buildDirectory}: run npm run build`);

// the SQLite file is the soak's own, removed when every check passes; a PostgreSQL database is the caller's, and kept
const directory = values.postgres === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-soak-")) : undefined;
const location: DatabaseLocation = directory ? { path: path.join(directory, "soak.db") } : { url: values.postgres! };
const password = "soak-demo-password-2025";
const db = openLocation(location);
let plan: SoakPlan;
try {
  // the soak writes thousands of records: never into a PostgreSQL database that holds anything
  const tables = directory ? [] : await allTables(db);
  if (tables.length > 0) throw new Error(`${describeLocation(location)} holds ${tables.length} tables: the soak needs an empty database`);
  await migrateToLatest(db);
  await seedDemoData(db, { password });
  plan = await prepareSoak(db, password);
} finally {
  await db.destroy();
}

const server = await startSoakServer({ command: ["--import", "tsx", "scripts/server.ts"], cwd: process.cwd(), database: location, buildDirectory });
let passed = false;
try {
  const log = emptyLog();
  const sessions = await signIn(server.url, plan);
  console.log(`soak: ${seconds} s against ${server.url} (database ${describeLocation(location)})`);
  await runLoad(server.url, plan, sessions, { seconds, log, sequence: { next: 1 }, cliImport: { database: location, cwd: process.cwd() } });
  await server.stop();
  const checks = await checkSoak(location, plan, log, { expectEveryKind: true });
  console.log(soakReport(log, checks));
  passed = checks.every((check) => check.ok);
  if (!passed) console.log(`\nserver output:\n${server.logs()}`);
} finally {
  await server.stop();
}
if (passed && directory) fs.rmSync(directory, { recursive: true, force: true });
else if (!passed) console.log(`database kept at ${describeLocation(location)}`);
process.exit(passed ? 0 : 1);
