import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { AmendmentCommentForm } from "~/components/amendments/comment-form";
import { LinkProposalsForm } from "~/components/amendments/link-proposals-form";
import { OverdueMark } from "~/components/amendments/overdue-mark";
import { StageForm } from "~/components/amendments/stage-form";
import { UnlinkProposalButton } from "~/components/amendments/unlink-proposal-button";
import { YearMismatchNote } from "~/components/documents/year-mismatch-note";
import { RelatedProposalsTable } from "~/components/proposals/related-proposals";
import { DetailList, DetailRow, DetailSection, RecordHeader } from "~/components/ui/details";
import { DocumentTitle } from "~/components/documents/document-title";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { db } from "~/db.server";
import type { AmendmentStage, DocumentType } from "~/domain/vocabulary";
import { formAction, idParam, intentOf, page, type IntentsHandle } from "~/http.server";
import { AmendmentCommentSchema, AmendmentStageFormSchema, LinkProposalsSchema, UnlinkProposalSchema } from "~/schemas/amendment";
import type { FormAnswer } from "~/schemas/answer";
import { labelConflictValues } from "~/schemas/conflict";
import { formInput } from "~/schemas/parse.server";
import { commentOnAmendment, linkProposalsToAmendment, moveAmendmentStage, unlinkProposal } from "~/services/amendment.server";
import { readAmendmentPage } from "~/services/amendment-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.amendment.document_number ?? ""} · Tinh Gọn` },
];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  // after a save that stored another stage than the one chosen (its effective date decided), the page says why
  const asked = new URL(request.url).searchParams.get("asked");
  return readAmendmentPage(db(), user, { id: idParam(params.id), asked });
});

export const handle = { intents: ["stage", "link", "unlink", "comment"] } as const satisfies IntentsHandle;

export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "amendment:update");
  const id = idParam(params.id);
  const intent = intentOf(formData, handle);
  if (intent === "stage") {
    // a move against an old version answers 409 with what someone else changed beside this user's choice
    const move = formInput(AmendmentStageFormSchema, formData);
    const stage = await moveAmendmentStage(db(), user, id, move, move.version);
    return redirect(stage === move.stage ? `/amendments/${id}` : `/amendments/${id}?asked=${move.stage}`);
  }
  if (intent === "link") {
    await linkProposalsToAmendment(db(), user, id, formInput(LinkProposalsSchema, formData).proposals);
    return redirect(`/amendments/${id}`);
  }
  if (intent === "unlink") {
    // unticked: the answer goes beside that proposal's button
    await unlinkProposal(db(), user, id, formInput(UnlinkProposalSchema, formData).proposal);
    return redirect(`/amendments/${id}#proposals`);
  }
  await commentOnAmendment(db(), user, id, formInput(AmendmentCommentSchema, formData).comment);
  return redirect(`/amendments/${id}#history`);
});

