import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { agencyCodeParam } from "~/components/agencies/agency-link";
import { db } from "~/db.server";
import { download, page } from "~/http.server";
import { readAgencyReport } from "~/services/agency-pages.server";
import { translator } from "~/i18n";
import { reportWorkbook, reportFile } from "~/services/report-xlsx.server";

// The agency's report as XLSX: the same tables as /reports/agencies/:code.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const { agency, report } = await readAgencyReport(db(), user, agencyCodeParam(params.code));
  const title = translator("vi")("reports.agencyTitle", { name: `${agency.code} ${agency.name_vi}` });
  return download(reportFile(await reportWorkbook(report, { title }), title));
});
