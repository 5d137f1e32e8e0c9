// npm run user:create -- --email a@b.vn --name "Nguyễn Văn A" --role admin [--agency BTC] [--password ...]
// Creates a user with the machine owner's authority: the first admin of a fresh deployment,
// or anyone when the web page is out of reach. Migrates first, so it works before the first start.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { configuredLocation, migrateToLatest, openLocation } from "../app/db.server";
import { parseEnv } from "../app/env.server";
import { translateMessage, translator } from "../app/i18n";
import { fieldErrors } from "../app/schemas/parse.server";
import { PASSWORD_MIN, UserSchema } from "../app/schemas/user";
import { InvalidError } from "../app/domain/errors";
import { createUser } from "../app/services/user.server";
import type { DB } from "../db/types";

const USAGE =
  'Usage: npm run user:create -- --email a@b.vn --name "Nguyễn Văn A" --role officer|reviewer|viewer|admin [--agency BTC] [--password ...]';

/** A refusal to print as one line (or one line per field) before exiting with status 1. */
class CliError extends Error {}

function fieldLines(errors: Record<string, string>): string {
  const t = translator("en");
  return Object.entries(errors)
    .map(([field, message]) => `${field}: ${translateMessage(t, message)}`)
    .join("\n");
}

/** One line typed on a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, callback) {
      if (!muted) process.stdout.write(chunk, encoding);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve, reject) => {
    rl.on("SIGINT", () => {
      rl.close();
      process.stdout.write("\n");
      reject(new CliError("Cancelled."));
    });
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

/** The first line of piped input: `echo "$PASSWORD" | npm run user:create -- …`. */
async function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readLine();
  const first = await promptHidden("Password: ");
  const second = await promptHidden("Repeat the password: ");
  if (first !== second) throw new CliError("The two passwords differ.");
  return first;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        agency: { type: "string" },
        password: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.email === undefined || values.name === undefined || values.role === undefined) throw new CliError(`--email, --name and --role are required.\n${USAGE}`);

  const env = parseEnv();
  // check the other fields before asking for a password, with a stand-in that passes
  const candidate = { email: values.email, name: values.name, role: values.role, agency: values.agency };
  const early = UserSchema.safeParse({ ...candidate, password: "x".repeat(PASSWORD_MIN) });
  if (!early.success) throw new CliError(fieldLines(fieldErrors(early.error)));

  const password = values.password ?? (await readPassword());
  const parsed = UserSchema.safeParse({ ...candidate, password });
  if (!parsed.success) throw new CliError(fieldLines(fieldErrors(parsed.error)));

  let db: Kysely<DB> | undefined;
  try {
    db = openLocation(configuredLocation(env));
    await migrateToLatest(db);
    const id = await createUser(db, null, parsed.data);
    console.log(`Created ${parsed.data.role} ${parsed.data.email} (id ${id})`);
  } finally {
    await db?.destroy();
  }
}

main().catch((error: unknown) => {
  const reason =
    error instanceof InvalidError
      ? fieldLines(error.errors)
      : error instanceof CliError
        ? error.message
        : error instanceof Error
          ? (error.message.split("\n")[0] ?? "")
          : String(error);
  console.error(reason);
  process.exit(1);
});
