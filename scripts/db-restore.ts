// npm run db:restore -- --from FILE [--force]
// Puts a backup made by `npm run db:backup` back as the configured database (DATABASE_URL, else
// DATABASE_PATH). SQLite: refuses if the database file exists unless --force (stop the server
// first); the backup is copied beside it and renamed into place. PostgreSQL: refuses a database
// holding data unless --force; pg_restore drops and recreates the backup's tables in one
// transaction. Prints the size and the rows of each table restored; exits 1 if refused or failed.
import { parseArgs } from "node:util";
import { BackupRefusal, backupReportLines, restoreDatabase } from "../app/db-backup.server";
import { configuredLocation } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";

const USAGE = "Usage: npm run db:restore -- --from FILE [--force]";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: "string" }, force: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.from) {
    console.error(USAGE);
    return 1;
  }
  try {
    const report = await restoreDatabase(configuredLocation(parseEnv()), values.from, { force: values.force });
    console.log(`Restored ${report.file} into ${report.database}:`);
    for (const line of backupReportLines(report)) console.log(line);
    return 0;
  } catch (error) {
    console.error(error instanceof BackupRefusal || error instanceof EnvError ? error.message : error);
    return 1;
  }
}

process.exitCode = await main();
