import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dialectOf } from "~/db.server";
import { lastProposalSequence } from "~/models/proposal.server";
import { blobBytes, contains, monthOf, textBytes, withSavepoint } from "~/models/sql.server";
import type { DB } from "../../db/types";
import { bothDatabases, type BothDatabases } from "../support/both-databases";

// The named SQL functions (app/models/sql.server.ts) give the same answers on both databases,
// on the same rows: where the two write it differently, the function says which it is talking
// to (dialectOf) and writes each database's own.

let both: BothDatabases;

async function arrange(db: Kysely<DB>): Promise<void> {
  await sql`insert into agencies (code, name_vi, name_en, kind) values ('BYT', 'Bộ Y tế', 'Ministry of Health', 'ministry')`.execute(db);
  const proposal = (code: string, title: string) =>
    sql`insert into proposals (code, agency_id, original_agency_id, regulation_type, title, action, proposed_change, status, created_at)
        values (${code}, 1, 1, 'other', ${title}, 'abolish', 'Bỏ', 'draft', '2026-11-30T08:00:00.000Z')`.execute(db);
  // the tails a code may have: digits, digits then letters, none
  for (const [code, title] of [
    ["BYT-0042", "Giấy phép"],
    ["BYT-0100", "Đăng ký"],
    ["BYT-250A", "Chứng chỉ"],
    ["BYT-X", "Khác"],
    ["BYTE-9000", "Another agency's prefix"],
  ]) {
    await proposal(code!, title!);
  }
  for (const key of ["15/2018/ND-CP", "15_2018%ND-CP", "115/2018/ND-CP"]) {
    await sql`insert into legal_documents (number, number_key, doc_type, status) values (${key}, ${key}, 'decree', 'in_force')`.execute(db);
  }
  await sql`insert into users (email, name, role, password_hash) values ('a@tinhgon.test', 'A', 'admin', 'x')`.execute(db);
  await sql`insert into imports (actor_id, file_name, file_sha256, file_size, file, status, created_at, report)
            values (1, 'kế hoạch.xlsx', 'x', 3, ${Buffer.from([1, 2, 3])}, 'staged', '2026-12-06T00:00:00.000Z', 'Bộ Y tế')`.execute(db);
}

beforeAll(async () => {
  both = await bothDatabases(arrange);
});

afterAll(() => both?.remove());

const onBoth = <T>(read: (db: Kysely<DB>) => Promise<T>) => both.onBoth(read);

describe("on SQLite and on PostgreSQL", () => {
  test("each connection, and each of its transactions, knows its database", async () => {
    expect(await onBoth(async (db) => [dialectOf(db), await db.transaction().execute(async (trx) => dialectOf(trx))])).toEqual({
      sqlite: ["sqlite", "sqlite"],
      postgres: ["postgres", "postgres"],
    });
  });

  test("the last sequence number of an agency's codes reads the digits a tail begins with", async () => {
    expect(await onBoth((db) => lastProposalSequence(db, "BYT"))).toEqual({ sqlite: 250, postgres: 250 });
    expect(await onBoth((db) => lastProposalSequence(db, "BTC"))).toEqual({ sqlite: 0, postgres: 0 });
  });

  test("contains takes % and _ literally", async () => {
    const found = (text: string) =>
      onBoth(async (db) => (await db.selectFrom("legal_documents").select("number_key").where(contains("number_key", text)).orderBy("number_key").execute()).map((row) => row.number_key));
    expect(await found("15/2018")).toEqual({ sqlite: ["115/2018/ND-CP", "15/2018/ND-CP"], postgres: ["115/2018/ND-CP", "15/2018/ND-CP"] });
    expect(await found("_2018%")).toEqual({ sqlite: ["15_2018%ND-CP"], postgres: ["15_2018%ND-CP"] });
  });

  test("the month of a stored time, and the bytes of a file and of a text", async () => {
    const read = (db: Kysely<DB>) =>
      db
        .selectFrom("imports")
        .select([blobBytes("file").as("file"), textBytes("report").as("report"), textBytes("committed_at").as("none")])
        .executeTakeFirstOrThrow();
    // "Bộ Y tế": 7 characters, 11 bytes in UTF-8
    expect(await onBoth(read)).toEqual({ sqlite: { file: 3, report: 11, none: 0 }, postgres: { file: 3, report: 11, none: 0 } });
    const months = (db: Kysely<DB>) => db.selectFrom("proposals").select(monthOf("created_at").as("month")).distinct().execute();
    expect(await onBoth(months)).toEqual({ sqlite: [{ month: "2026-11" }], postgres: [{ month: "2026-11" }] });
  });

  test("a savepoint rolled back undoes only its own writes, and the transaction goes on", async () => {
    const titles = await onBoth(async (db) => {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("proposals").set({ title: "Trước" }).where("code", "=", "BYT-0042").execute();
        await expect(
          withSavepoint(trx, "row_1", async () => {
            await trx.updateTable("proposals").set({ title: "Bỏ đi" }).where("code", "=", "BYT-0100").execute();
            throw new Error("the row is refused");
          }),
        ).rejects.toThrow("the row is refused");
      });
      return (await db.selectFrom("proposals").select("title").where("code", "in", ["BYT-0042", "BYT-0100"]).orderBy("code").execute()).map((row) => row.title);
    });
    expect(titles).toEqual({ sqlite: ["Trước", "Đăng ký"], postgres: ["Trước", "Đăng ký"] });
  });
});
