import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "~/db.server";
import { BusyError } from "~/domain/errors";
import { insertUser } from "~/models/user.server";
import { createSession, endSession, findSessionUser } from "./session.server";

// Another process (the import command, a second server process) may hold the write lock longer
// than the busy timeout. A page can still be read then: the session's bookkeeping must not turn
// it into a 500, and signing out is refused as busy (503), as every other write is.

describe("sessions while another process holds the write lock", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-session-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("still find their user when the last-seen time cannot be written, and sign out is busy", async () => {
    const file = path.join(dir, "sessions.db");
    const db = openDatabase(file);
    await migrateToLatest(db);
    const userId = await insertUser(db, { email: "viewer@tinhgon.test", name: "Người Xem", role: "viewer", agencyId: null, passwordHash: "x" });
    const token = await createSession(db, userId);
    // seen two minutes ago: this request records it seen now
    await db.updateTable("sessions").set({ last_seen_at: new Date(Date.now() - 120_000).toISOString() }).execute();
    await sql`pragma busy_timeout = 0`.execute(db);
    const other = new Database(file);
    other.exec("begin immediate");
    try {
      expect(await findSessionUser(db, token)).toMatchObject({ id: userId, email: "viewer@tinhgon.test" });
      await expect(endSession(db, token)).rejects.toBeInstanceOf(BusyError);
    } finally {
      other.exec("rollback");
      other.close();
    }
    // the lock gone, the next request records the time, and signing out ends the session
    expect(await findSessionUser(db, token)).toMatchObject({ id: userId });
    expect(Date.parse((await db.selectFrom("sessions").select("last_seen_at").executeTakeFirstOrThrow()).last_seen_at)).toBeGreaterThan(Date.now() - 10_000);
    await endSession(db, token);
    expect(await findSessionUser(db, token)).toBeNull();
    await db.destroy();
  });
});
