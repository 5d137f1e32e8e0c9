import type { Executor } from "~/db.server";
import { currentDay } from "~/clock.server";
import { ForbiddenError, found } from "~/domain/errors";
import { can, canRecordSuccession, type Actor } from "~/domain/permissions";
import { getAgencyByCode, getAgencyWithCounts, isAgencyActive, listAgencies, listAgenciesWithCounts, listSuccessions } from "~/models/agency.server";
import { listEvents } from "~/models/event.server";
import { listUsers } from "~/models/user.server";
import { steeringReport } from "./snapshot.server";

// The agencies' pages as reads: what each shows and what this actor may do there.

/** Every agency with its counts, the ones still working first, and every succession. */
export async function readAgencies(db: Executor, actor: Actor) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  const [agencies, successions] = await Promise.all([listAgenciesWithCounts(db), listSuccessions(db)]);
  const rows = agencies
    .map((agency) => ({ ...agency, active: isAgencyActive(agency) }))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.code.localeCompare(b.code, "vi"));
  return { agencies: rows, successions };
}

/** One agency's page: its details, successions, users (for those who manage them), history and report. */
export async function readAgency(db: Executor, actor: Actor, code: string) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  const agency = found(await getAgencyWithCounts(db, code), "agency", code);
  const allowed = {
    export: can(actor, "report:export"),
    manageUsers: can(actor, "user:manage"),
    editNames: can(actor, "agency:update"),
    succession: canRecordSuccession(actor, agency),
  };
  const [successions, users, history, report] = await Promise.all([
    listSuccessions(db, { agencyId: agency.id }),
    allowed.manageUsers ? listUsers(db, { agencyId: agency.id }) : Promise.resolve([]),
    listEvents(db, "agency", agency.id),
    steeringReport(db, { agencies: [agency.id] }, currentDay()),
  ]);
  return {
    agency: { ...agency, active: isAgencyActive(agency) },
    predecessors: successions.filter((s) => s.successor_id === agency.id),
    successors: successions.filter((s) => s.predecessor_id === agency.id),
    users,
    history,
    report,
    allowed,
  };
}

/** An agency's steering report (printable page and XLSX). */
export async function readAgencyReport(db: Executor, actor: Actor, code: string) {
  if (!can(actor, "report:export")) throw new ForbiddenError("report:export");
  const agency = found(await getAgencyByCode(db, code), "agency", code);
  const report = await steeringReport(db, { agencies: [agency.id] }, currentDay());
  return { agency: { code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en }, report };
}

/** The agency a succession is recorded for, and the agencies that may succeed it. */
export async function readSuccessionAgency(db: Executor, actor: Actor, code: string) {
  if (!can(actor, "agency:succession")) throw new ForbiddenError("agency:succession");
  const agency = found(await getAgencyByCode(db, code), "agency", code);
  const candidates = (await listAgencies(db))
    .filter((a) => a.id !== agency.id && a.active_to === null)
    .map(({ code, name_vi, name_en }) => ({ code, name_vi, name_en }));
  return { agency: { code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en, active_to: agency.active_to }, candidates };
}
