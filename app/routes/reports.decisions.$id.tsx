import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { figureLinks } from "~/components/dashboard/figure-links";
import { DecisionTitle } from "~/components/decisions/decision-title";
import { ReportPage, reportLinks } from "~/components/reports/report-page";
import { ReportTables } from "~/components/reports/report-tables";
import { DecisionSummary } from "~/components/reports/summary";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { idParam, page } from "~/http.server";
import { readDecisionReport } from "~/services/decision-pages.server";
import { pageTitle } from "~/components/ui/meta";

export const links = reportLinks;

// the report is titled as it is headed, apart from its decision's page
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "reports.decisionTitle", { number: data?.decision.number ?? "" });

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  return readDecisionReport(db(), user, idParam(params.id));
});

export default function DecisionReportPage() {
  const { decision, report } = useLoaderData<typeof loader>();
  const { t, date } = useFormat();
  const agencies = report.byDecision.find((row) => row.decisionId === decision.id)?.agencies ?? 0;
  return (
    <ReportPage
      title={t("reports.decisionTitle", { number: decision.number })}
      lead={
        <>
          <p className="text-lg font-semibold">
            <DecisionTitle decision={decision} />
          </p>
          <p>{t("reports.decisionSigned", { number: decision.number, date: date(decision.signed_on) })}</p>
        </>
      }
      computedOn={report.computedOn}
      xlsxHref={`/decisions/${decision.id}/report.xlsx`}
      back={<Link to={`/decisions/${decision.id}`}>{decision.number}</Link>}
    >
      <DecisionSummary figures={report.total} agencies={agencies} links={figureLinks({ decision: decision.id })} />
      <ReportTables
        report={report}
        links={{
          total: figureLinks({ decision: decision.id }),
          agency: (row) => figureLinks({ decision: decision.id, agency: row.code }),
          decision: (row) => figureLinks({ decision: row.decisionId }),
        }}
      />
    </ReportPage>
  );
}
