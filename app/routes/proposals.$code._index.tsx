import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requirePermission } from "~/auth/session.server";
import { useFormat } from "~/components/ui/format";
import { History } from "~/components/ui/history";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { notFound } from "~/http.server";
import { listEvents } from "~/models/event.server";
import { getProposalByCode, listProposalAmendments } from "~/models/proposal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.code ?? ""} · Tinh Gọn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const proposal = await getProposalByCode(db(), params.code ?? "");
  if (!proposal) notFound();
  const [amendments, history] = await Promise.all([
    listProposalAmendments(db(), proposal.id),
    listEvents(db(), "proposal", proposal.id),
  ]);
  return {
    proposal,
    amendments,
    history,
    canEdit: can(user, "proposal:update", proposal),
    canAddAmendment: can(user, "amendment:create", proposal),
  };
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-3">
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="sm:col-span-2 whitespace-pre-line">{children}</dd>
    </div>
  );
}

export default function ProposalPage() {
  const { proposal, amendments, history, canEdit, canAddAmendment } = useLoaderData<typeof loader>();
  const { t, locale, date, vnd } = useFormat();
  const saving =
    proposal.cost_before_vnd !== null ? proposal.cost_before_vnd - (proposal.cost_after_vnd ?? 0) : null;
  return (
    <article className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-slate-600">{t("proposal.title")}</p>
          <h1 className="text-2xl font-semibold">
            {proposal.code}: {proposal.title}
          </h1>
          <p className="mt-1">
            <strong>{t("proposal.fields.status")}:</strong> {t(`labels.proposalStatus.${proposal.status}`)}
          </p>
        </div>
        {canEdit ? (
          <Link to={`/proposals/${proposal.code}/edit`} className="no-print rounded border border-blue-800 px-3 py-2 no-underline">
            {t("actions.edit")}
          </Link>
        ) : null}
      </header>

      <section aria-labelledby="regulation" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="regulation" className="text-lg font-semibold">{t("proposal.sections.regulation")}</h2>
        <dl className="divide-y divide-slate-200">
          <Row label={t("proposal.fields.agency")}>
            <Link to={`/agencies/${proposal.agency_code}`}>{proposal.agency_code}</Link> —{" "}
            {locale === "vi" ? proposal.agency_name_vi : proposal.agency_name_en}
            {proposal.original_agency_code !== proposal.agency_code
              ? ` (${t("proposal.fields.originalAgency")}: ${proposal.original_agency_code})`
              : ""}
          </Row>
          <Row label={t("proposal.fields.regulationType")}>{t(`labels.regulationType.${proposal.regulation_type}`)}</Row>
          <Row label={t("proposal.fields.sourceDocument")}>
            {proposal.source_document_id ? (
              <Link to={`/documents/${proposal.source_document_id}`}>{proposal.source_document_number}</Link>
            ) : (
              t("form.none")
            )}
          </Row>
          <Row label={t("proposal.fields.sourceProvision")}>{proposal.source_provision ?? t("form.none")}</Row>
          <Row label={t("proposal.fields.procedureCode")}>{proposal.procedure_code ?? t("form.none")}</Row>
        </dl>
      </section>

      <section aria-labelledby="plan" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="plan" className="text-lg font-semibold">{t("proposal.sections.plan")}</h2>
        <dl className="divide-y divide-slate-200">
          <Row label={t("proposal.fields.action")}>{t(`labels.action.${proposal.action}`)}</Row>
          <Row label={t("proposal.fields.proposedChange")}>{proposal.proposed_change}</Row>
          <Row label={t("proposal.fields.rationale")}>{proposal.rationale ?? t("form.none")}</Row>
          <Row label={t("proposal.fields.costBefore")}>{vnd(proposal.cost_before_vnd) || t("form.none")}</Row>
          <Row label={t("proposal.fields.costAfter")}>{vnd(proposal.cost_after_vnd) || t("form.none")}</Row>
          <Row label={t("proposal.fields.saving")}>{saving !== null ? vnd(saving) : t("form.none")}</Row>
          <Row label={t("proposal.fields.decision")}>
            {proposal.decision_id ? <Link to={`/decisions/${proposal.decision_id}`}>{proposal.decision_number}</Link> : t("form.none")}
          </Row>
          <Row label={t("proposal.fields.timeline")}>{proposal.timeline ?? t("form.none")}</Row>
          <Row label={t("proposal.fields.dueOn")}>{date(proposal.due_on) || t("form.none")}</Row>
        </dl>
      </section>

      <section aria-labelledby="amendments" className="rounded border border-slate-300 bg-white p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="amendments" className="text-lg font-semibold">{t("proposal.sections.amendments")}</h2>
          {canAddAmendment ? (
            <Link to={`/amendments/new?proposal=${encodeURIComponent(proposal.code)}`} className="no-print">
              {t("proposal.addAmendment")}
            </Link>
          ) : null}
        </div>
        {amendments.length === 0 ? (
          <p>{t("proposal.noAmendments")}</p>
        ) : (
          <table className="mt-2 w-full text-sm">
            <thead>
              <tr className="bg-slate-100">
                <th scope="col" className="p-2">{t("amendment.fields.document")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.provisions")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.agency")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.stage")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {amendments.map((amendment) => (
                <tr key={amendment.id} className="border-t border-slate-200">
                  <td className="p-2">
                    <Link to={`/amendments/${amendment.id}`}>{amendment.document_number}</Link>
                  </td>
                  <td className="p-2">{amendment.provisions ?? ""}</td>
                  <td className="p-2">{amendment.agency_code}</td>
                  <td className="p-2">{t(`labels.stage.${amendment.stage}`)}</td>
                  <td className="p-2">{date(amendment.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="history" className="space-y-2">
        <h2 id="history" className="text-lg font-semibold">{t("proposal.sections.history")}</h2>
        <History entries={history} statusLabels="proposalStatus" />
      </section>
    </article>
  );
}
