import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { deadlineFilters } from "~/models/list-filters.server";
import { DeadlineParams, parseListQuery } from "~/schemas/list-params";
import { deadlineExport, xlsxExportResponse } from "~/services/export.server";
import { page } from "~/http.server";

// The deadline list as XLSX: the rows /deadlines shows for the same query string.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const { params } = parseListQuery(DeadlineParams, new URL(request.url));
  const { filters } = await deadlineFilters(db(), params, user, todayIso());
  return xlsxExportResponse(await deadlineExport(db(), filters));
});
