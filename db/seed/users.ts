import type { Transaction } from "kysely";
import { sharedPasswordHasher } from "~/auth/password.server";
import { atMoment } from "~/clock.server";
import type { Actor } from "~/domain/permissions";
import { foldVietnamese } from "~/domain/text";
import type { Role } from "~/domain/vocabulary";
import { PASSWORD_MIN, UserSchema } from "~/schemas/user";
import { createUser } from "~/services/user.server";
import type { DB } from "../types";
import type { SeedAgency } from "./agencies";
import { parseInput } from "./forms";

export interface DemoAccount extends Actor {
  email: string;
  name: string;
  agencyCode: string | null;
}

export interface DemoAccounts {
  admin: DemoAccount;
  reviewer: DemoAccount;
  viewer: DemoAccount;
  /** One officer per agency with proposals, by agency code. */
  officers: Map<string, DemoAccount>;
  all: DemoAccount[];
}

const NAMES = [
  "Nguyễn Thị Thu Hà",
  "Trần Quốc Bảo",
  "Lê Thị Minh Châu",
  "Phạm Văn Dũng",
  "Hoàng Thị Giang",
  "Vũ Đức Hải",
  "Đặng Thị Hồng Nhung",
  "Bùi Thanh Hùng",
  "Đỗ Thị Lan Anh",
  "Ngô Văn Long",
  "Dương Thị Mai",
  "Lý Hoàng Nam",
  "Phan Thị Ngọc Bích",
  "Trịnh Văn Phúc",
  "Đinh Thị Quỳnh",
  "Hồ Minh Quân",
  "Mai Thị Thảo",
  "Tạ Văn Thắng",
  "Lương Thị Uyên",
  "Cao Văn Vinh",
  "Châu Thị Xuân",
  "Kiều Văn Yên",
];

/** officer.bkhdt@tinhgon.local for BKHĐT: the agency code folded to ASCII, lower case. */
export function officerEmail(agencyCode: string): string {
  return `officer.${foldVietnamese(agencyCode).replace(/[^a-z0-9]/g, "")}@tinhgon.local`;
}

/**
 * Creates the demo accounts through the user service, one after another, so their ids are the
 * same on every run. They share one password, hashed once (a hash takes a few hundred ms).
 */
export async function createDemoUsers(
  trx: Transaction<DB>,
  agencies: Map<string, SeedAgency>,
  officerAgencies: readonly string[],
  password: string,
  /** The moment an account is created: the program's start, or its agency's first day. */
  createdAt: (agency: SeedAgency | undefined) => Date,
): Promise<DemoAccounts> {
  if (password.length < PASSWORD_MIN) {
    throw new Error(`DEMO_PASSWORD must be at least ${PASSWORD_MIN} characters, the minimum of the user form`);
  }
  const all: DemoAccount[] = [];
  const hash = sharedPasswordHasher();
  const create = async (email: string, role: Role, agencyCode: string | null): Promise<DemoAccount> => {
    const name = NAMES[all.length % NAMES.length] ?? email;
    const input = parseInput(UserSchema, { email, name, role, agency: agencyCode ?? "", password }, email);
    const agency = agencyCode ? agencies.get(agencyCode) : undefined;
    const id = await atMoment(createdAt(agency), () => createUser(trx, null, input, { hash }));
    const agencyId = agency?.id ?? null;
    const account = { id, email, name, role, agency_id: role === "officer" ? agencyId : null, agencyCode };
    all.push(account);
    return account;
  };
  const admin = await create("admin@tinhgon.local", "admin", null);
  const reviewer = await create("reviewer@tinhgon.local", "reviewer", null);
  const viewer = await create("viewer@tinhgon.local", "viewer", null);
  const officers = new Map<string, DemoAccount>();
  for (const code of officerAgencies) officers.set(code, await create(officerEmail(code), "officer", code));
  return { admin, reviewer, viewer, officers, all };
}

/** The accounts with the agencies they belong to now: officers of a merged-away agency moved to its successor. */
export async function currentAgencies(trx: Transaction<DB>, accounts: DemoAccount[]): Promise<DemoAccount[]> {
  const rows = await trx
    .selectFrom("users")
    .leftJoin("agencies", "agencies.id", "users.agency_id")
    .select(["users.id", "users.agency_id", "agencies.code"])
    .where(
      "users.id",
      "in",
      accounts.map((account) => account.id),
    )
    .execute();
  return accounts.map((account) => {
    const row = rows.find((r) => r.id === account.id);
    return row ? { ...account, agency_id: row.agency_id, agencyCode: row.code } : account;
  });
}
