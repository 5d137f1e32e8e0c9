import type { Executor } from "~/db.server";
import { currentDay } from "~/clock.server";
import { ForbiddenError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { listAgencyNames } from "~/models/agency.server";
import { listDeadlines } from "~/models/deadline.server";
import { deadlineFilters } from "~/models/list-filters.server";
import type { DeadlineParams } from "~/schemas/list-params";
import type { SteeringReader } from "./dashboard.server";
import type { ExportFormat } from "./export.server";
import { exportList } from "./export-stream.server";

// Overdue work and work falling due, per agency: the page and its exports read the same rows.

/** The deadlines page: an officer's own agency unless another (or all) is asked for. */
export async function readDeadlines(db: Executor, actor: SteeringReader, params: DeadlineParams) {
  if (!can(actor, "record:read")) throw new ForbiddenError("record:read");
  const today = currentDay();
  const { filters, agency, ownAgency } = await deadlineFilters(db, params, actor, today);
  const [agencies, deadlines] = await Promise.all([listAgencyNames(db), listDeadlines(db, filters)]);
  return { params: { ...params, agency, dir: filters.dir }, ownAgency, today, agencies, ...deadlines };
}

/** The rows /deadlines shows for the same query, as a streamed export (CSV or XLSX). */
export async function exportDeadlines(db: Executor, actor: SteeringReader, params: DeadlineParams, format: ExportFormat, signal: AbortSignal) {
  if (!can(actor, "report:export")) throw new ForbiddenError("report:export");
  const { filters } = await deadlineFilters(db, params, actor, currentDay());
  return exportList(db, actor, { list: "deadlines", filters }, format, signal);
}
