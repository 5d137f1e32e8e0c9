import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { AmendmentListParams, parseListQuery } from "~/schemas/list-params";
import { exportList } from "~/services/export-stream.server";
import { download, page } from "~/http.server";

// The amendments list as XLSX: every row of the list's own filters (its query string), no pagination.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const { params } = parseListQuery(AmendmentListParams, new URL(request.url));
  return download(await exportList(db(), user, { list: "amendments", params, today: todayIso() }, "xlsx", request.signal));
});