export default function AmendmentPage() {
  const { amendment, proposals, history, today, storedOtherStage, yearMismatch, overdue, daysLate, stageValues, version, allowed } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<FormAnswer>();
  const { t, locale, date, stage } = useFormat();
  const stageText = stage(amendment.stage, amendment.amending_effective_on);
  // the secretariat may take any proposal off; an officer only its own agency's
  const unlinkable = new Set(proposals.filter((proposal) => proposal.allowed.unlink).map((proposal) => proposal.id));
  const stageResult = actionData?.intent === "stage" ? actionData : undefined;
  const linkResult = actionData?.intent === "link" ? actionData : undefined;
  const commentResult = actionData?.intent === "comment" ? actionData : undefined;
  const unlinkResult = actionData?.intent === "unlink" ? actionData : undefined;
  // after a stale move, the form continues from the version now stored
  const conflict = stageResult?.conflict ? stageResult : undefined;
  // the conflict table shows stored values; stages and types read as their labels
  const stageLabel = (field: string, value: string) => {
    if (!value) return value;
    if (field === "stage") return t(`labels.stage.${value as AmendmentStage}`);
    return field === "amending_type" ? t(`labels.documentType.${value as DocumentType}`) : value;
  };
  return (
    <article className="space-y-6">
      <ErrorSummary answer={actionData} />
      <RecordHeader
        kind={t("amendment.title")}
        title={
          <>
            {amendment.document_number}: <DocumentTitle title={amendment.document_title} />
          </>
        }
      >
        <strong>{t("amendment.fields.stage")}:</strong> {stageText}
        {overdue ? <OverdueMark daysLate={daysLate} /> : null}
      </RecordHeader>

      <div role="status" aria-live="polite">
        {storedOtherStage ? (
          <p className="rounded border border-sky-500 bg-sky-50 p-3 text-sky-950" data-notice="stage">
            {t(storedOtherStage === "in_force" ? "amendment.savedInForce" : "amendment.savedPromulgated", { date: amendment.amending_effective_on ?? "" })}
          </p>
        ) : null}
      </div>

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
          <DetailRow label={t("amendment.fields.provisions")} lang="vi">{amendment.provisions ?? t("form.none")}</DetailRow>
          <DetailRow label={t("amendment.fields.form")}>{t(`labels.form.${amendment.form}`)}</DetailRow>
          <DetailRow label={t("amendment.fields.note")} lang="vi">{amendment.note ?? t("form.none")}</DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection id="progress" title={t("amendment.sections.progress")}>
        <DetailList>
          <DetailRow label={t("amendment.fields.stage")}>{stageText}</DetailRow>
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
            {yearMismatch ? <YearMismatchNote number={amendment.amending_number ?? ""} {...yearMismatch} /> : null}
          </DetailRow>
          {amendment.amending_document_id ? (
            <>
              <DetailRow label={t("amendment.fields.promulgatedOn")}>{date(amendment.amending_issued_on) || t("form.none")}</DetailRow>
              <DetailRow label={t("amendment.fields.effectiveOn")}>{date(amendment.amending_effective_on) || t("form.none")}</DetailRow>
            </>
          ) : null}
          {amendment.cancel_reason ? <DetailRow label={t("amendment.fields.cancelReason")} lang="vi">{amendment.cancel_reason}</DetailRow> : null}
        </DetailList>
      </DetailSection>

      {allowed.moveStage ? (
        <StageForm
          // a saved move reloads the form from the record's new version; a stale one from the stored version
          key={conflict?.values.version ?? version}
          current={amendment.stage}
          defaultValues={{ ...stageValues, version, ...stageResult?.values }}
          serverErrors={stageResult?.errors}
          base={conflict?.base ?? stageValues}
          conflict={labelConflictValues(conflict?.conflict, stageLabel)}
        />
      ) : null}

      <DetailSection id="proposals" title={t("amendment.sections.proposals")}>
        {proposals.length === 0 ? (
          <p>{t("amendment.noProposals")}</p>
        ) : (
          <RelatedProposalsTable
            proposals={proposals}
            today={today}
            show={{ agency: true }}
            action={
              allowed.unlink
                ? {
                    label: t("amendment.unlink"),
                    cell: (proposal) =>
                      unlinkable.has(proposal.id) ? (
                        <UnlinkProposalButton
                          code={proposal.code}
                          serverErrors={unlinkResult?.values.proposal?.toUpperCase() === proposal.code ? unlinkResult.errors : undefined}
                        />
                      ) : null,
                  }
                : undefined
            }
          />
        )}
        {allowed.link ? (
          <LinkProposalsForm
            key={proposals.length}
            defaultValues={{ proposals: "", ...linkResult?.values }}
            serverErrors={linkResult?.errors}
          />
        ) : null}
      </DetailSection>

      {allowed.comment ? (
        <AmendmentCommentForm
          key={history.length}
          defaultValues={{ comment: "", ...commentResult?.values }}
          serverErrors={commentResult?.errors}
        />
      ) : null}

      <HistorySection title={t("amendment.sections.history")} entries={history} statusLabels="stage" />
    </article>
  );
}
