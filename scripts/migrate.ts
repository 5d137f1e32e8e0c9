// npm run db:migrate — applies pending migrations to the configured database (DATABASE_URL, else DATABASE_PATH).
import { configuredLocation, migrateToLatest, openLocation } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";

try {
  const env = parseEnv();
  const database = openLocation(configuredLocation(env));
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  await database.destroy();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
