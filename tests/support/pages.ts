import type { Kysely } from "kysely";
import { todayIso } from "~/domain/dates";
import { SnapshotSchema } from "~/schemas/snapshot";
import { createSnapshot } from "~/services/snapshot.server";
import type { DB } from "../../db/types";
import type { ServerOptions } from "./server";

// The app's main pages on the demo data, one of each kind: the lists, a record of each kind with
// its edit form, the new-record forms, the steering pages and reports, import, search and the
// admin pages. Checks that must hold on every page (no sideways scrolling on a phone, no text of
// the other language) visit these, as an admin, who may open all of them.

/** A test that visits every main page in Chromium loads some forty pages: its own budget, not the 30 s of one step. */
export const CRAWL_TIMEOUT_MS = 180_000;

/** The demo's admin, who may open every page, with the password the demo is seeded with here. */
export const DEMO_ADMIN = { email: "admin@tinhgon.local", password: "mat-khau-demo-kiem-thu-2025" };

/** The demo data and a steering meeting frozen today, so that the snapshot pages have one to show. */
export const DEMO_WITH_MEETING: ServerOptions = { demo: { password: DEMO_ADMIN.password }, seed: holdMeeting };

/** A steering meeting frozen today by the demo's admin. */
async function holdMeeting(db: Kysely<DB>): Promise<void> {
  const admin = await db.selectFrom("users").select(["id", "role", "agency_id"]).where("email", "=", DEMO_ADMIN.email).executeTakeFirstOrThrow();
  await createSnapshot(db, admin, SnapshotSchema.parse({ title: "Phiên họp thứ nhất", held_on: "01/12/2026" }), todayIso());
}

/** The demo data's records to open; a snapshot and an upload are made by the caller when it needs their pages. */
export async function mainPages(db: Kysely<DB>): Promise<string[]> {
  const first = async <T>(query: Promise<T | undefined>, what: string): Promise<T> => {
    const row = await query;
    if (row === undefined) throw new Error(`The demo data has no ${what}`);
    return row;
  };
  // an approved proposal carried out by an amendment: its page shows the most
  const proposal = await first(
    db
      .selectFrom("proposals")
      .innerJoin("proposal_amendments", "proposal_amendments.proposal_id", "proposals.id")
      .select(["proposals.code", "proposal_amendments.amendment_id"])
      .where("proposals.status", "=", "approved")
      .orderBy("proposals.code")
      .executeTakeFirst(),
    "approved proposal with an amendment",
  );
  const submitted = await first(db.selectFrom("proposals").select("code").where("status", "=", "submitted").orderBy("code").executeTakeFirst(), "submitted proposal");
  const amendment = await first(db.selectFrom("amendments").select(["id", "legal_document_id"]).where("id", "=", proposal.amendment_id).executeTakeFirst(), "amendment");
  const decision = await first(db.selectFrom("decisions").select("id").orderBy("id").executeTakeFirst(), "decision");
  const merged = await first(db.selectFrom("agencies").select("code").where("active_to", "is not", null).orderBy("code").executeTakeFirst(), "merged agency");
  const snapshots = await db.selectFrom("snapshots").select("id").execute();
  const imports = await db.selectFrom("imports").select("id").execute();
  const agency = encodeURIComponent("BYT");
  return [
    "/dashboard",
    "/dashboard/charts",
    "/deadlines",
    "/proposals",
    "/proposals/new",
    `/proposals/${proposal.code}`,
    `/proposals/${submitted.code}`,
    `/proposals/${proposal.code}/edit`,
    "/proposals/import",
    ...imports.map((row) => `/proposals/import/${row.id}`),
    "/amendments",
    "/amendments/new",
    `/amendments/${amendment.id}`,
    "/documents",
    "/documents/new",
    `/documents/${amendment.legal_document_id}`,
    `/documents/${amendment.legal_document_id}/edit`,
    "/decisions",
    "/decisions/new",
    `/decisions/${decision.id}`,
    `/decisions/${decision.id}/edit`,
    `/reports/decisions/${decision.id}`,
    "/agencies",
    `/agencies/${agency}`,
    `/agencies/${encodeURIComponent(merged.code)}`,
    `/agencies/${agency}/succession`,
    `/agencies/${agency}/succession?kind=merge&effective_on=01/01/2030&main=BTC`,
    `/reports/agencies/${agency}`,
    "/snapshots",
    "/snapshots/new",
    ...snapshots.flatMap((row) => [`/snapshots/${row.id}`, `/reports/snapshots/${row.id}`]),
    "/search?q=giay+phep",
    "/admin/users",
    "/admin/baselines",
  ];
}
