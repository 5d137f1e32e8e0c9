// npm run db:copy -- --from data/tinhgon.db --to postgres://user:password@host:5432/database
// Copies a whole SQLite database into an empty PostgreSQL one (issue 13): every row of every
// table with its ids, in one transaction, then compares each table's row count and digest on both
// sides and prints them. Exits 1 if the copy was refused (a database not empty or not migrated,
// schemas that differ) or any table differs, in which case nothing was committed.
import { parseArgs } from "node:util";
import { describeLocation } from "../app/db.server";
import { CopyRefusal, copySqliteToPostgres, type CopyReport } from "../app/db-copy.server";

const USAGE = "Usage: npm run db:copy -- --from FILE.db --to postgres://user:password@host:5432/database";

function printReport(report: CopyReport): void {
  const header = ["table", "source rows", "target rows", "sha256 (source)", "checksum"];
  const lines = report.tables.map((table) => [
    table.table,
    String(table.sourceRows),
    String(table.targetRows),
    table.sourceSha256.slice(0, 16),
    table.match ? "match" : `DIFFERS (target ${table.targetSha256.slice(0, 16)})`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 1;
  }
  if (!/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(values.to)) {
    console.error(`--to must be a PostgreSQL address, postgres://user:password@host:5432/database\n${USAGE}`);
    return 1;
  }
  try {
    const report = await copySqliteToPostgres(values.from, values.to, { log: (line) => console.log(line) });
    printReport(report);
    const rows = report.tables.reduce((sum, table) => sum + table.targetRows, 0);
    if (!report.committed) {
      console.error(`The copy differs from ${values.from} in ${report.tables.filter((table) => !table.match).map((table) => table.table).join(", ")}: rolled back, nothing was committed.`);
      return 1;
    }
    console.log(`Copied ${rows} rows in ${report.tables.length} tables from ${values.from} to ${describeLocation({ url: values.to })} in ${report.seconds.toFixed(1)} s; every table matches.`);
    console.log(`Next ids: ${report.identities.map((identity) => `${identity.table} ${identity.next}`).join(", ")}.`);
    return 0;
  } catch (error) {
    console.error(error instanceof CopyRefusal ? error.message : error);
    return 1;
  }
}

process.exitCode = await main();
