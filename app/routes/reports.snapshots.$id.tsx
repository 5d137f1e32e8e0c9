import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ReportPage, reportLinks, ReportSection } from "~/components/reports/report-page";
import { ChangeTables, ReportTables } from "~/components/reports/report-tables";
import { DecisionSummary } from "~/components/reports/summary";
import { DataMessage } from "~/components/ui/data-message";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { idParam, page } from "~/http.server";
import { readSnapshotReport } from "~/services/snapshot.server";
import { pageTitle } from "~/components/ui/meta";
import { formatDate } from "~/domain/dates";

export const links = reportLinks;

// the report is titled as it is headed, apart from its meeting's page
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "reports.snapshotTitle", (locale) => ({ title: data?.snapshot.title ?? "", date: formatDate(data?.snapshot.held_on, locale) }));

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  return readSnapshotReport(db(), user, idParam(params.id));
});

export default function SnapshotReportPage() {
  const { snapshot, report, previous, changes } = useLoaderData<typeof loader>();
  const { t, date } = useFormat();
  return (
    <ReportPage
      title={<DataMessage i18nKey="reports.snapshotTitle" values={{ title: snapshot.title, date: date(snapshot.held_on) }} />}
      computedOn={report.computedOn}
      xlsxHref={`/snapshots/${snapshot.id}/report.xlsx`}
      back={
        <Link to={`/snapshots/${snapshot.id}`} lang="vi">
          {snapshot.title}
        </Link>
      }
    >
      {/* frozen figures: no links to today's lists, which have moved on */}
      <DecisionSummary figures={report.total} agencies={report.byAgency.filter((row) => row.proposals.byStatus.approved > 0).length} />
      <ReportTables report={report} />
      <ReportSection id="changes" title={t("snapshot.changesTitle")}>
        {previous && changes ? (
          <>
            <p>
              <DataMessage i18nKey="snapshot.changesSince" values={{ title: previous.title, date: date(previous.held_on) }} />
            </p>
            <ChangeTables changes={changes} />
          </>
        ) : (
          <p>{t("snapshot.noPrevious")}</p>
        )}
      </ReportSection>
    </ReportPage>
  );
}
