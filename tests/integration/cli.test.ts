import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import type { DatabaseLocation } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { runScript } from "../support/cli";
import { createAgencies } from "../support/factories";
import type { DB } from "../../db/types";

// `npm run user:create`: the command line that makes the first admin of a deployment. Run as a
// real process on its own database, the way an operator runs it.

/** Runs scripts/create-user.ts with `args`; `stdin` (if given) is piped in, so stdin is not a TTY. */
function createUser(database: DatabaseLocation, args: string[], stdin?: string) {
  return runScript("create-user.ts", database, args, stdin);
}

let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db);
});

afterAll(async () => {
  await database?.remove();
});

function userByEmail(email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

async function userCount(): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

describe("npm run user:create", () => {
  test("creates an admin on a database that is still empty (SQLite: a file that does not exist yet), migrating it first; the password is stored as a scrypt hash", async () => {
    const fresh = await createTestDatabase({ empty: true });
    try {
      const password = "mat-khau-quan-tri-dau-tien";
      const run = await createUser(fresh.location, ["--email", "Quantri@Tinhgon.Gov.Vn", "--name", "Quản Trị Đầu Tiên", "--role", "admin", "--password", password]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Created admin quantri@tinhgon\.gov\.vn \(id 1\)\n$/);

      const freshDb = fresh.open();
      {
        const user = await freshDb.selectFrom("users").selectAll().where("email", "=", "quantri@tinhgon.gov.vn").executeTakeFirstOrThrow();
        expect(user).toMatchObject({ name: "Quản Trị Đầu Tiên", role: "admin", agency_id: null, active: 1 });
        expect(user.password_hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
        expect(user.password_hash).not.toContain(password);
        expect(await verifyPassword(password, user.password_hash)).toBe(true);
        expect(await verifyPassword("mat-khau-khac-hoan-toan", user.password_hash)).toBe(false);
      }
    } finally {
      await fresh.remove();
    }
  });

  test("creates an officer of an agency", async () => {
    const run = await createUser(database.location, [
      "--email", "canbo.btc@mof.gov.vn", "--name", "Nguyễn Văn Tài", "--role", "officer", "--agency", "btc", "--password", "mat-khau-can-bo-btc",
    ]);
    expect(run.code).toBe(0);
    const agency = await db.selectFrom("agencies").select("id").where("code", "=", "BTC").executeTakeFirstOrThrow();
    expect(await userByEmail("canbo.btc@mof.gov.vn")).toMatchObject({ role: "officer", agency_id: agency.id });
  });

  test("a short password: exit 1 with one line naming the field; nothing stored", async () => {
    const before = await userCount();
    const run = await createUser(database.location, ["--email", "ngan@tinhgon.gov.vn", "--name", "Mật Khẩu Ngắn", "--role", "viewer", "--password", "ngan123"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("password: The password must have at least 10 characters.\n");
    expect(run.stdout).toBe("");
    expect(await userCount()).toBe(before);
  });

  test("an officer without --agency: exit 1 naming the agency field; nothing stored", async () => {
    const before = await userCount();
    const run = await createUser(database.location, ["--email", "khongbo@tinhgon.gov.vn", "--name", "Không Bộ", "--role", "officer", "--password", "mat-khau-du-dai-roi"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("agency: A ministry officer must belong to an agency.\n");
    expect(await userCount()).toBe(before);
  });

  test.each([
    ["an unknown agency", ["--email", "bola@tinhgon.gov.vn", "--name", "Bộ Lạ", "--role", "officer", "--agency", "XYZ"], "agency: No such agency.\n"],
    ["an email already in use", ["--email", "canbo.btc@mof.gov.vn", "--name", "Trùng Email", "--role", "viewer"], "email: This email is already in use.\n"],
    ["an unknown role", ["--email", "vaitro@tinhgon.gov.vn", "--name", "Vai Trò Lạ", "--role", "superuser"], "role: Not a valid choice.\n"],
  ])("%s: exit 1 with the reason; nothing stored", async (_case, args, reason) => {
    const before = await userCount();
    const run = await createUser(database.location, [...args, "--password", "mat-khau-du-dai-roi"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(reason);
    expect(await userCount()).toBe(before);
  });

  test("missing required options: exit 1 with the usage line", async () => {
    const run = await createUser(database.location, ["--email", "thieu@tinhgon.gov.vn"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--email, --name and --role are required.");
    expect(run.stderr).toContain("Usage: npm run user:create");
  });

  test("without --password and with stdin not a terminal, the password is the first line piped in", async () => {
    const run = await createUser(
      database.location,
      ["--email", "thuky@vpcp.gov.vn", "--name", "Trần Thư Ký", "--role", "reviewer"],
      "mat-khau-tu-stdin-2026\nthis second line is ignored\n",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created reviewer thuky@vpcp\.gov\.vn \(id \d+\)\n$/);
    const user = await userByEmail("thuky@vpcp.gov.vn");
    expect(user?.role).toBe("reviewer");
    expect(await verifyPassword("mat-khau-tu-stdin-2026", user!.password_hash)).toBe(true);
  });

  test("a short password piped in is refused like a typed one", async () => {
    const before = await userCount();
    const run = await createUser(database.location, ["--email", "ngan2@tinhgon.gov.vn", "--name", "Ngắn Hai", "--role", "viewer"], "ngan\n");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("password: The password must have at least 10 characters.\n");
    expect(await userCount()).toBe(before);
  });
});
