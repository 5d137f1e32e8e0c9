import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import { migrateToLatest, openDatabase } from "~/db.server";
import type { DB } from "../../db/types";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TMP_DIR = path.join(PROJECT_ROOT, "tests", ".tmp");

export interface TestDatabase {
  path: string;
  /** A Kysely instance on the file; every instance opened here is closed by remove(). */
  open(): Kysely<DB>;
  /** Closes the connections opened by open() and deletes the file with its WAL and SHM. */
  remove(): Promise<void>;
}

/** The running test file's name ("auth" for tests/integration/auth.test.ts), for temporary files. */
export function testFileName(): string {
  const testPath = expect.getState().testPath;
  return testPath ? path.basename(testPath).replace(/\.test\.ts$/, "") : "test";
}

/** A fresh, migrated SQLite file under tests/.tmp/, named after the test file plus a random suffix. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const file = path.join(TMP_DIR, `${testFileName()}-${randomBytes(4).toString("hex")}.db`);
  const opened: Kysely<DB>[] = [];
  const open = () => {
    const db = openDatabase(file);
    opened.push(db);
    return db;
  };
  const migrator = openDatabase(file);
  await migrateToLatest(migrator);
  await migrator.destroy();
  return {
    path: file,
    open,
    async remove() {
      await Promise.all(opened.splice(0).map((db) => db.destroy()));
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    },
  };
}
