import { ForbiddenError, found } from "~/domain/errors";
import { now } from "~/clock.server";
import { inTransaction, type Executor } from "~/db.server";
import { officialDocumentNumber } from "~/domain/document-number";
import { can, type Actor } from "~/domain/permissions";
import { diffReports, type ReportChanges, type SteeringReport } from "~/domain/steering-report";
import { listAgencies } from "~/models/agency.server";
import { listDecisions } from "~/models/decision.server";
import { steeringFigures } from "~/models/figures.server";
import type { SteeringScope } from "~/models/scope.server";
import { getPreviousSnapshot, getSnapshot, insertSnapshot, listSnapshots } from "~/models/snapshot.server";
import type { SnapshotInput } from "~/schemas/snapshot";

/**
 * The steering figures of a scope with the agencies' codes and names and the decisions'
 * numbers as they are now: what a report shows and what a snapshot freezes. Agencies in code
 * order, decisions newest first.
 */
export async function steeringReport(db: Executor, scope: SteeringScope, today: string): Promise<SteeringReport> {
  const [figures, agencies, decisions] = await Promise.all([steeringFigures(db, scope, today), listAgencies(db), listDecisions(db)]);
  const agencyById = new Map(agencies.map((agency) => [agency.id, agency]));
  const decisionOrder = new Map(decisions.map((decision, index) => [decision.id, index]));
  const decisionNumber = new Map(decisions.map((decision) => [decision.id, decision.number]));
  return {
    computedOn: today,
    total: figures.total,
    byAgency: figures.byAgency
      .map((row) => {
        const agency = agencyById.get(row.agencyId);
        return { ...row, code: agency?.code ?? String(row.agencyId), name_vi: agency?.name_vi ?? "", name_en: agency?.name_en ?? "" };
      })
      .sort((a, b) => a.code.localeCompare(b.code)),
    byDecision: figures.byDecision
      .map((row) => ({ ...row, number: decisionNumber.get(row.decisionId) ?? String(row.decisionId) }))
      .sort((a, b) => (decisionOrder.get(a.decisionId) ?? 0) - (decisionOrder.get(b.decisionId) ?? 0)),
  };
}

/**
 * Freezes the whole steering picture under a meeting's title and date. The figures are read in
 * the same transaction as the insert, so they are one consistent moment. No history event: the
 * snapshot row is its own immutable record (events.entity_type has no "snapshot").
 */
export function createSnapshot(executor: Executor, actor: Actor, input: SnapshotInput, today: string): Promise<number> {
  if (!can(actor, "snapshot:create")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const report = await steeringReport(db, {}, today);
    return insertSnapshot(db, {
      title: input.title,
      held_on: input.held_on,
      created_by: actor.id,
      created_at: now().toISOString(),
      figures: JSON.stringify(report),
    });
  });
}

/**
 * The figures a snapshot stored. Decision numbers are shown in their official spelling: a
 * snapshot frozen before the register spelled them so ("2150/qd-ttg") keeps its stored JSON
 * (snapshots are immutable) and is spelled here, as it is read.
 */
export function storedReport(figures: string): SteeringReport {
  const report = JSON.parse(figures) as SteeringReport;
  return { ...report, byDecision: report.byDecision.map((row) => ({ ...row, number: officialDocumentNumber(row.number) })) };
}

export interface SnapshotView {
  snapshot: { id: number; title: string; held_on: string; created_at: string; created_by_name: string };
  report: SteeringReport;
  previous: { id: number; title: string; held_on: string } | null;
  /** Since the previous snapshot; null for the first one. */
  changes: ReportChanges | null;
}

/** A snapshot as the committee reads it: the figures as they were, and what changed since the meeting before. */
export async function loadSnapshot(db: Executor, id: number): Promise<SnapshotView | undefined> {
  const row = await getSnapshot(db, id);
  if (!row) return undefined;
  const previous = await getPreviousSnapshot(db, row);
  const report = storedReport(row.figures);
  return {
    snapshot: { id: row.id, title: row.title, held_on: row.held_on, created_at: row.created_at, created_by_name: row.created_by_name },
    report,
    previous: previous ? { id: previous.id, title: previous.title, held_on: previous.held_on } : null,
    changes: previous ? diffReports(report, storedReport(previous.figures)) : null,
  };
}

/** The committee's snapshots, the latest meeting first, and whether this actor may freeze another. */
export async function readSnapshots(db: Executor, actor: Actor) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  return { snapshots: await listSnapshots(db), allowed: { create: can(actor, "snapshot:create") } };
}

/** One snapshot's page: its figures, the changes since the meeting before, and whether this actor may export them. */
export async function readSnapshot(db: Executor, actor: Actor, id: number) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  const view = found(await loadSnapshot(db, id), "snapshot", id);
  return { ...view, allowed: { export: can(actor, "report:export") } };
}

/** A snapshot's printable report and XLSX. */
export async function readSnapshotReport(db: Executor, actor: Actor, id: number): Promise<SnapshotView> {
  if (!can(actor, "report:export")) throw new ForbiddenError("report:export");
  return found(await loadSnapshot(db, id), "snapshot", id);
}

