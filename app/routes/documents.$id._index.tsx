import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requirePermission } from "~/auth/session.server";
import { DocumentAmendments } from "~/components/documents/document-amendments";
import { useFormat } from "~/components/ui/format";
import { History } from "~/components/ui/history";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { idParam, notFound } from "~/http.server";
import { listEvents } from "~/models/event.server";
import { getDocument, listDocumentAmendments, listDocumentProposals } from "~/models/legal-document.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.number ?? ""} · Tinh Gọn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const document = await getDocument(db(), idParam(params.id));
  if (!document) notFound();
  const [proposals, targeting, amending, history] = await Promise.all([
    listDocumentProposals(db(), document.id),
    listDocumentAmendments(db(), document.id, "target"),
    listDocumentAmendments(db(), document.id, "amending"),
    listEvents(db(), "legal_document", document.id),
  ]);
  return {
    document,
    proposals,
    targeting,
    amending,
    history,
    canEdit: can(user, "document:update", { agency_id: document.lead_agency_id }),
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

export default function DocumentPage() {
  const { document, proposals, targeting, amending, history, canEdit } = useLoaderData<typeof loader>();
  const { t, locale, date, dateTime } = useFormat();
  return (
    <article className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-slate-600">{t(`labels.documentType.${document.doc_type}`)}</p>
          <h1 className="text-2xl font-semibold">
            {document.number}: {document.title}
          </h1>
          <p className="mt-1">
            <strong>{t("document.fields.status")}:</strong> {t(`labels.documentStatus.${document.status}`)}
          </p>
        </div>
        {canEdit ? (
          <Link to={`/documents/${document.id}/edit`} className="no-print rounded border border-blue-800 px-3 py-2 no-underline">
            {t("actions.edit")}
          </Link>
        ) : null}
      </header>

      {document.number_recognized === 0 ? (
        <p role="note" className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950">
          <strong>{t("document.fields.unrecognized")}.</strong> {t("document.unrecognizedHint")}
        </p>
      ) : null}

      <section aria-labelledby="details" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="details" className="text-lg font-semibold">{t("document.sections.details")}</h2>
        <dl className="divide-y divide-slate-200">
          <Row label={t("document.fields.number")}>{document.number}</Row>
          <Row label={t("document.fields.type")}>{t(`labels.documentType.${document.doc_type}`)}</Row>
          <Row label={t("document.fields.year")}>{document.year ?? t("form.none")}</Row>
          <Row label={t("document.fields.issuer")}>{document.issuer ?? t("form.none")}</Row>
          <Row label={t("document.fields.title")}>{document.title}</Row>
          <Row label={t("document.fields.issuedOn")}>{date(document.issued_on) || t("form.none")}</Row>
          <Row label={t("document.fields.effectiveOn")}>{date(document.effective_on) || t("form.none")}</Row>
          <Row label={t("document.fields.status")}>{t(`labels.documentStatus.${document.status}`)}</Row>
          <Row label={t("document.fields.leadAgency")}>
            {document.lead_agency_code ? (
              <>
                <Link to={`/agencies/${document.lead_agency_code}`}>{document.lead_agency_code}</Link> —{" "}
                {locale === "vi" ? document.lead_agency_name_vi : document.lead_agency_name_en}
              </>
            ) : (
              t("form.none")
            )}
          </Row>
          <Row label={t("document.fields.createdAt")}>{dateTime(document.created_at)}</Row>
          <Row label={t("document.fields.updatedAt")}>{dateTime(document.updated_at)}</Row>
        </dl>
      </section>

      <section aria-labelledby="proposals" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="proposals" className="text-lg font-semibold">{t("document.proposalsHere")}</h2>
        {proposals.total === 0 ? (
          <p>{t("document.noProposals")}</p>
        ) : (
          <>
            {proposals.total > proposals.rows.length ? (
              <p>{t("document.shownOf", { shown: proposals.rows.length, total: proposals.total })}</p>
            ) : null}
            <div className="overflow-x-auto">
              <table className="mt-2 w-full text-sm">
                <thead>
                  <tr className="bg-slate-100">
                    <th scope="col" className="p-2">{t("proposal.fields.code")}</th>
                    <th scope="col" className="p-2">{t("proposal.fields.title")}</th>
                    <th scope="col" className="p-2">{t("proposal.fields.sourceProvision")}</th>
                    <th scope="col" className="p-2">{t("proposal.fields.agency")}</th>
                    <th scope="col" className="p-2">{t("proposal.fields.status")}</th>
                    <th scope="col" className="p-2">{t("proposal.fields.dueOn")}</th>
                  </tr>
                </thead>
                <tbody>
                  {proposals.rows.map((proposal) => (
                    <tr key={proposal.id} className="border-t border-slate-200 align-top">
                      <td className="p-2 whitespace-nowrap">
                        <Link to={`/proposals/${proposal.code}`}>{proposal.code}</Link>
                      </td>
                      <td className="p-2">{proposal.title}</td>
                      <td className="p-2">{proposal.source_provision ?? ""}</td>
                      <td className="p-2">{proposal.agency_code}</td>
                      <td className="p-2">{t(`labels.proposalStatus.${proposal.status}`)}</td>
                      <td className="p-2 whitespace-nowrap">{date(proposal.due_on)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="targeting" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="targeting" className="text-lg font-semibold">{t("document.amendmentsTargeting")}</h2>
        {targeting.length === 0 ? <p>{t("document.noAmendmentsTargeting")}</p> : <DocumentAmendments amendments={targeting} side="target" />}
      </section>

      <section aria-labelledby="amending" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="amending" className="text-lg font-semibold">{t("document.amendedBy")}</h2>
        {amending.length === 0 ? <p>{t("document.noAmendmentsAmending")}</p> : <DocumentAmendments amendments={amending} side="amending" />}
      </section>

      <section aria-labelledby="history" className="space-y-2">
        <h2 id="history" className="text-lg font-semibold">{t("document.sections.history")}</h2>
        <History entries={history} />
      </section>
    </article>
  );
}
