import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { ProposalListParams, parseListQuery } from "~/schemas/list-params";
import { exportList } from "~/services/export-stream.server";
import { download, page } from "~/http.server";

// The proposals list as XLSX: every row of the list's own filters (its query string), no pagination.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const { params } = parseListQuery(ProposalListParams, new URL(request.url));
  return download(await exportList(db(), user, { list: "proposals", params, today: todayIso() }, "xlsx", request.signal));
});
