import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { AgencyLink, agencyCodeParam, agencyHref, agencyListHref } from "~/components/agencies/agency-link";
import { AgencyNamesForm } from "~/components/agencies/agency-names-form";
import { AgencyState } from "~/components/agencies/agency-state";
import { SuccessionNotice, SuccessionRecorded } from "~/components/agencies/succession-notice";
import { SuccessionTable } from "~/components/agencies/succession-table";
import { figureLinks } from "~/components/dashboard/figure-links";
import { ReportActions } from "~/components/reports/report-page";
import { DecisionFigureTable } from "~/components/reports/report-tables";
import { AgencySummary } from "~/components/reports/summary";
import { DetailList, DetailRow, DetailSection, RecordHeader } from "~/components/ui/details";
import { useAgencyName } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { DataTable } from "~/components/ui/list";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import { AgencyNamesEditSchema } from "~/schemas/agency";
import { formInput } from "~/schemas/parse.server";
import { renameAgency } from "~/services/agency.server";
import { readAgency } from "~/services/agency-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.agency.code ?? ""} · Tinh Gọn` }];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readAgency(db(), user, agencyCodeParam(params.code));
});

export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "agency:update");
  await renameAgency(db(), user, agencyCodeParam(params.code), formInput(AgencyNamesEditSchema, formData));
  return { ok: true as const, message: "agency.saved" as const };
});

export default function AgencyPage() {
  const { agency, predecessors, successors, users, history, report, allowed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refused = actionData && "errors" in actionData ? actionData : undefined;
  // after a stale save, the form continues from the version now stored
  const conflict = refused?.conflict ? refused : undefined;
  const typed: Record<string, string> | undefined = refused?.values;
  const { t, date } = useFormat();
  const agencyName = useAgencyName();
  const period = t("agency.periodRange", {
    from: date(agency.active_from) || t("agency.periodOpen"),
    to: date(agency.active_to) || t("agency.periodOpen"),
  });
  return (
    <article className="space-y-6">
      <ErrorSummary answer={actionData} />
      <RecordHeader
        kind={
          <>
            <Link to="/agencies">{t("agency.listTitle")}</Link> › {t(`labels.agencyKind.${agency.kind}`)}
          </>
        }
        title={
          <>
            {agency.code}: {agencyName(agency)}
          </>
        }
      >
        <AgencyState active={agency.active} activeTo={agency.active_to} />
      </RecordHeader>
      <SuccessionRecorded />
      <SuccessionNotice code={agency.code} activeTo={agency.active_to} successors={[...successors].sort((a, b) => Number(a.scope === "partial") - Number(b.scope === "partial")).map((s) => s.successor_code)} />

      <DetailSection id="details" title={t("agency.sections.details")}>
        <DetailList>
          <DetailRow label={t("agency.fields.code")}>{agency.code}</DetailRow>
          <DetailRow label={t("agency.fields.nameVi")}><span lang="vi">{agency.name_vi}</span></DetailRow>
          <DetailRow label={t("agency.fields.nameEn")}><span lang="en">{agency.name_en}</span></DetailRow>
          <DetailRow label={t("agency.fields.kind")}>{t(`labels.agencyKind.${agency.kind}`)}</DetailRow>
          <DetailRow label={t("agency.fields.activePeriod")}>{period}</DetailRow>
          <DetailRow label={t("agency.fields.predecessors")}>
            <AgencyList codes={predecessors.map((s) => s.predecessor_code)} />
          </DetailRow>
          <DetailRow label={t("agency.fields.successors")}>
            <AgencyList codes={successors.map((s) => s.successor_code)} />
          </DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection id="report" title={t("reports.summaryTitle")}>
        <div className="mt-2 space-y-3">
          <AgencySummary figures={report.total} links={figureLinks({ agency: agency.code })} />
          {report.byDecision.length > 0 ? (
            <DecisionFigureTable rows={report.byDecision} linksFor={(row) => figureLinks({ agency: agency.code, decision: row.decisionId })} short progress />
          ) : null}
          {allowed.export ? <ReportActions printHref={`/reports/agencies/${agency.code}`} xlsxHref={`/agencies/${agency.code}/report.xlsx`} /> : null}
        </div>
      </DetailSection>

      <DetailSection id="records" title={t("agency.sections.records")}>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>
            <Link to={agencyListHref("/proposals", agency.code)}>{t("agency.viewProposals", { count: agency.proposal_count })}</Link>
          </li>
          <li>
            <Link to={agencyListHref("/amendments", agency.code)}>{t("agency.viewAmendments", { count: agency.amendment_count })}</Link>
          </li>
        </ul>
      </DetailSection>

      {predecessors.length + successors.length > 0 ? (
        <section aria-labelledby="successions" className="space-y-2">
          <h2 id="successions" className="text-lg font-semibold">{t("agency.succession.title")}</h2>
          <SuccessionTable successions={[...predecessors, ...successors]} caption={t("agency.succession.title")} />
        </section>
      ) : null}
      {allowed.succession ? (
        <p className="no-print">
          <Link to={`${agencyHref(agency.code)}/succession`}>{t("agency.successionForm.link")}</Link>
        </p>
      ) : null}

      {allowed.manageUsers ? (
        <section aria-labelledby="users" className="space-y-2">
          <h2 id="users" className="text-lg font-semibold">{t("agency.sections.users")}</h2>
          {users.length === 0 ? (
            <p>{t("agency.noUsers")}</p>
          ) : (
            <DataTable columns={[t("user.fields.email"), t("user.fields.name"), t("user.fields.role"), t("user.fields.active")]}>
              {users.map((user) => (
                <tr key={user.id} className="border-t border-slate-200">
                  <td className="p-2">{user.email}</td>
                  <td className="p-2" lang="vi">{user.name}</td>
                  <td className="p-2">{t(`labels.role.${user.role}`)}</td>
                  <td className="p-2">{user.active === 1 ? t("user.fields.activeYes") : t("user.fields.activeNo")}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <p className="no-print">
            <Link to="/admin/users">{t("user.title")}</Link>
          </p>
        </section>
      ) : null}

      {allowed.editNames ? (
        <section aria-labelledby="edit-names" className="no-print space-y-2 rounded border border-slate-300 bg-white p-4">
          <h2 id="edit-names" className="text-lg font-semibold">{t("agency.sections.editNames")}</h2>
          <div role="status" aria-live="polite">
            {actionData && "ok" in actionData ? <p className="rounded border border-green-600 bg-green-50 p-3 text-green-900">{t(actionData.message)}</p> : null}
          </div>
          <AgencyNamesForm
            key={conflict?.values.version ?? agency.version}
            defaultValues={{
              name_vi: typed ? (typed.name_vi ?? "") : agency.name_vi,
              name_en: typed ? (typed.name_en ?? "") : agency.name_en,
            }}
            version={conflict?.values.version ?? agency.version}
            base={conflict?.base ?? { name_vi: agency.name_vi, name_en: agency.name_en }}
            conflict={conflict?.conflict}
            serverErrors={refused?.errors}
            labelledBy="edit-names"
          />
        </section>
      ) : null}

      <HistorySection title={t("agency.sections.history")} entries={history} />
    </article>
  );
}

function AgencyList({ codes }: { codes: string[] }) {
  const { t } = useFormat();
  if (codes.length === 0) return <>{t("form.none")}</>;
  return (
    <ul className="flex flex-wrap gap-x-3">
      {[...new Set(codes)].map((code) => (
        <li key={code}>
          <AgencyLink code={code} />
        </li>
      ))}
    </ul>
  );
}
