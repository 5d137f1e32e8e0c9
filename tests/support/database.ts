import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import { expect } from "vitest";
import { migrateToLatest, openDatabase } from "~/db.server";
import type { DB } from "../../db/types";
import { template, templateDirectory } from "./templates";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TMP_DIR = path.join(PROJECT_ROOT, "tests", ".tmp");

export interface TestDatabase {
  path: string;
  /** A Kysely instance on the file; every instance opened here is closed by remove(). */
  open(): Kysely<DB>;
  /** Closes the connections opened by open() and deletes the file with its WAL and SHM. */
  remove(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * The demo data (db/seed), loaded with this password for every demo account. The file is a copy
   * of a database seeded once per run and password: seeding takes seconds, copying milliseconds.
   */
  demo?: { password: string };
}

/** The running test file's name ("auth" for tests/integration/auth.test.ts), for temporary files. */
export function testFileName(): string {
  const testPath = expect.getState().testPath;
  return testPath ? path.basename(testPath).replace(/\.test\.ts$/, "") : "test";
}

/**
 * Closes a database built to be copied, with everything in its main file: the WAL checkpointed
 * into it (closing the last connection does that too) and checked to be gone, so a plain copy of
 * the file is the whole database.
 */
async function closeComplete(db: Kysely<DB>, file: string): Promise<void> {
  try {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  } finally {
    await db.destroy();
  }
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) throw new Error(`${wal} is left after closing: the template would be incomplete`);
}

/** Migrates an empty file to the latest migration, as createTestDatabase did for every file before templates. */
async function migrate(file: string): Promise<void> {
  const db = openDatabase(file);
  try {
    await migrateToLatest(db);
  } finally {
    await closeComplete(db, file);
  }
}

async function seedDemo(file: string, password: string): Promise<void> {
  // imported here: most files never seed, and the seed's modules take a while to load
  const { seedDemoData } = await import("../../db/seed");
  const db = openDatabase(file);
  try {
    await seedDemoData(db, { password });
  } finally {
    await closeComplete(db, file);
  }
}

/** This run's migrated database, migrated by the first file that asks. */
function migratedTemplate(directory: string): Promise<string> {
  return template(directory, "migrated.db", migrate);
}

/**
 * This run's migrated database with the demo data seeded with `password`, seeded by the first
 * file that asks. The seed reads today's date, so a fixed day (TINHGON_TODAY) has its own template.
 */
function demoTemplate(directory: string, password: string): Promise<string> {
  const key = createHash("sha256").update(`${password}\0${process.env.TINHGON_TODAY ?? ""}`).digest("hex").slice(0, 16);
  return template(directory, `demo-${key}.db`, async (file) => {
    fs.copyFileSync(await migratedTemplate(directory), file);
    await seedDemo(file, password);
  });
}

/**
 * A fresh, migrated SQLite file under tests/.tmp/, named after the test file plus a random suffix:
 * a copy of this run's migrated template (or of its demo template), or, in a run without the
 * global setup, migrated (and seeded) on the spot. tests/integration/migrations.test.ts migrates
 * from an empty file itself.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const file = path.join(TMP_DIR, `${testFileName()}-${randomBytes(4).toString("hex")}.db`);
  const directory = templateDirectory();
  if (directory) {
    const source = options.demo ? await demoTemplate(directory, options.demo.password) : await migratedTemplate(directory);
    fs.mkdirSync(TMP_DIR, { recursive: true });
    fs.copyFileSync(source, file);
  } else {
    await migrate(file);
    if (options.demo) await seedDemo(file, options.demo.password);
  }
  const opened: Kysely<DB>[] = [];
  const open = () => {
    const db = openDatabase(file);
    opened.push(db);
    return db;
  };
  return {
    path: file,
    open,
    async remove() {
      await Promise.all(opened.splice(0).map((db) => db.destroy()));
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    },
  };
}
