import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { download, idParam, page } from "~/http.server";
import { decisionReportWorkbook } from "~/services/decision-pages.server";
import { reportFile } from "~/services/report-xlsx.server";

// The decision's report as XLSX: the same tables as /reports/decisions/:id.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const { workbook, title } = await decisionReportWorkbook(db(), user, { id: idParam(params.id) });
  return download(reportFile(workbook, title));
});
