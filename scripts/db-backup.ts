// npm run db:backup -- --to FILE [--force]
// A consistent backup of the configured database (DATABASE_URL, else DATABASE_PATH) while the
// server runs: SQLite's online backup into a single SQLite file, or pg_dump's custom format for
// PostgreSQL. Refuses to replace an existing file unless --force. Prints the file's size and the
// rows of each table it holds; exits 1 if it was refused or failed, leaving no file behind.
import { parseArgs } from "node:util";
import { backupDatabase, BackupRefusal, backupReportLines } from "../app/db-backup.server";
import { configuredLocation } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";

const USAGE = "Usage: npm run db:backup -- --to FILE [--force]";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { to: { type: "string" }, force: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.to) {
    console.error(USAGE);
    return 1;
  }
  try {
    const report = await backupDatabase(configuredLocation(parseEnv()), values.to, { force: values.force });
    console.log(`Backed up ${report.database} to ${report.file}:`);
    for (const line of backupReportLines(report)) console.log(line);
    return 0;
  } catch (error) {
    console.error(error instanceof BackupRefusal || error instanceof EnvError ? error.message : error);
    return 1;
  }
}

process.exitCode = await main();
