// npm run import -- --file plan.xlsx [--dry-run] [--as user@email] [--lang vi|en]
// Imports a plan through the same code as the import page: every row is checked, then all rows
// are written or none. Prints the report; exits with status 1 when the file or any row is invalid.
// A file that changes nothing is no import: it says so and records none.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { configuredLocation, migrateToLatest, openLocation } from "../app/db.server";
import { todayIso } from "../app/domain/dates";
import { can, type Actor } from "../app/domain/permissions";
import { parseEnv } from "../app/env.server";
import { isLocale, translator } from "../app/i18n";
import { applyEffectiveDates } from "../app/services/document-facts.server";
import { findUserByEmail, listUsers } from "../app/models/user.server";
import { runImport } from "../app/services/import/import.server";
import { nothingToImport } from "../app/services/import/report";
import { reportLines } from "../app/services/import/report-text";
import type { DB } from "../db/types";

class CliError extends Error {}

/** The user the import is made by: --as, or the only active admin when there is exactly one. */
async function importActor(db: Kysely<DB>, email: string | undefined, t: ReturnType<typeof translator>): Promise<Actor> {
  const named = email ? await findUserByEmail(db, email) : undefined;
  const users = email ? (named?.active ? [named] : []) : (await listUsers(db)).filter((user) => user.role === "admin" && user.active);
  const user = users[0];
  if (!user || (!email && users.length > 1)) throw new CliError(email ? t("imports.cli.unknownActor", { email }) : t("imports.cli.noActor"));
  if (!can(user, "proposal:create")) throw new CliError(t("imports.cli.cannotImport", { email: user.email }));
  return { id: user.id, role: user.role, agency_id: user.agency_id };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      as: { type: "string" },
      lang: { type: "string", default: "vi" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const t = translator(isLocale(values.lang) ? values.lang : "vi");
  if (values.help || !values.file) {
    console.log(t("imports.cli.usage"));
    return values.help ? 0 : 1;
  }
  const bytes = new Uint8Array(fs.readFileSync(values.file));
  const env = parseEnv();
  const db = openLocation(configuredLocation(env));
  try {
    await migrateToLatest(db);
    // the rows are checked against today's truth, as the import page sees it
    await applyEffectiveDates(db, todayIso());
    const actor = await importActor(db, values.as, t);
    const report = await runImport(db, actor, { name: path.basename(values.file), bytes }, { commit: !values["dry-run"] });
    console.log(reportLines(t, report).join("\n"));
    console.log("");
    const outcome = nothingToImport(report)
      ? t("imports.errors.nothing_to_import")
      : values["dry-run"]
        ? t("imports.cli.dryRun")
        : report.committed
          ? t("imports.cli.committed")
          : t("imports.cli.notCommitted");
    console.log(outcome);
    return report.fileError || report.counts.invalid > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error instanceof CliError || error instanceof TypeError ? error.message : error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error));
    process.exit(1);
  },
);
