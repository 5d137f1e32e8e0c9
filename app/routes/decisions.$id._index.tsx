import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requirePermission } from "~/auth/session.server";
import { DecisionTitle } from "~/components/decisions/decision-title";
import { useFormat } from "~/components/ui/format";
import { History } from "~/components/ui/history";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { idParam, notFound } from "~/http.server";
import { getDecision, listDecisionProposalsByAgency } from "~/models/decision.server";
import { listEvents } from "~/models/event.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.decision.number ?? ""} · Tinh Gọn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const decision = await getDecision(db(), idParam(params.id));
  if (!decision) notFound();
  const [groups, history] = await Promise.all([
    listDecisionProposalsByAgency(db(), decision.id),
    listEvents(db(), "decision", decision.id),
  ]);
  return { decision, groups, history, canEdit: can(user, "decision:update") };
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-3">
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="sm:col-span-2 whitespace-pre-line">{children}</dd>
    </div>
  );
}

export default function DecisionPage() {
  const { decision, groups, history, canEdit } = useLoaderData<typeof loader>();
  const { t, locale, date, dateTime } = useFormat();
  const proposalCount = groups.reduce((sum, group) => sum + group.proposals.length, 0);
  return (
    <article className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-slate-600">{t("decision.title")}</p>
          <h1 className="text-2xl font-semibold">
            {decision.number}: <DecisionTitle decision={decision} />
          </h1>
        </div>
        {canEdit ? (
          <Link to={`/decisions/${decision.id}/edit`} className="no-print rounded border border-blue-800 px-3 py-2 no-underline">
            {t("actions.edit")}
          </Link>
        ) : null}
      </header>

      <section aria-labelledby="details" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="details" className="text-lg font-semibold">{t("decision.sections.details")}</h2>
        <dl className="divide-y divide-slate-200">
          <Row label={t("decision.fields.number")}>{decision.number}</Row>
          <Row label={t("decision.fields.signedOn")}>{date(decision.signed_on)}</Row>
          <Row label={t("decision.fields.kind")}>{t(`labels.decisionKind.${decision.kind}`)}</Row>
          <Row label={t("decision.fields.titleVi")}>
            <span lang="vi">{decision.title_vi}</span>
          </Row>
          <Row label={t("decision.fields.titleEn")}>
            {decision.title_en ? <span lang="en">{decision.title_en}</span> : t("form.none")}
          </Row>
          <Row label={t("decision.fields.timeline")}>{decision.timeline ?? t("form.none")}</Row>
          <Row label={t("decision.fields.dueOn")}>{date(decision.due_on) || t("form.none")}</Row>
          <Row label={t("decision.fields.createdAt")}>{dateTime(decision.created_at)}</Row>
          <Row label={t("decision.fields.updatedAt")}>{dateTime(decision.updated_at)}</Row>
        </dl>
      </section>

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
                    {locale === "vi" ? group.agency.name_vi : group.agency.name_en}
                    <span className="ml-2 font-normal text-slate-700">
                      ({t("decision.agencyTotal", { count: group.proposals.length })})
                    </span>
                  </h3>
                  <div className="overflow-x-auto">
                    <table className="mt-2 w-full text-sm">
                      <thead>
                        <tr className="bg-slate-100">
                          <th scope="col" className="p-2">{t("proposal.fields.code")}</th>
                          <th scope="col" className="p-2">{t("proposal.fields.title")}</th>
                          <th scope="col" className="p-2">{t("proposal.fields.status")}</th>
                          <th scope="col" className="p-2">{t("proposal.fields.dueOn")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {group.proposals.map((proposal) => (
                          <tr key={proposal.id} className="border-t border-slate-200 align-top">
                            <td className="p-2 whitespace-nowrap">
                              <Link to={`/proposals/${proposal.code}`}>{proposal.code}</Link>
                            </td>
                            <td className="p-2">{proposal.title}</td>
                            <td className="p-2">{t(`labels.proposalStatus.${proposal.status}`)}</td>
                            <td className="p-2 whitespace-nowrap">{date(proposal.due_on)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </section>
              );
            })}
          </>
        )}
      </section>

      <section aria-labelledby="history" className="space-y-2">
        <h2 id="history" className="text-lg font-semibold">{t("decision.sections.history")}</h2>
        <History entries={history} />
      </section>
    </article>
  );
}
