// npm run db:migrate — applies pending migrations to DATABASE_PATH.
import { migrateToLatest, openDatabase } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";

try {
  const env = parseEnv();
  const database = openDatabase(env.DATABASE_PATH);
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  await database.destroy();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
