import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { DashboardParams } from "~/schemas/dashboard";
import { DeadlineParams, SteeringScopeParams } from "~/schemas/list-params";
import { readAgencies, readAgency, readAgencyReport } from "~/services/agency-pages.server";
import { readBaselines } from "~/services/baseline.server";
import { readCharts, readDashboard } from "~/services/dashboard.server";
import { readDeadlines } from "~/services/deadline.server";
import { readSearch } from "~/services/search.server";
import { createSnapshot, readSnapshot, readSnapshotReport, readSnapshots } from "~/services/snapshot.server";
import { readDecisionReport } from "~/services/decision-pages.server";
import { readSuccession } from "~/services/succession-pages.server";
import { getManagedUser, readUsers } from "~/services/user.server";
import type { DB } from "../../db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";

// The page reads called directly on a real database: what each role may do on each page
// (`allowed`), which reads a role is refused, and NotFoundError for a record that is not there.

let database: TestDatabase;
let db: Kysely<DB>;
const roles = {} as Record<"ownOfficer" | "otherOfficer" | "reviewer" | "viewer" | "admin", TestUser>;
type RoleName = keyof typeof roles;
const ROLES: RoleName[] = ["ownOfficer", "otherOfficer", "reviewer", "viewer", "admin"];
let snapshotId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.open();
  await createAgencies(db);
  roles.ownOfficer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
  roles.otherOfficer = await createUserWith(db, { role: "officer", agencyCode: "BTC" });
  roles.reviewer = await createUserWith(db, { role: "reviewer" });
  roles.viewer = await createUserWith(db, { role: "viewer" });
  roles.admin = await createUserWith(db, { role: "admin" });
  snapshotId = await createSnapshot(db, roles.admin, { title: "Phiên họp thứ nhất", held_on: "2026-06-30" }, "2026-06-30");
});

afterAll(async () => {
  await database.remove();
});

/** Runs a read for each role: what `allowed` says, or "forbidden" when the role may not read at all. */
async function perRole<T>(read: (actor: TestUser) => Promise<T>, pick: (result: T) => unknown) {
  const answers: Partial<Record<RoleName, unknown>> = {};
  for (const role of ROLES) {
    try {
      answers[role] = pick(await read(roles[role]));
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      answers[role] = "forbidden";
    }
  }
  return answers;
}

