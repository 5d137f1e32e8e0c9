import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { migrateToLatest, openDatabase, optimizeDatabase } from "../../app/db.server";
import { createUser } from "../../app/services/user.server";
import { insertAgencies } from "../../db/seed/agencies";
import type { DB } from "../../db/types";
import { generateData, type Volume } from "../generate-data";

// The bench's and the profile's database: generated once at a volume and kept (generating
// 100,000 proposals takes about a minute), then copied for each run, since a run writes to it
// (sessions, the 50,000-row import of the stall measurement). On PostgreSQL the same file is
// copied in once (scripts/bench/database.ts).

export const FULL: Volume = { proposals: 100_000, documents: 30_000, amendments: 50_000 };
export const QUICK: Volume = { proposals: 10_000, documents: 3_000, amendments: 5_000 };

export const REVIEWER = { email: "bench.reviewer@tinhgon.local", password: "bench-password-1" };

/** Where a volume's generated database is kept between runs unless --database names one. */
export function defaultDatabaseFile(volume: Volume): string {
  return path.resolve("bench-results", `data-${volume.proposals}-${volume.documents}-${volume.amendments}.db`);
}

/** The file, generated at `volume` when it does not exist yet. */
export async function ensureDatabase(file: string, volume: Volume, log: (line: string) => void): Promise<void> {
  if (fs.existsSync(file)) return;
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const db = openDatabase(partial);
  const started = performance.now();
  try {
    await migrateToLatest(db);
    await db.transaction().execute((trx) => insertAgencies(trx));
    await generateData(db, volume);
    await optimizeDatabase(db);
  } finally {
    await db.destroy();
  }
  // only a finished database gets the name a later run reuses
  fs.renameSync(partial, file);
  log(`generated ${volume.proposals} proposals, ${volume.documents} documents, ${volume.amendments} amendments into ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export interface RunDatabase {
  file: string;
  /** Removes the copy. */
  remove(): void;
}

/** A copy of `source` for one run, with the bench's reviewer (created as scripts/bench.ts does). */
export async function runDatabase(source: string): Promise<RunDatabase> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-load-"));
  const file = path.join(directory, "bench.db");
  fs.copyFileSync(source, file);
  const db = openDatabase(file);
  try {
    await readyForRun(db);
  } finally {
    await db.destroy();
  }
  return { file, remove: () => fs.rmSync(directory, { recursive: true, force: true }) };
}

/** A run's copy migrated to this code, with the bench's reviewer (on either database). */
export async function readyForRun(db: Kysely<DB>): Promise<void> {
  await migrateToLatest(db);
  const existing = await db.selectFrom("users").select("id").where("email", "=", REVIEWER.email).executeTakeFirst();
  if (!existing) await createUser(db, null, { email: REVIEWER.email, name: "Bench", role: "reviewer", agency: null, password: REVIEWER.password });
}

/** The session cookie of the bench's reviewer. */
export async function signIn(origin: string): Promise<string> {
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(REVIEWER),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (login.status !== 302 && login.status !== 303) throw new Error(`sign-in answered ${login.status}`);
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}
