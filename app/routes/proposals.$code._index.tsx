import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ImplementationBadge } from "~/components/proposals/implementation-badge";
import { CommentForm, NeedsAmendmentSection, refusalOf, WorkflowSection } from "~/components/proposals/workflow-forms";
import { DetailList, DetailRow, DetailSection, EditLink, RecordHeader } from "~/components/ui/details";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { DataTable } from "~/components/ui/list";
import { db } from "~/db.server";
import { PROPOSAL_INTENTS } from "~/domain/proposal-workflow";
import { formAction, intentOf, page, type IntentsHandle } from "~/http.server";
import { formInput } from "~/schemas/parse.server";
import { NoAmendmentReasonSchema, ProposalCommentSchema, TRANSITION_SCHEMAS, transitionInput } from "~/schemas/workflow";
import { authorizeProposalPost, readProposalPage } from "~/services/proposal-pages.server";
import { commentOnProposal, explainNoAmendment, transitionProposal } from "~/services/proposal-workflow.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.code ?? ""} · Tinh Gọn` }];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readProposalPage(db(), user, params.code ?? "");
});

export const handle = { intents: PROPOSAL_INTENTS } satisfies IntentsHandle;

// Each of the page's forms posts its `intent`; whoever may not post that form at all is refused
// before the form is read, so a viewer's post is a 403 whatever it holds.
export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "record:read");
  const intent = intentOf(formData, handle);
  const code = await authorizeProposalPost(db(), user, params.code ?? "", intent);
  if (intent === "comment") {
    await commentOnProposal(db(), user, code, formInput(ProposalCommentSchema, formData).comment);
  } else if (intent === "no_amendment") {
    const input = formInput(NoAmendmentReasonSchema, formData);
    await explainNoAmendment(db(), user, code, input.no_amendment_reason, input.version);
  } else {
    await transitionProposal(db(), user, code, intent, transitionInput(formInput(TRANSITION_SCHEMAS[intent], formData)));
  }
  return redirect(`/proposals/${code}`);
});

