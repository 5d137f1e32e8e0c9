import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { figureLinks } from "~/components/dashboard/figure-links";
import { DecisionTitle } from "~/components/decisions/decision-title";
import { RelatedProposalsTable } from "~/components/proposals/related-proposals";
import { ReportActions } from "~/components/reports/report-page";
import { AgencyFigureTable } from "~/components/reports/report-tables";
import { DecisionSummary } from "~/components/reports/summary";
import { DetailList, DetailRow, DetailSection, EditLink, RecordHeader } from "~/components/ui/details";
import { useAgencyName } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { db } from "~/db.server";
import { hasWork, type SteeringReport } from "~/domain/steering-report";
import { idParam, page } from "~/http.server";
import { readDecisionPage } from "~/services/decision-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.number ?? ""} · Tinh Gọn` }];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readDecisionPage(db(), user, { id: idParam(params.id) });
});

export default function DecisionPage() {
  const { decision, groups, history, report, today, allowed } = useLoaderData<typeof loader>();
  const { t, date, dateTime, timeline } = useFormat();
  const agencyName = useAgencyName();
  const proposalCount = groups.reduce((sum, group) => sum + group.total, 0);
  return (
    <article className="space-y-6">
      <RecordHeader
        kind={t("decision.title")}
        title={
          <>
            {decision.number}: <DecisionTitle decision={decision} />
          </>
        }
        actions={allowed.edit ? <EditLink to={`/decisions/${decision.id}/edit`} /> : null}
      />

      <DecisionReportSection decisionId={decision.id} report={report} canExport={allowed.export} />

      <DetailSection id="details" title={t("decision.sections.details")}>
        <DetailList>
          <DetailRow label={t("decision.fields.number")}>{decision.number}</DetailRow>
          <DetailRow label={t("decision.fields.signedOn")}>{date(decision.signed_on)}</DetailRow>
          <DetailRow label={t("decision.fields.kind")}>{t(`labels.decisionKind.${decision.kind}`)}</DetailRow>
          <DetailRow label={t("decision.fields.titleVi")}>
            <span lang="vi">{decision.title_vi}</span>
          </DetailRow>
          <DetailRow label={t("decision.fields.titleEn")}>
            {decision.title_en ? <span lang="en">{decision.title_en}</span> : t("form.none")}
          </DetailRow>
          <DetailRow label={t("decision.fields.timeline")}>{decision.timeline ? timeline(decision.timeline) : t("form.none")}</DetailRow>
          <DetailRow label={t("decision.fields.dueOn")}>{date(decision.due_on) || t("form.none")}</DetailRow>
          <DetailRow label={t("decision.fields.createdAt")}>{dateTime(decision.created_at)}</DetailRow>
          <DetailRow label={t("decision.fields.updatedAt")}>{dateTime(decision.updated_at)}</DetailRow>
        </DetailList>
      </DetailSection>

      <section aria-labelledby="by-agency" className="space-y-3">
        <h2 id="by-agency" className="text-lg font-semibold">{t("decision.byAgency")}</h2>
        {groups.length === 0 ? (
          <p>{t("decision.noProposals")}</p>
        ) : (
          <>
            <p>{t("decision.summary", { proposals: proposalCount, agencies: groups.length })}</p>
            {groups.map((group) => {
              const headingId = `agency-${group.agency.code}`;
              return (
                <section key={group.agency.code} aria-labelledby={headingId} className="rounded border border-slate-300 bg-white p-4">
                  <h3 id={headingId} className="font-semibold">
                    <Link to={`/agencies/${group.agency.code}`}>{group.agency.code}</Link> —{" "}
                    {agencyName(group.agency)}
                    <span className="ml-2 font-normal text-slate-700">
                      ({t("decision.agencyTotal", { count: group.total })})
                    </span>
                  </h3>
                  <RelatedProposalsTable proposals={group.proposals} today={today} show={{ dueOn: true }} />
                  {group.total > group.proposals.length ? (
                    <p className="mt-2">
                      <Link to={`/proposals?decision=${decision.id}&agency=${encodeURIComponent(group.agency.code)}`}>
                        {t("decision.seeAll", { shown: group.proposals.length, count: group.total })}
                      </Link>
                    </p>
                  ) : null}
                </section>
              );
            })}
          </>
        )}
      </section>

      <HistorySection title={t("decision.sections.history")} entries={history} />
    </article>
  );
}

/** The committee's report on the decision: the sentence, then the same per agency with a progress bar each. */
function DecisionReportSection({
  decisionId,
  report,
  canExport,
}: {
  decisionId: number;
  report: SteeringReport;
  canExport: boolean;
}) {
  const { t } = useFormat();
  const links = figureLinks({ decision: decisionId });
  const agencies = report.byDecision.find((row) => row.decisionId === decisionId)?.agencies ?? 0;
  const rows = report.byAgency.filter(hasWork);
  return (
    <section aria-labelledby="report" className="space-y-3 rounded border border-slate-300 bg-white p-4">
      <h2 id="report" className="text-lg font-semibold">{t("reports.summaryTitle")}</h2>
      <DecisionSummary figures={report.total} agencies={agencies} links={links} />
      {rows.length > 0 ? (
        <AgencyFigureTable
          rows={rows}
          total={report.total}
          totalLinks={links}
          linksFor={(row) => figureLinks({ decision: decisionId, agency: row.code })}
          short
          progress
        />
      ) : null}
      {canExport ? <ReportActions printHref={`/reports/decisions/${decisionId}`} xlsxHref={`/decisions/${decisionId}/report.xlsx`} /> : null}
    </section>
  );
}
