import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import { expect } from "vitest";
import { migrateToLatest, openDatabase, openLocation, takeWriteLock, type DatabaseLocation } from "~/db.server";
import type { DB } from "../../db/types";
import { asAdministrator, databaseUrl } from "./postgres";
import { runPostgres } from "./run-postgres";
import { template, templateDirectory } from "./templates";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TMP_DIR = path.join(PROJECT_ROOT, "tests", ".tmp");

export interface TestDatabase {
  /** Where the database is: a SQLite file under `npm test`, a PostgreSQL database under `npm run test:pg`. */
  location: DatabaseLocation;
  /**
   * The SQLite file, for the tests that are about SQLite's file itself (a second connection
   * holding its write lock, a crash's effect on it); on PostgreSQL it throws, naming the test.
   */
  path: string;
  /** A Kysely instance on the database; every instance opened here is closed by remove(). */
  open(): Kysely<DB>;
  /** Closes the connections opened by open() and deletes the database (SQLite's file with its WAL and SHM). */
  remove(): Promise<void>;
}

/** The database the tests run on: PostgreSQL under `npm run test:pg` (its global setup provides a server), else SQLite. */
export function testBackend(): "sqlite" | "postgres" {
  return runPostgres() ? "postgres" : "sqlite";
}

/** The SQLite file of `location`; a test that needs one says so when the run is on PostgreSQL. */
export function sqliteFile(location: DatabaseLocation): string {
  if ("path" in location) return location.path;
  throw new Error(`${testFileName()} holds SQLite's file itself, and this run is on PostgreSQL: give the test its PostgreSQL counterpart`);
}

