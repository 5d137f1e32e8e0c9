import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { sharedPasswordHasher } from "../../app/auth/password.server";
import { createUser } from "../../app/services/user.server";
import type { DB } from "../../db/types";

// Who takes part in a soak and what they work on, prepared on a database with the demo data
// (db/seed) before the server starts: two officers of each of three agencies, the demo reviewer,
// two viewers and an officer who imports, each created through the user service as an admin
// would; the pages the readers load; and where every record stood, so the checker can tell
// what the soak changed.

export const SOAK_AGENCIES = ["BYT", "BTC", "BCT"] as const;

export interface SoakAccount {
  email: string;
  agency: string | null;
}

export interface SoakPlan {
  /** Every account's password (the demo's, which the soak's own accounts share). */
  password: string;
  /** A prefix that makes every token this soak writes unique in the database. */
  runId: string;
  officers: SoakAccount[];
  reviewer: SoakAccount;
  viewers: SoakAccount[];
  importer: SoakAccount;
  /** Each agency's amendments, the ones its officers move through their stages. */
  amendments: Record<string, number[]>;
  /** The decision the reviewer approves under: its id and number. */
  decision: { id: number; number: string };
  /** Pages the readers load, by kind. */
  reads: { kind: string; path: string }[];
  /** The last history event before the soak: everything after it is the soak's. */
  lastEventId: number;
  /** Every proposal's and amendment's version before the soak, by id. */
  versions: { proposals: Record<number, number>; amendments: Record<number, number> };
}

/** Adds the soak's accounts to a demo database and reads what the soak will work on. */
export async function prepareSoak(db: Kysely<DB>, password: string): Promise<SoakPlan> {
  const hash = sharedPasswordHasher();
  const account = async (email: string, role: "officer" | "viewer", agency: string | null): Promise<SoakAccount> => {
    await createUser(db, null, { email, name: `Soak ${email.split("@")[0]}`, role, agency, password }, { hash });
    return { email, agency };
  };
  const officers: SoakAccount[] = [];
  for (const agency of SOAK_AGENCIES) {
    for (const who of ["a", "b"]) officers.push(await account(`soak.${who}.${agency.toLowerCase()}@tinhgon.local`, "officer", agency));
  }
  const viewers = [{ email: "viewer@tinhgon.local", agency: null }, await account("soak.viewer@tinhgon.local", "viewer", null)];
  const importer = await account("soak.importer.byt@tinhgon.local", "officer", "BYT");

  const amendments: Record<string, number[]> = {};
  for (const agency of SOAK_AGENCIES) {
    const rows = await db
      .selectFrom("amendments")
      .innerJoin("agencies", "agencies.id", "amendments.agency_id")
      .select("amendments.id")
      .where("agencies.code", "=", agency)
      .orderBy("amendments.id")
      .execute();
    amendments[agency] = rows.map((row) => row.id);
  }
  const decision = await db.selectFrom("decisions").select(["id", "number"]).orderBy("signed_on", "desc").executeTakeFirstOrThrow();
  const first = async <T>(query: Promise<T | undefined>): Promise<T> => {
    const row = await query;
    if (!row) throw new Error("The soak needs the demo data (db/seed)");
    return row;
  };
  const proposal = await first(db.selectFrom("proposals").select("code").where("status", "=", "approved").orderBy("id").executeTakeFirst());
  const document = await first(db.selectFrom("legal_documents").select("id").orderBy("id").executeTakeFirst());
  const amendment = await first(db.selectFrom("amendments").select("id").orderBy("id").executeTakeFirst());
  const snapshot = await first(db.selectFrom("snapshots").select("id").orderBy("id").executeTakeFirst());
  const reads = [
    { kind: "dashboard", path: "/dashboard" },
    { kind: "dashboard", path: "/dashboard?agency=BYT" },
    { kind: "charts", path: "/dashboard/charts" },
    { kind: "list", path: "/proposals?status=approved&agency=BTC" },
    { kind: "list", path: "/proposals?implementation=overdue" },
    { kind: "list", path: "/amendments?overdue=1" },
    { kind: "list", path: "/documents?status=in_force" },
    { kind: "detail", path: `/proposals/${proposal.code}` },
    { kind: "detail", path: `/amendments/${amendment.id}` },
    { kind: "detail", path: `/documents/${document.id}` },
    { kind: "deadlines", path: "/deadlines?all=1" },
    { kind: "search", path: `/search?${new URLSearchParams({ q: "giay phep" })}` },
    { kind: "search", path: `/proposals?${new URLSearchParams({ q: "đơn giản" })}` },
    { kind: "report", path: `/reports/decisions/${decision.id}` },
    { kind: "report", path: "/reports/agencies/BYT" },
    { kind: "report", path: `/reports/snapshots/${snapshot.id}` },
    { kind: "decisions", path: "/decisions" },
    { kind: "decisions", path: `/decisions/${decision.id}` },
    { kind: "agencies", path: "/agencies" },
    { kind: "agencies", path: "/agencies/BCT" },
    { kind: "snapshots", path: "/snapshots" },
    { kind: "snapshots", path: `/snapshots/${snapshot.id}` },
    { kind: "export", path: "/proposals/export.csv?agency=BYT" },
    { kind: "export", path: "/proposals/export.xlsx?status=approved" },
    { kind: "export", path: "/amendments/export.xlsx" },
    { kind: "export", path: "/deadlines/export.csv?all=1" },
    { kind: "export", path: `/decisions/${decision.id}/report.xlsx` },
    { kind: "export", path: "/agencies/BYT/report.xlsx" },
  ];

  const lastEventId = (await db.selectFrom("events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst())?.id ?? 0;
  const versionsOf = async (table: "proposals" | "amendments") =>
    Object.fromEntries((await db.selectFrom(table).select(["id", "version"]).execute()).map((row) => [row.id, row.version]));
  return {
    password,
    runId: randomBytes(3).toString("hex"),
    officers,
    reviewer: { email: "reviewer@tinhgon.local", agency: null },
    viewers,
    importer,
    amendments,
    decision,
    reads,
    lastEventId,
    versions: { proposals: await versionsOf("proposals"), amendments: await versionsOf("amendments") },
  };
}
