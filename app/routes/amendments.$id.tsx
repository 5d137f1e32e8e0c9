import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { LinkProposalsForm } from "~/components/amendments/link-proposals-form";
import { OverdueMark } from "~/components/amendments/overdue-mark";
import { StageForm } from "~/components/amendments/stage-form";
import { DetailList, DetailRow, DetailSection, RecordHeader } from "~/components/ui/details";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { DataTable } from "~/components/ui/list";
import { db } from "~/db.server";
import { daysLate, isAmendmentOverdue } from "~/domain/amendment";
import { formatDate, todayIso } from "~/domain/dates";
import { can } from "~/domain/permissions";
import { badRequest, notFound, readForm } from "~/http.server";
import { getAmendment, listAmendmentProposals } from "~/models/amendment.server";
import { listEvents } from "~/models/event.server";
import { AmendmentStageSchema, LinkProposalsSchema } from "~/schemas/amendment";
import { parseForm } from "~/schemas/parse.server";
import { linkProposalsToAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { FormError, StaleVersionError } from "~/services/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.amendment.document_number ?? ""} · Tinh Gọn` },
];

/** The id in the path, or a 404 for anything that is not one. */
function amendmentId(param: string | undefined): number {
  if (!param || !/^\d{1,12}$/.test(param)) notFound();
  return Number(param);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const id = amendmentId(params.id);
  const amendment = await getAmendment(db(), id);
  if (!amendment) notFound();
  const [proposals, history] = await Promise.all([listAmendmentProposals(db(), id), listEvents(db(), "amendment", id)]);
  const today = todayIso();
  return {
    amendment,
    proposals,
    history,
    overdue: isAmendmentOverdue(amendment.stage, amendment.deadline, today),
    daysLate: daysLate(amendment.deadline, today),
    canUpdate: can(user, "amendment:update", amendment),
    // what the stage form starts from: the current stage and amending document, dates as typed
    stageValues: {
      stage: amendment.stage,
      amending_number: amendment.amending_number ?? "",
      amending_type: amendment.amending_type ?? "",
      promulgated_on: formatDate(amendment.amending_issued_on, "vi"),
      effective_on: formatDate(amendment.amending_effective_on, "vi"),
      cancel_reason: amendment.cancel_reason ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "amendment:update");
  const id = amendmentId(params.id);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "stage") {
    const parsed = parseForm(AmendmentStageSchema, formData);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
    const version = parsed.data.version ? Number(parsed.data.version) : undefined;
    try {
      await moveAmendmentStage(db(), user, id, parsed.data, version);
    } catch (error) {
      if (error instanceof FormError) return data({ intent, errors: error.errors, values: parsed.values }, { status: 422 });
      if (error instanceof StaleVersionError) {
        return data({ intent, errors: { _form: "errors.stale_version" }, values: parsed.values }, { status: 409 });
      }
      throw error;
    }
    return redirect(`/amendments/${id}`);
  }
  if (intent === "link") {
    const parsed = parseForm(LinkProposalsSchema, formData);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
    try {
      await linkProposalsToAmendment(db(), user, id, parsed.data.proposals);
    } catch (error) {
      if (error instanceof FormError) return data({ intent, errors: error.errors, values: parsed.values }, { status: 422 });
      throw error;
    }
    return redirect(`/amendments/${id}`);
  }
  badRequest();
}

