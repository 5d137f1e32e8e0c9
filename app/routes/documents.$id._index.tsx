import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { DocumentAmendments } from "~/components/documents/document-amendments";
import { DocumentTitle } from "~/components/documents/document-title";
import { YearMismatchNote } from "~/components/documents/year-mismatch-note";
import { RelatedProposalsTable } from "~/components/proposals/related-proposals";
import { DetailList, DetailRow, DetailSection, EditLink, RecordHeader } from "~/components/ui/details";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { db } from "~/db.server";
import { idParam, page } from "~/http.server";
import { readDocumentPage } from "~/services/document-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.number ?? ""} · Tinh Gọn` }];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readDocumentPage(db(), user, { id: idParam(params.id) });
});

export default function DocumentPage() {
  const { document, proposals, targeting, amending, history, yearMismatch, today, allowed } = useLoaderData<typeof loader>();
  const { t, locale, date, dateTime } = useFormat();
  return (
    <article className="space-y-6">
      <RecordHeader
        kind={t(`labels.documentType.${document.doc_type}`)}
        title={
          <>
            {document.number}
            {document.title === null ? null : (
              <>
                : <span lang="vi">{document.title}</span>
              </>
            )}
          </>
        }
        actions={allowed.edit ? <EditLink to={`/documents/${document.id}/edit`} /> : null}
      >
        <strong>{t("document.fields.status")}:</strong> {t(`labels.documentStatus.${document.status}`)}
      </RecordHeader>

      {document.title === null ? (
        <section aria-labelledby="to-complete" className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950">
          <h2 id="to-complete" className="font-semibold">
            {t("document.toComplete.badge")}
          </h2>
          <p>{t("document.toComplete.prompt")}</p>
          {allowed.edit ? (
            <p className="no-print mt-2">
              <Link to={`/documents/${document.id}/edit`} className="inline-block rounded bg-blue-800 px-3 py-2 text-white no-underline">
                {t("document.toComplete.complete")}
              </Link>
            </p>
          ) : (
            <p>{t("document.toComplete.whoCompletes")}</p>
          )}
        </section>
      ) : null}

      {document.number_recognized === 0 ? (
        <p role="note" className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950">
          <strong>{t("document.fields.unrecognized")}.</strong> {t("document.unrecognizedHint")}
        </p>
      ) : null}

      <DetailSection id="details" title={t("document.sections.details")}>
        <DetailList>
          <DetailRow label={t("document.fields.number")}>{document.number}</DetailRow>
          <DetailRow label={t("document.fields.type")}>{t(`labels.documentType.${document.doc_type}`)}</DetailRow>
          <DetailRow label={t("document.fields.year")}>{document.year ?? t("form.none")}</DetailRow>
          <DetailRow label={t("document.fields.issuer")} lang="vi">{document.issuer ?? t("form.none")}</DetailRow>
          <DetailRow label={t("document.fields.title")}>
            <DocumentTitle title={document.title} />
          </DetailRow>
          <DetailRow label={t("document.fields.issuedOn")}>
            {date(document.issued_on) || t("form.none")}
            {yearMismatch ? <YearMismatchNote number={document.number} {...yearMismatch} /> : null}
          </DetailRow>
          <DetailRow label={t("document.fields.effectiveOn")}>{date(document.effective_on) || t("form.none")}</DetailRow>
          <DetailRow label={t("document.fields.status")}>{t(`labels.documentStatus.${document.status}`)}</DetailRow>
          <DetailRow label={t("document.fields.leadAgency")}>
            {document.lead_agency_code ? (
              <>
                <Link to={`/agencies/${document.lead_agency_code}`}>{document.lead_agency_code}</Link> —{" "}
                {locale === "vi" ? document.lead_agency_name_vi : document.lead_agency_name_en}
              </>
            ) : (
              t("form.none")
            )}
          </DetailRow>
          <DetailRow label={t("document.fields.createdAt")}>{dateTime(document.created_at)}</DetailRow>
          <DetailRow label={t("document.fields.updatedAt")}>{dateTime(document.updated_at)}</DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection id="proposals" title={t("document.proposalsHere")}>
        {proposals.total === 0 ? (
          <p>{t("document.noProposals")}</p>
        ) : (
          <>
            {proposals.total > proposals.rows.length ? (
              <p>{t("document.shownOf", { shown: proposals.rows.length, total: proposals.total })}</p>
            ) : null}
            <RelatedProposalsTable proposals={proposals.rows} today={today} show={{ sourceProvision: true, agency: true, dueOn: true }} />
          </>
        )}
      </DetailSection>

      <DetailSection id="targeting" title={t("document.amendmentsTargeting")}>
        {targeting.length === 0 ? <p>{t("document.noAmendmentsTargeting")}</p> : <DocumentAmendments amendments={targeting} side="target" />}
      </DetailSection>

      <DetailSection id="amending" title={t("document.amendedBy")}>
        {amending.length === 0 ? <p>{t("document.noAmendmentsAmending")}</p> : <DocumentAmendments amendments={amending} side="amending" />}
      </DetailSection>

      <HistorySection title={t("document.sections.history")} entries={history} />
    </article>
  );
}