describe("the agency page (readAgency)", () => {
  test("what each role may do on BYT's page", async () => {
    const answers = await perRole((actor) => readAgency(db, actor, "BYT"), (page) => page.allowed);
    const reader = { export: true, manageUsers: false, editNames: false, succession: false };
    expect(answers).toEqual({
      ownOfficer: reader,
      otherOfficer: reader,
      reviewer: reader,
      viewer: reader,
      admin: { export: true, manageUsers: true, editNames: true, succession: true },
    });
  });

  test("users are listed only for those who manage them", async () => {
    expect((await readAgency(db, roles.viewer, "BYT")).users).toEqual([]);
    expect((await readAgency(db, roles.admin, "BYT")).users.map((user) => user.email)).toEqual([roles.ownOfficer.email]);
  });

  test("the agency's details and counts; an unknown code is NotFoundError", async () => {
    const page = await readAgency(db, roles.viewer, "byt");
    expect(page.agency).toMatchObject({ code: "BYT", active: true, proposal_count: 0, amendment_count: 0 });
    await expect(readAgency(db, roles.viewer, "XYZ")).rejects.toBeInstanceOf(NotFoundError);
    await expect(readAgencyReport(db, roles.viewer, "XYZ")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("every role reads the list of agencies and an agency's report", async () => {
    expect(await perRole((actor) => readAgencies(db, actor), (page) => page.agencies.length)).toEqual({
      ownOfficer: 4,
      otherOfficer: 4,
      reviewer: 4,
      viewer: 4,
      admin: 4,
    });
    expect(await perRole((actor) => readAgencyReport(db, actor, "BTC"), (page) => page.agency.code)).toEqual({
      ownOfficer: "BTC",
      otherOfficer: "BTC",
      reviewer: "BTC",
      viewer: "BTC",
      admin: "BTC",
    });
  });
});

describe("the dashboard and the charts", () => {
  test("only an admin may change the baselines from the dashboard", async () => {
    const params = DashboardParams.parse({});
    expect(await perRole((actor) => readDashboard(db, actor, params), (page) => page.allowed)).toEqual({
      ownOfficer: { editBaseline: false },
      otherOfficer: { editBaseline: false },
      reviewer: { editBaseline: false },
      viewer: { editBaseline: false },
      admin: { editBaseline: true },
    });
  });

  test("an officer sees their own agency by default; the others the whole", async () => {
    const params = DashboardParams.parse({});
    expect(await perRole((actor) => readDashboard(db, actor, params), (page) => page.agency?.code ?? null)).toEqual({
      ownOfficer: "BYT",
      otherOfficer: "BTC",
      reviewer: null,
      viewer: null,
      admin: null,
    });
    const charts = SteeringScopeParams.parse({});
    expect(await perRole((actor) => readCharts(db, actor, charts), (page) => page.ownAgency ?? null)).toEqual({
      ownOfficer: "BYT",
      otherOfficer: "BTC",
      reviewer: null,
      viewer: null,
      admin: null,
    });
  });
});

describe("snapshots and reports", () => {
  test("reviewers and admins may freeze a meeting; everyone may export one", async () => {
    expect(await perRole((actor) => readSnapshots(db, actor), (page) => page.allowed)).toEqual({
      ownOfficer: { create: false },
      otherOfficer: { create: false },
      reviewer: { create: true },
      viewer: { create: false },
      admin: { create: true },
    });
    expect(await perRole((actor) => readSnapshot(db, actor, snapshotId), (page) => page.allowed)).toEqual({
      ownOfficer: { export: true },
      otherOfficer: { export: true },
      reviewer: { export: true },
      viewer: { export: true },
      admin: { export: true },
    });
  });

  test("a snapshot or decision that is not there is NotFoundError", async () => {
    await expect(readSnapshot(db, roles.viewer, 999_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readSnapshotReport(db, roles.viewer, 999_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readDecisionReport(db, roles.viewer, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the admin pages", () => {
  test("only an admin reads the users and the baselines", async () => {
    expect(await perRole((actor) => readUsers(db, actor), (page) => page.currentUserId)).toEqual({
      ownOfficer: "forbidden",
      otherOfficer: "forbidden",
      reviewer: "forbidden",
      viewer: "forbidden",
      admin: roles.admin.id,
    });
    expect(await perRole((actor) => readBaselines(db, actor, {}), (page) => page.agencies.length)).toEqual({
      ownOfficer: "forbidden",
      otherOfficer: "forbidden",
      reviewer: "forbidden",
      viewer: "forbidden",
      admin: 4,
    });
  });

  test("a user an admin acts on must exist", async () => {
    expect(await getManagedUser(db, roles.admin, roles.viewer.id)).toEqual({ id: roles.viewer.id, email: roles.viewer.email });
    await expect(getManagedUser(db, roles.admin, 999_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getManagedUser(db, roles.reviewer, roles.viewer.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("only an admin reads the succession page; an unknown agency is NotFoundError", async () => {
    expect(await perRole((actor) => readSuccession(db, actor, "BYT", new URLSearchParams()), (page) => page.step)).toEqual({
      ownOfficer: "forbidden",
      otherOfficer: "forbidden",
      reviewer: "forbidden",
      viewer: "forbidden",
      admin: 1,
    });
    await expect(readSuccession(db, roles.admin, "XYZ", new URLSearchParams())).rejects.toBeInstanceOf(NotFoundError);
  });

  test("step 1's refused fields come back as messages, marked refused", async () => {
    const page = await readSuccession(db, roles.admin, "BYT", new URLSearchParams({ kind: "merge", effective_on: "2025-03-01", main: "BYT" }));
    expect(page).toMatchObject({ step: 1, refused: true, errors: { main: "errors.successor_is_predecessor" } });
  });
});

describe("deadlines and search", () => {
  test("every role reads them; an officer's deadlines default to their own agency", async () => {
    const params = DeadlineParams.parse({});
    expect(await perRole((actor) => readDeadlines(db, actor, params), (page) => page.ownAgency ?? null)).toEqual({
      ownOfficer: "BYT",
      otherOfficer: "BTC",
      reviewer: null,
      viewer: null,
      admin: null,
    });
    expect(await perRole((actor) => readSearch(db, actor, undefined), (page) => page.results)).toEqual({
      ownOfficer: null,
      otherOfficer: null,
      reviewer: null,
      viewer: null,
      admin: null,
    });
  });
});