export default function AmendmentPage() {
  const { amendment, proposals, history, overdue, daysLate, canUpdate, stageValues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale, date } = useFormat();
  const stageResult = actionData?.intent === "stage" ? actionData : undefined;
  const linkResult = actionData?.intent === "link" ? actionData : undefined;
  return (
    <article className="space-y-6">
      <RecordHeader
        kind={t("amendment.title")}
        title={
          <>
            {amendment.document_number}
            {amendment.document_title !== amendment.document_number ? `: ${amendment.document_title}` : ""}
          </>
        }
      >
        <strong>{t("amendment.fields.stage")}:</strong> {t(`labels.stage.${amendment.stage}`)}
        {overdue ? <OverdueMark daysLate={daysLate} /> : null}
      </RecordHeader>

      <DetailSection id="target" title={t("amendment.sections.target")}>
        <DetailList>
          <DetailRow label={t("amendment.fields.document")}>
            <Link to={`/documents/${amendment.legal_document_id}`}>{amendment.document_number}</Link>
            {" — "}
            {t(`labels.documentType.${amendment.document_type}`)}
          </DetailRow>
          <DetailRow label={t("amendment.fields.agency")}>
            <Link to={`/agencies/${amendment.agency_code}`}>{amendment.agency_code}</Link> —{" "}
            {locale === "vi" ? amendment.agency_name_vi : amendment.agency_name_en}
            {amendment.original_agency_code !== amendment.agency_code
              ? ` (${t("amendment.fields.originalAgency")}: ${amendment.original_agency_code})`
              : ""}
          </DetailRow>
          <DetailRow label={t("amendment.fields.provisions")}>{amendment.provisions ?? t("form.none")}</DetailRow>
          <DetailRow label={t("amendment.fields.form")}>{t(`labels.form.${amendment.form}`)}</DetailRow>
          <DetailRow label={t("amendment.fields.note")}>{amendment.note ?? t("form.none")}</DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection id="progress" title={t("amendment.sections.progress")}>
        <DetailList>
          <DetailRow label={t("amendment.fields.stage")}>{t(`labels.stage.${amendment.stage}`)}</DetailRow>
          <DetailRow label={t("amendment.fields.deadline")}>
            {date(amendment.deadline) || t("form.none")}
            {overdue ? <OverdueMark daysLate={daysLate} /> : null}
          </DetailRow>
          <DetailRow label={t("amendment.fields.amendingDocument")}>
            {amendment.amending_document_id ? (
              <Link to={`/documents/${amendment.amending_document_id}`}>{amendment.amending_number}</Link>
            ) : (
              t("form.none")
            )}
          </DetailRow>
          {amendment.amending_document_id ? (
            <>
              <DetailRow label={t("amendment.fields.promulgatedOn")}>{date(amendment.amending_issued_on) || t("form.none")}</DetailRow>
              <DetailRow label={t("amendment.fields.effectiveOn")}>{date(amendment.amending_effective_on) || t("form.none")}</DetailRow>
            </>
          ) : null}
          {amendment.cancel_reason ? <DetailRow label={t("amendment.fields.cancelReason")}>{amendment.cancel_reason}</DetailRow> : null}
        </DetailList>
      </DetailSection>

      {canUpdate ? (
        <StageForm
          // a saved change reloads the form from the record's new version
          key={amendment.version}
          defaultValues={{ ...stageValues, ...stageResult?.values }}
          serverErrors={stageResult?.errors}
          version={amendment.version}
        />
      ) : null}

      <DetailSection id="proposals" title={t("amendment.sections.proposals")}>
        {proposals.length === 0 ? (
          <p>{t("amendment.noProposals")}</p>
        ) : (
          <DataTable
            className="mt-2"
            columns={[t("proposal.fields.code"), t("proposal.fields.title"), t("proposal.fields.agency"), t("proposal.fields.status")]}
          >
            {proposals.map((proposal) => (
              <tr key={proposal.id} className="border-t border-slate-200 align-top">
                <td className="p-2 whitespace-nowrap">
                  <Link to={`/proposals/${proposal.code}`}>{proposal.code}</Link>
                </td>
                <td className="p-2">{proposal.title}</td>
                <td className="p-2">{proposal.agency_code}</td>
                <td className="p-2">{t(`labels.proposalStatus.${proposal.status}`)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {canUpdate ? (
          <LinkProposalsForm
            key={proposals.length}
            defaultValues={{ proposals: "", ...linkResult?.values }}
            serverErrors={linkResult?.errors}
          />
        ) : null}
      </DetailSection>

      <HistorySection title={t("amendment.sections.history")} entries={history} statusLabels="stage" />
    </article>
  );
}
