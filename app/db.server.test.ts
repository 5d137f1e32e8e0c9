import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { BusyError } from "~/domain/errors";
import { inTransaction, openDatabase, takeWriteLock } from "./db.server";

describe("inTransaction", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-db-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("answers a database another writer keeps locked past the busy timeout with a BusyError", async () => {
    const file = path.join(dir, "busy.db");
    const db = openDatabase(file);
    await sql`create table kysely_migration (name text)`.execute(db);
    await sql`pragma busy_timeout = 0`.execute(db);
    const other = new Database(file);
    other.exec("begin immediate");
    try {
      const error = await inTransaction(db, (trx) => takeWriteLock(trx)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BusyError);
      expect((error as BusyError).retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      other.exec("rollback");
      other.close();
    }
    // once the other writer is done, the same use case goes through
    await expect(inTransaction(db, (trx) => takeWriteLock(trx))).resolves.toBeUndefined();
    await db.destroy();
  });
});
