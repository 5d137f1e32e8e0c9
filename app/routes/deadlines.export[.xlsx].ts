import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { DeadlineParams, parseListQuery } from "~/schemas/list-params";
import { download, page } from "~/http.server";
import { exportDeadlines } from "~/services/deadline.server";

// The deadline list as XLSX: the rows /deadlines shows for the same query string.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const { params } = parseListQuery(DeadlineParams, new URL(request.url));
  return download(await exportDeadlines(db(), user, params, "xlsx", request.signal));
});
