import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { AmendmentListParams, parseListQuery } from "~/schemas/list-params";
import { amendmentExport, csvFile } from "~/services/export.server";
import { download, page } from "~/http.server";

// The amendments list as CSV: every row of the list's own filters (its query string), no pagination.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "report:export");
  const { params } = parseListQuery(AmendmentListParams, new URL(request.url));
  return download(csvFile(await amendmentExport(db(), params, todayIso())));
});
