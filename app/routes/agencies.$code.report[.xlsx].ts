import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { agencyCodeParam } from "~/components/agencies/agency-link";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { notFound, page } from "~/http.server";
import { translator } from "~/i18n";
import { getAgencyByCode } from "~/models/agency.server";
import { reportWorkbook, xlsxResponse } from "~/services/report-xlsx.server";
import { steeringReport } from "~/services/snapshot.server";

// The agency's report as XLSX: the same tables as /reports/agencies/:code.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, "report:export");
  const agency = await getAgencyByCode(db(), agencyCodeParam(params.code));
  if (!agency) notFound();
  const report = await steeringReport(db(), { agencies: [agency.id] }, todayIso());
  const title = translator("vi")("reports.agencyTitle", { name: `${agency.code} ${agency.name_vi}` });
  return xlsxResponse(await reportWorkbook(report, { title }), title);
});
