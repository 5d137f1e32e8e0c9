// npm run db:seed — migrates DATABASE_PATH and loads the demo data if the database is empty.
import { migrateToLatest, openDatabase } from "../app/db.server";
import { EnvError, parseEnv } from "../app/env.server";
import { seedDemoDataIfEmpty } from "../db/seed";

try {
  const env = parseEnv();
  const database = openDatabase(env.DATABASE_PATH);
  const applied = await migrateToLatest(database);
  if (applied.length) console.log(`Migrations applied: ${applied.join(", ")}`);
  const seeded = await seedDemoDataIfEmpty(database, { password: env.DEMO_PASSWORD, log: console.log });
  if (!seeded) console.log(`${env.DATABASE_PATH} already has data; demo data not loaded.`);
  await database.destroy();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
