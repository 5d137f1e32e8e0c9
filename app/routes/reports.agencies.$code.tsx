import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { agencyCodeParam } from "~/components/agencies/agency-link";
import { figureLinks } from "~/components/dashboard/figure-links";
import { ReportPage, reportLinks } from "~/components/reports/report-page";
import { ReportTables } from "~/components/reports/report-tables";
import { AgencySummary } from "~/components/reports/summary";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { page } from "~/http.server";
import { readAgencyReport } from "~/services/agency-pages.server";
import { pageTitle } from "~/components/ui/meta";
import type { Locale } from "~/i18n";
import { agencyNameIn } from "~/components/ui/agency-options";

export const links = reportLinks;

// the report is titled as it is headed, apart from its agency's page
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "reports.agencyTitle", (locale) => ({ name: data ? reportName(data.agency, locale) : "" }));

/** Whose report it is, in its heading and its title: "BYT: Bộ Y tế". */
function reportName(agency: { code: string; name_vi: string; name_en: string }, locale: Locale): string {
  return `${agency.code}: ${agencyNameIn(locale, agency)}`;
}

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  return readAgencyReport(db(), user, agencyCodeParam(params.code));
});

export default function AgencyReportPage() {
  const { agency, report } = useLoaderData<typeof loader>();
  const { t, locale } = useFormat();
  const name = reportName(agency, locale);
  const links = figureLinks({ agency: agency.code });
  return (
    <ReportPage
      title={t("reports.agencyTitle", { name })}
      computedOn={report.computedOn}
      xlsxHref={`/agencies/${agency.code}/report.xlsx`}
      back={<Link to={`/agencies/${agency.code}`}>{agency.code}</Link>}
    >
      <AgencySummary figures={report.total} links={links} />
      <ReportTables
        report={report}
        links={{
          total: links,
          agency: (row) => figureLinks({ agency: row.code }),
          decision: (row) => figureLinks({ agency: agency.code, decision: row.decisionId }),
        }}
      />
    </ReportPage>
  );
}
