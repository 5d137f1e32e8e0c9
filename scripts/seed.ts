// npm run db:seed — migrates the configured database and loads the demo data if it is empty.
import { configuredLocation, describeLocation, migrateToLatest, openLocation } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";
import { seedDemoDataIfEmpty } from "../db/seed";

try {
  const env = parseEnv();
  const database = openLocation(configuredLocation(env));
  const applied = await migrateToLatest(database);
  if (applied.length) console.log(`Migrations applied: ${applied.join(", ")}`);
  const seeded = await seedDemoDataIfEmpty(database, { password: env.DEMO_PASSWORD, log: console.log });
  if (!seeded) console.log(`${describeLocation(configuredLocation(env))} already has data; demo data not loaded.`);
  await database.destroy();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