export interface TestDatabaseOptions {
  /**
   * The demo data (db/seed), loaded with this password for every demo account. The file is a copy
   * of a database seeded once per run and password: seeding takes seconds, copying milliseconds.
   */
  demo?: { password: string };
  /** An empty database, not migrated, for the tests of the migrations themselves. */
  empty?: boolean;
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

/** A demo template's name: its password's, and the fixed day's (TINHGON_TODAY) if any, since the seed reads today's date. */
function templateKey(password: string): string {
  return createHash("sha256").update(`${password}\0${process.env.TINHGON_TODAY ?? ""}`).digest("hex").slice(0, 16);
}

/**
 * This run's migrated database with the demo data seeded with `password`, seeded by the first
 * file that asks. The seed reads today's date, so a fixed day (TINHGON_TODAY) has its own template.
 */
function demoTemplate(directory: string, password: string): Promise<string> {
  return template(directory, `demo-${templateKey(password)}.db`, async (file) => {
    fs.copyFileSync(await migratedTemplate(directory), file);
    await seedDemo(file, password);
  });
}

/**
 * A fresh, migrated database of the test file's own: under `npm test` a SQLite file under
 * tests/.tmp/, named after the test file plus a random suffix, a copy of this run's migrated
 * template (or of its demo template), or, in a run without the global setup, migrated (and
 * seeded) on the spot; under `npm run test:pg` a PostgreSQL database copied from the run's
 * template database the same way. `empty`: neither migrated nor seeded.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const postgres = runPostgres();
  if (postgres) return createPostgresTestDatabase(postgres, options);
  const file = path.join(TMP_DIR, `${testFileName()}-${randomBytes(4).toString("hex")}.db`);
  const directory = templateDirectory();
  fs.mkdirSync(TMP_DIR, { recursive: true });
  if (options.empty) {
    // SQLite makes the file when it is first opened
  } else if (directory) {
    const source = options.demo ? await demoTemplate(directory, options.demo.password) : await migratedTemplate(directory);
    fs.copyFileSync(source, file);
  } else {
    await migrate(file);
    if (options.demo) await seedDemo(file, options.demo.password);
  }
  return openedTestDatabase({ path: file }, async () => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  });
}

/**
 * The write lock of the database at `location`, taken as the app takes it (takeWriteLock: SQLite's
 * write lock, PostgreSQL's advisory lock) on a connection of its own, another process's as far as
 * the app can tell, and held until release(), which rolls back, as an import that failed.
 */
export async function holdWriteLock(location: DatabaseLocation): Promise<{ release(): Promise<void> }> {
  const other = openLocation(location);
  const rollback = new Error("released");
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let taken = () => undefined as void;
  const held = new Promise<void>((resolve) => (taken = resolve));
  const transaction = other
    .transaction()
    .execute(async (trx) => {
      await takeWriteLock(trx);
      taken();
      await released;
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  await Promise.race([held, transaction]);
  return {
    async release() {
      release();
      await transaction;
      await other.destroy();
    },
  };
}

/** The TestDatabase at `location`, whose remove() closes what open() opened and then runs `drop`. */
function openedTestDatabase(location: DatabaseLocation, drop: () => Promise<void>): TestDatabase {
  const opened: Kysely<DB>[] = [];
  return {
    location,
    get path() {
      return sqliteFile(location);
    },
    open() {
      const db = openLocation(location);
      opened.push(db);
      return db;
    },
    async remove() {
      await Promise.all(opened.splice(0).map((db) => db.destroy()));
      await drop();
    },
  };
}

// PostgreSQL's templates are databases on the run's server, built once per run by the first file
// that asks (a session lock on the template's name keeps the run's other forks waiting meanwhile)
// and copied by CREATE DATABASE … TEMPLATE, which copies files as SQLite's templates are copied.

type RunServer = { url: string; prefix: string };

const postgresTemplates = new Map<string, Promise<string>>();

/** The run's database `name`, built by `build(url)` under a name of its own and renamed into place when complete. */
function postgresTemplate(server: RunServer, name: string, build: (url: string) => Promise<void>): Promise<string> {
  const target = `${server.prefix}${name}`;
  let pending = postgresTemplates.get(target);
  if (!pending) {
    pending = asAdministrator(server.url, async (client) => {
      await client.query("select pg_advisory_lock(hashtext($1))", [target]);
      try {
        const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [target]);
        if (rowCount) return target;
        const partial = `${target}_${randomBytes(4).toString("hex")}`;
        await client.query(`create database "${partial}"`);
        try {
          await build(databaseUrl(server.url, partial));
          await client.query(`alter database "${partial}" rename to "${target}"`);
        } catch (error) {
          await client.query(`drop database if exists "${partial}" with (force)`);
          throw error;
        }
        return target;
      } finally {
        await client.query("select pg_advisory_unlock(hashtext($1))", [target]);
      }
    });
    postgresTemplates.set(target, pending);
    pending.catch(() => postgresTemplates.delete(target));
  }
  return pending;
}

/** Migrates the database at `url` (and seeds the demo data with `password`), then closes it: a template may have no connection. */
async function buildPostgresTemplate(url: string, password?: string): Promise<void> {
  const db = openLocation({ url });
  try {
    await migrateToLatest(db);
    if (password !== undefined) {
      const { seedDemoData } = await import("../../db/seed");
      await seedDemoData(db, { password });
    }
  } finally {
    await db.destroy();
  }
}

async function createPostgresTestDatabase(server: RunServer, options: TestDatabaseOptions): Promise<TestDatabase> {
  const { demo } = options;
  let source: string;
  if (options.empty) source = "template0";
  else if (demo) source = await postgresTemplate(server, `demo_${templateKey(demo.password)}`, (url) => buildPostgresTemplate(url, demo.password));
  else source = await postgresTemplate(server, "migrated", (url) => buildPostgresTemplate(url));
  const name = `${server.prefix}${testFileName().replace(/[^a-z0-9]+/gi, "_").toLowerCase().slice(0, 24)}_${randomBytes(4).toString("hex")}`;
  await asAdministrator(server.url, (client) => client.query(`create database "${name}" template "${source}"`));
  return openedTestDatabase({ url: databaseUrl(server.url, name) }, async () => {
    await asAdministrator(server.url, (client) => client.query(`drop database if exists "${name}" with (force)`));
  });
}
