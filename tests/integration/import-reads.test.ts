import type { Kysely } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { IMPORT_COLUMNS } from "~/services/import/layout";
import { readImportErrors, readImportPage, readImportsPage } from "~/services/import/pages.server";
import { REPORT_ERRORS_PER_PAGE } from "~/services/import/report";
import { confirmImport, discardImport, stageImport } from "~/services/import/staged.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";

// The import pages' reads as services, on a real database: what each role sees of an upload and
// may do with it (`allowed`), and a missing or another's upload as not found.

let database: TestDatabase;
let db: Kysely<DB>;
let owner: TestUser;
let colleague: TestUser;
let otherAgencyOfficer: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db);
  owner = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "owner@tinhgon.test" });
  colleague = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "colleague@tinhgon.test" });
  otherAgencyOfficer = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
  reviewer = await createUserWith(db, { role: "reviewer" });
  viewer = await createUserWith(db, { role: "viewer" });
  admin = await createUserWith(db, { role: "admin" });
});

afterAll(async () => {
  await database?.remove();
});

/** A plan of BYT rows in the import layout. */
function plan(rows: Record<string, string>[]): { name: string; bytes: Uint8Array } {
  const base: Record<string, string> = { agency: "BYT", regulation_type: "Thủ tục hành chính", action: "Bãi bỏ", proposed_change: "Bỏ" };
  const text = Papa.unparse([IMPORT_COLUMNS.map((column) => column.header), ...rows.map((row) => IMPORT_COLUMNS.map((column) => ({ ...base, ...row })[column.key] ?? ""))]);
  return { name: "ke-hoach.csv", bytes: new TextEncoder().encode(text) };
}

