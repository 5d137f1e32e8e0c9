import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { idParam, notFound, page } from "~/http.server";
import { translator } from "~/i18n";
import { getDecision } from "~/models/decision.server";
import { reportWorkbook, xlsxResponse } from "~/services/report-xlsx.server";
import { steeringReport } from "~/services/snapshot.server";

// The decision's report as XLSX: the same tables as /reports/decisions/:id.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, "report:export");
  const decision = await getDecision(db(), idParam(params.id));
  if (!decision) notFound();
  const report = await steeringReport(db(), { decision: decision.id }, todayIso());
  const title = translator("vi")("reports.decisionTitle", { number: decision.number });
  return xlsxResponse(await reportWorkbook(report, { title }), title);
});