// After a refusal (409) the page reloads the proposal, so it shows where the case stands now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function ProposalPage() {
  const { proposal, amendments, history, decisions, allowed, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale, date, vnd, stage, timeline } = useFormat();
  // the forms start afresh whenever the proposal or its history moves on
  const formKey = `${proposal.version}-${history[0]?.id ?? 0}`;
  const needsAmendment = proposal.status === "approved" && proposal.implementation_progress === "needs_amendment";
  // a refusal is shown in the section of its form, or here once that section is gone
  const workflowAnswer =
    actionData && actionData.intent !== "comment" && !(actionData.intent === "no_amendment" && needsAmendment) ? actionData : undefined;
  const saving =
    proposal.cost_before_vnd !== null ? proposal.cost_before_vnd - (proposal.cost_after_vnd ?? 0) : null;
  return (
    <article className="space-y-6">
      <ErrorSummary answer={actionData} />
      <RecordHeader
        kind={t("proposal.title")}
        title={
          <>
            {proposal.code}: <span lang="vi">{proposal.title}</span>
          </>
        }
        actions={allowed.edit ? <EditLink to={`/proposals/${proposal.code}/edit`} /> : null}
      >
        <strong>{t("proposal.fields.status")}:</strong> {t(`labels.proposalStatus.${proposal.status}`)}{" "}
        <ImplementationBadge progress={proposal.implementation_progress} dueOn={proposal.due_on} today={today} />
      </RecordHeader>

      <DetailSection id="regulation" title={t("proposal.sections.regulation")}>
        <DetailList>
          <DetailRow label={t("proposal.fields.agency")}>
            <Link to={`/agencies/${proposal.agency_code}`}>{proposal.agency_code}</Link> —{" "}
            {locale === "vi" ? proposal.agency_name_vi : proposal.agency_name_en}
            {proposal.original_agency_code !== proposal.agency_code
              ? ` (${t("proposal.fields.originalAgency")}: ${proposal.original_agency_code})`
              : ""}
          </DetailRow>
          <DetailRow label={t("proposal.fields.regulationType")}>{t(`labels.regulationType.${proposal.regulation_type}`)}</DetailRow>
          <DetailRow label={t("proposal.fields.sourceDocument")}>
            {proposal.source_document_id ? (
              <Link to={`/documents/${proposal.source_document_id}`}>{proposal.source_document_number}</Link>
            ) : (
              t("form.none")
            )}
          </DetailRow>
          <DetailRow label={t("proposal.fields.sourceProvision")} lang="vi">{proposal.source_provision ?? t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.procedureCode")}>{proposal.procedure_code ?? t("form.none")}</DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection id="plan" title={t("proposal.sections.plan")}>
        <DetailList>
          <DetailRow label={t("proposal.fields.action")}>{t(`labels.action.${proposal.action}`)}</DetailRow>
          <DetailRow label={t("proposal.fields.proposedChange")} lang="vi">{proposal.proposed_change}</DetailRow>
          <DetailRow label={t("proposal.fields.rationale")} lang="vi">{proposal.rationale ?? t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.costBefore")}>{vnd(proposal.cost_before_vnd) || t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.costAfter")}>{vnd(proposal.cost_after_vnd) || t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.saving")}>{saving !== null ? vnd(saving) : t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.decision")}>
            {proposal.decision_id ? <Link to={`/decisions/${proposal.decision_id}`}>{proposal.decision_number}</Link> : t("form.none")}
          </DetailRow>
          <DetailRow label={t("proposal.fields.timeline")}>{proposal.timeline ? timeline(proposal.timeline) : t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.dueOn")}>{date(proposal.due_on) || t("form.none")}</DetailRow>
          {proposal.status === "approved" ? (
            <DetailRow label={t("proposal.fields.implementation")}>
              <ImplementationBadge progress={proposal.implementation_progress} dueOn={proposal.due_on} today={today} />
            </DetailRow>
          ) : null}
        </DetailList>
      </DetailSection>

      <DetailSection
        id="amendments"
        title={t("proposal.sections.amendments")}
        actions={
          allowed.addAmendment ? (
            <Link to={`/amendments/new?proposal=${encodeURIComponent(proposal.code)}`} className="no-print">
              {t("proposal.addAmendment")}
            </Link>
          ) : null
        }
      >
        {proposal.no_amendment_reason ? (
          <p className="mt-2">
            <strong>{t("proposal.fields.noAmendmentReason")}:</strong> <span lang="vi">{proposal.no_amendment_reason}</span>
          </p>
        ) : null}
        {amendments.length === 0 ? (
          <p>{t("proposal.noAmendments")}</p>
        ) : (
          <DataTable
            className="mt-2"
            columns={[
              t("amendment.fields.document"),
              t("amendment.fields.provisions"),
              t("amendment.fields.agency"),
              t("amendment.fields.stage"),
              t("amendment.fields.deadline"),
            ]}
          >
            {amendments.map((amendment) => (
              <tr key={amendment.id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link to={`/amendments/${amendment.id}`}>{amendment.document_number}</Link>
                </td>
                <td className="p-2" lang="vi">{amendment.provisions ?? ""}</td>
                <td className="p-2">{amendment.agency_code}</td>
                <td className="p-2">{stage(amendment.stage, amendment.amending_effective_on)}</td>
                <td className="p-2">{date(amendment.deadline)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </DetailSection>

      {needsAmendment ? (
        <NeedsAmendmentSection
          code={proposal.code}
          version={proposal.version}
          allowed={allowed}
          answer={actionData?.intent === "no_amendment" ? actionData : undefined}
          formKey={formKey}
        />
      ) : null}

      {allowed.transitions.length > 0 || (workflowAnswer && refusalOf(workflowAnswer)) ? (
        <WorkflowSection
          code={proposal.code}
          version={proposal.version}
          transitions={allowed.transitions}
          decisions={decisions}
          needsReason={amendments.length === 0}
          answer={workflowAnswer}
          formKey={formKey}
        />
      ) : null}

      {allowed.comment ? <CommentForm answer={actionData?.intent === "comment" ? actionData : undefined} formKey={formKey} /> : null}

      <HistorySection title={t("proposal.sections.history")} entries={history} statusLabels="proposalStatus" />
    </article>
  );
}