describe("readImportPage", () => {
  test("the uploader may confirm or discard a staged upload; an admin sees it but may do neither; anyone else finds nothing", async () => {
    const id = await stageImport(db, owner, plan([{ title: "Quy định đọc thử" }]));
    const mine = await readImportPage(db, owner, { id, page: 1 });
    expect(mine.upload).toMatchObject({ id, fileName: "ke-hoach.csv", status: "staged", committedAt: null });
    expect(mine.view?.report.counts).toEqual({ new: 1, updated: 0, unchanged: 0, invalid: 0 });
    expect(mine.allowed).toEqual({ commit: true, discard: true });
    expect(mine.offersConfirmation).toBe(true);

    expect((await readImportPage(db, admin, { id, page: 1 })).allowed).toEqual({ commit: false, discard: false });
    for (const actor of [colleague, otherAgencyOfficer, reviewer]) {
      await expect(readImportPage(db, actor, { id, page: 1 }), actor.email).rejects.toBeInstanceOf(NotFoundError);
      await expect(readImportErrors(db, actor, { id }), actor.email).rejects.toBeInstanceOf(NotFoundError);
    }
    // a viewer may not import at all
    await expect(readImportPage(db, viewer, { id, page: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("a reviewer's own upload is theirs to confirm; once committed or discarded nobody may confirm or discard it", async () => {
    const committed = await stageImport(db, reviewer, plan([{ title: "Quy định của thư ký", agency: "BTC" }]));
    expect((await readImportPage(db, reviewer, { id: committed, page: 1 })).allowed).toEqual({ commit: true, discard: true });
    expect((await confirmImport(db, reviewer, committed)).committed).toBe(true);
    const done = await readImportPage(db, reviewer, { id: committed, page: 1 });
    expect(done.upload.status).toBe("committed");
    expect(done.upload.committedAt).not.toBeNull();
    expect(done.allowed).toEqual({ commit: false, discard: false });

    const discarded = await stageImport(db, owner, plan([{ title: "Quy định bỏ đi" }]));
    await discardImport(db, owner, discarded);
    expect((await readImportPage(db, owner, { id: discarded, page: 1 })).allowed).toEqual({ commit: false, discard: false });
  });

  test("an upload with an invalid row, or one that changes nothing, is not offered for confirmation (the uploader may still discard it)", async () => {
    const invalid = await stageImport(db, owner, plan([{ title: "Quy định hợp lệ" }, { title: "Quy định của cơ quan lạ", agency: "XYZ" }]));
    const refused = await readImportPage(db, owner, { id: invalid, page: 1 });
    expect(refused.view?.report.counts.invalid).toBe(1);
    expect(refused.offersConfirmation).toBe(false);

    const first = await stageImport(db, owner, plan([{ code: "BYT-0900", title: "Quy định nhập hai lần" }]));
    expect((await confirmImport(db, owner, first)).committed).toBe(true);
    const again = await stageImport(db, owner, plan([{ code: "BYT-0900", title: "Quy định nhập hai lần" }]));
    const unchanged = await readImportPage(db, owner, { id: again, page: 1 });
    expect(unchanged.view?.report.counts).toEqual({ new: 0, updated: 0, unchanged: 1, invalid: 0 });
    expect(unchanged.offersConfirmation).toBe(false);
  });

  test("a missing upload, or a page past the report's last, is not found", async () => {
    await expect(readImportPage(db, admin, { id: 999_999, page: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readImportErrors(db, admin, { id: 999_999 })).rejects.toBeInstanceOf(NotFoundError);
    const id = await stageImport(db, owner, plan([{ title: "Một trang" }]));
    await expect(readImportPage(db, owner, { id, page: 2 })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("one page of the errors at a time; the errors read lists them all", async () => {
    const rows = Array.from({ length: REPORT_ERRORS_PER_PAGE + 20 }, (_, index) => ({ title: `Quy định ${index + 1}`, cost_before_vnd: `sai-${index + 1}` }));
    const id = await stageImport(db, owner, plan(rows));
    const second = await readImportPage(db, owner, { id, page: 2 });
    expect(second.view?.errorPage).toEqual({ page: 2, pageSize: REPORT_ERRORS_PER_PAGE, listed: REPORT_ERRORS_PER_PAGE + 20 });
    expect(second.view?.report.errors.map((error) => error.value)).toEqual(Array.from({ length: 20 }, (_, index) => `sai-${REPORT_ERRORS_PER_PAGE + index + 1}`));
    expect(second.allowed).toEqual({ commit: true, discard: true });
    const all = await readImportErrors(db, owner, { id });
    expect(all.fileName).toBe("ke-hoach.csv");
    expect(all.errors).toHaveLength(REPORT_ERRORS_PER_PAGE + 20);
    expect((await readImportErrors(db, admin, { id })).errors).toHaveLength(REPORT_ERRORS_PER_PAGE + 20);
  });
});

describe("readImportsPage", () => {
  test("each lists their own uploads, an admin everyone's; an officer is told their agency; a viewer may not import", async () => {
    const ids = async (actor: TestUser) => (await readImportsPage(db, actor)).imports.map((item) => item.id);
    const own = await stageImport(db, colleague, plan([{ title: "Của đồng nghiệp" }]));
    expect(await ids(colleague)).toEqual([own]);
    expect(await ids(otherAgencyOfficer)).toEqual([]);
    expect(await ids(admin)).toContain(own);
    expect(await ids(reviewer)).not.toContain(own);

    const officerPage = await readImportsPage(db, colleague);
    expect(officerPage.ownAgency).toBe("BYT");
    expect(officerPage.allowed).toEqual({ upload: true });
    expect(officerPage.imports[0]).toMatchObject({ id: own, file_name: "ke-hoach.csv", status: "staged", actor_name: colleague.name });
    expect((await readImportsPage(db, otherAgencyOfficer)).ownAgency).toBe("BTC");
    for (const actor of [reviewer, admin]) {
      const page = await readImportsPage(db, actor);
      expect(page.ownAgency).toBeNull();
      expect(page.allowed).toEqual({ upload: true });
    }
    await expect(readImportsPage(db, viewer)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
