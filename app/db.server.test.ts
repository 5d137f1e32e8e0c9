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

describe("a use case beside another process's writes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-db-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("still writes when the other process commits between its read and its write", async () => {
    const file = path.join(dir, "snapshot.db");
    const db = openDatabase(file);
    await sql`create table kysely_migration (name text)`.execute(db);
    await sql`create table counter (n integer)`.execute(db);
    await sql`insert into counter values (0)`.execute(db);
    // the other process, here on this thread, cannot wait for a lock this thread holds: it tries again later
    const other = new Database(file, { timeout: 0 });
    let otherWrote = false;
    const otherWrites = () => {
      try {
        other.prepare("update counter set n = n + 10").run();
        otherWrote = true;
      } catch (error) {
        if (!(error instanceof Database.SqliteError && error.code === "SQLITE_BUSY")) throw error;
      }
    };
    try {
      // the import command commits while a page's use case is between its read and its write
      await inTransaction(db, async (trx) => {
        const { rows } = await sql<{ n: number }>`select n from counter`.execute(trx);
        setTimeout(otherWrites, 20);
        await new Promise((resolve) => setTimeout(resolve, 60));
        await sql`update counter set n = ${rows[0]!.n + 1}`.execute(trx);
      });
      if (!otherWrote) otherWrites();
    } finally {
      other.close();
    }
    const { rows } = await sql<{ n: number }>`select n from counter`.execute(db);
    // one after the other, both changes are there
    expect(rows[0]!.n).toBe(11);
    await db.destroy();
  });
});
