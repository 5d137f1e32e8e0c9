import { openLocation } from "~/db.server";
import { prepareSoak, type SoakPlan } from "../../scripts/soak/plan";
import { startSoakServer, type SoakServer } from "../../scripts/soak/server";
import { createTestDatabase, PROJECT_ROOT, type TestDatabase } from "./database";
import { buildDirectory, serverCommand } from "./server";

export interface SoakSetting {
  database: TestDatabase;
  plan: SoakPlan;
  server: SoakServer;
  /** Stops the server and removes the database. */
  close(): Promise<void>;
}

/**
 * The soak's world on a fresh demo database (the test run's: a SQLite file, or PostgreSQL under
 * `npm run test:pg`): its plan (users, records) and the production server serving it, as
 * `npm run soak` starts them.
 */
export async function startSoakSetting(password: string): Promise<SoakSetting> {
  const database = await createTestDatabase({ demo: { password } });
  let plan: SoakPlan;
  const db = openLocation(database.location);
  try {
    plan = await prepareSoak(db, password);
  } finally {
    await db.destroy();
  }
  const server = await startSoakServer({ command: await serverCommand(), cwd: PROJECT_ROOT, database: database.location, buildDirectory: buildDirectory() });
  return {
    database,
    plan,
    server,
    async close() {
      await server.stop();
      await database.remove();
    },
  };
}
