import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, type SessionUser } from "~/auth/session.server";
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
import { daysLate, isAmendmentOverdue } from "~/domain/amendment";
import { formatDate, todayIso } from "~/domain/dates";
import { numberYearMismatch } from "~/domain/document-number";
import { can, canLink } from "~/domain/permissions";
import { AMENDMENT_STAGES, type AmendmentStage, type DocumentType } from "~/domain/vocabulary";
import { badRequest, notFound, page, readForm } from "~/http.server";
import { getAmendment, listAmendmentProposals } from "~/models/amendment.server";
import { listEvents } from "~/models/event.server";
import { AmendmentCommentSchema, AmendmentStageFormSchema, LinkProposalsSchema, UnlinkProposalSchema } from "~/schemas/amendment";
import { labelConflictValues } from "~/schemas/conflict";
import { parseForm, staleVersionConflict } from "~/schemas/parse.server";
import { commentOnAmendment, linkProposalsToAmendment, moveAmendmentStage, unlinkProposal } from "~/services/amendment.server";
import { InvalidError, StaleVersionError } from "~/domain/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.amendment.document_number ?? ""} · Tinh Gọn` },
];

/** The id in the path, or a 404 for anything that is not one. */
function amendmentId(param: string | undefined): number {
  if (!param || !/^\d{1,12}$/.test(param)) notFound();
  return Number(param);
}

type AmendmentView = NonNullable<Awaited<ReturnType<typeof getAmendment>>>;

/** What the stage form starts from: the current stage and amending document, dates as typed. */
function stageValues(amendment: AmendmentView): Record<string, string> {
  return {
    stage: amendment.stage,
    amending_number: amendment.amending_number ?? "",
    amending_type: amendment.amending_type ?? "",
    promulgated_on: formatDate(amendment.amending_issued_on, "vi"),
    effective_on: formatDate(amendment.amending_effective_on, "vi"),
    reason: "",
  };
}

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const id = amendmentId(params.id);
  const amendment = await getAmendment(db(), id);
  if (!amendment) notFound();
  const [proposals, history] = await Promise.all([listAmendmentProposals(db(), id), listEvents(db(), "amendment", id)]);
  const today = todayIso();
  // after a save that stored another stage than the one chosen (its effective date decided), say why
  const asked = new URL(request.url).searchParams.get("asked");
  const storedOtherStage =
    AMENDMENT_STAGES.includes(asked as AmendmentStage) && asked !== amendment.stage && amendment.amending_effective_on ? amendment.stage : null;
  return {
    amendment,
    proposals: proposals.map((proposal) => ({ ...proposal, canUnlink: canLink(user, amendment, proposal) })),
    history,
    today,
    storedOtherStage,
    yearMismatch: amendment.amending_number ? numberYearMismatch(amendment.amending_number, amendment.amending_issued_on) : null,
    overdue: isAmendmentOverdue(amendment.stage, amendment.deadline, today),
    daysLate: daysLate(amendment.deadline, today),
    canUpdate: can(user, "amendment:update", amendment),
    // the same rule as commentOnAmendment: the amendment's own people and the secretariat
    canComment: can(user, "amendment:update", amendment) || can(user, "proposal:review"),
    stageValues: stageValues(amendment),
    version: String(amendment.version),
  };
});

export const action = page(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "amendment:update");
  const id = amendmentId(params.id);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "stage") return moveStage(user, id, formData);
  if (intent === "link") {
    const parsed = parseForm(LinkProposalsSchema, formData);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
    try {
      await linkProposalsToAmendment(db(), user, id, parsed.data.proposals);
    } catch (error) {
      if (error instanceof InvalidError) return data({ intent, errors: error.errors, values: parsed.values }, { status: 422 });
      throw error;
    }
    return redirect(`/amendments/${id}`);
  }
  if (intent === "unlink") {
    const parsed = parseForm(UnlinkProposalSchema, formData);
    // unticked: the answer goes beside that proposal's button
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
    try {
      await unlinkProposal(db(), user, id, parsed.data.proposal);
    } catch (error) {
      // only a forged or outdated button names a proposal that does not exist
      if (error instanceof InvalidError) notFound();
      throw error;
    }
    return redirect(`/amendments/${id}#proposals`);
  }
  if (intent === "comment") {
    const parsed = parseForm(AmendmentCommentSchema, formData);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
    await commentOnAmendment(db(), user, id, parsed.data.comment);
    return redirect(`/amendments/${id}#history`);
  }
  badRequest();
});

/**
 * The stage form's post. A move against an old version answers 409 with what someone else
 * changed beside what this user chose, keeps the choice and overwrites nothing.
 */
async function moveStage(user: SessionUser, id: number, formData: FormData) {
  const intent = "stage" as const;
  const parsed = parseForm(AmendmentStageFormSchema, formData);
  if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
  let stage: AmendmentStage;
  try {
    stage = await moveAmendmentStage(db(), user, id, parsed.data, parsed.data.version);
  } catch (error) {
    if (error instanceof InvalidError) return data({ intent, errors: error.errors, values: parsed.values }, { status: 422 });
    if (error instanceof StaleVersionError) {
      const current = await getAmendment(db(), id);
      if (!current) notFound();
      return data({ intent, ...staleVersionConflict(formData, parsed.values, stageValues(current), current.version) }, { status: 409 });
    }
    throw error;
  }
  return redirect(stage === parsed.data.stage ? `/amendments/${id}` : `/amendments/${id}?asked=${parsed.data.stage}`);
}

export default function AmendmentPage() {
  const { amendment, proposals, history, today, storedOtherStage, yearMismatch, overdue, daysLate, canUpdate, canComment, stageValues, version } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale, date, stage } = useFormat();
  const stageText = stage(amendment.stage, amendment.amending_effective_on);
  // the secretariat may take any proposal off; an officer only its own agency's
  const unlinkable = new Set(proposals.filter((proposal) => proposal.canUnlink).map((proposal) => proposal.id));
  const stageResult = actionData?.intent === "stage" ? actionData : undefined;
  const linkResult = actionData?.intent === "link" ? actionData : undefined;
  const commentResult = actionData?.intent === "comment" ? actionData : undefined;
  const unlinkResult = actionData?.intent === "unlink" ? actionData : undefined;
  // after a stale move, the form continues from the version now stored
  const conflict = stageResult && "conflict" in stageResult ? stageResult : undefined;
  // the conflict table shows stored values; stages and types read as their labels
  const stageLabel = (field: string, value: string) => {
    if (!value) return value;
    if (field === "stage") return t(`labels.stage.${value as AmendmentStage}`);
    return field === "amending_type" ? t(`labels.documentType.${value as DocumentType}`) : value;
  };
  return (
    <article className="space-y-6">
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

      {canUpdate ? (
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
              canUpdate
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
        {canUpdate ? (
          <LinkProposalsForm
            key={proposals.length}
            defaultValues={{ proposals: "", ...linkResult?.values }}
            serverErrors={linkResult?.errors}
          />
        ) : null}
      </DetailSection>

      {canComment ? (
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
