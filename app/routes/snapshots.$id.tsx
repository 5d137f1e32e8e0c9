import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ReportActions, ReportSection } from "~/components/reports/report-page";
import { ChangeTables, ReportTables } from "~/components/reports/report-tables";
import { DecisionSummary } from "~/components/reports/summary";
import { RecordHeader } from "~/components/ui/details";
import { DataMessage } from "~/components/ui/data-message";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { idParam, page } from "~/http.server";
import { readSnapshot } from "~/services/snapshot.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.snapshot.title ?? ""} · Tinh Gọn` }];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readSnapshot(db(), user, idParam(params.id));
});

export default function SnapshotPage() {
  const { snapshot, report, previous, changes, allowed } = useLoaderData<typeof loader>();
  const { t, date, dateTime } = useFormat();
  return (
    <article className="report print-landscape space-y-6">
      <RecordHeader
        kind={<Link to="/snapshots">{t("snapshot.listTitle")}</Link>}
        title={
          <>
            <span lang="vi">{snapshot.title}</span>, {date(snapshot.held_on)}
          </>
        }
      >
        <DataMessage i18nKey="snapshot.frozen" values={{ at: dateTime(snapshot.created_at), name: snapshot.created_by_name, date: date(report.computedOn) }} />
      </RecordHeader>
      {allowed.export ? <ReportActions printHref={`/reports/snapshots/${snapshot.id}`} xlsxHref={`/snapshots/${snapshot.id}/report.xlsx`} /> : null}

      <ReportSection id="changes" title={t("snapshot.changesTitle")}>
        {previous && changes ? (
          <>
            <p>
              <DataMessage i18nKey="snapshot.changesSince" values={{ title: previous.title, date: date(previous.held_on) }} />{" "}
              <Link to={`/snapshots/${previous.id}`} lang="vi">{previous.title}</Link>
            </p>
            <ChangeTables changes={changes} />
          </>
        ) : (
          <p>{t("snapshot.noPrevious")}</p>
        )}
      </ReportSection>

      <ReportSection id="figures" title={t("snapshot.figuresTitle")}>
        {/* frozen figures: no links to today's lists, which have moved on since */}
        <DecisionSummary figures={report.total} agencies={report.byAgency.filter((row) => row.proposals.byStatus.approved > 0).length} />
      </ReportSection>
      <ReportTables report={report} />
    </article>
  );
}
