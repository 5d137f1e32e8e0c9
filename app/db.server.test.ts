import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { BusyError } from "~/domain/errors";
import { inTransaction, openDatabase, takeWriteLock, unlessBusy } from "./db.server";

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

describe("a serving connection beside another process's write lock", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-db-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function serving(name: string) {
    const file = path.join(dir, name);
    const setup = openDatabase(file);
    await sql`create table kysely_migration (name text)`.execute(setup);
    await sql`create table notes (text text)`.execute(setup);
    await setup.destroy();
    return { file, db: openDatabase(file, { role: "server" }) };
  }

  const notes = (db: ReturnType<typeof openDatabase>) => sql<{ text: string }>`select text from notes`.execute(db).then(({ rows }) => rows.map((row) => row.text));

  it("lets reads through while a write waits for the lock, then writes once it is free", async () => {
    const { file, db } = await serving("waits.db");
    const other = new Database(file);
    other.exec("begin immediate");
    const order: string[] = [];
    const write = sql`insert into notes values ('after the lock')`.execute(db).then(() => order.push("write"));
    const transaction = inTransaction(db, async (trx) => {
      await sql`insert into notes values ('a use case')`.execute(trx);
      order.push("use case");
    });
    // the process is not frozen: this thread runs, and the connection answers a read meanwhile
    expect(await notes(db)).toEqual([]);
    order.push("read");
    other.exec("rollback");
    other.close();
    await Promise.all([write, transaction]);
    expect(order[0]).toBe("read");
    expect((await notes(db)).sort()).toEqual(["a use case", "after the lock"]);
    await db.destroy();
  });

  it("leaves upkeep undone at once while another process holds the lock", async () => {
    const { file, db } = await serving("upkeep.db");
    const other = new Database(file);
    other.exec("begin immediate");
    try {
      expect(await unlessBusy(db, async (trx) => void (await sql`insert into notes values ('upkeep')`.execute(trx)))).toBe(false);
    } finally {
      other.exec("rollback");
      other.close();
    }
    expect(await unlessBusy(db, async (trx) => void (await sql`insert into notes values ('upkeep')`.execute(trx)))).toBe(true);
    expect(await notes(db)).toEqual(["upkeep"]);
    await db.destroy();
  });
});
