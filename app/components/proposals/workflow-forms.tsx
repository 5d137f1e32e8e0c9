import { Link } from "~/components/ui/link";
import { useTranslation } from "react-i18next";
import { fieldAnchor } from "~/components/forms/error-summary";
import { useFormat } from "~/components/ui/format";
import { ConfirmField, failureSummary, SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import type { ProposalAllowed, ProposalTransition } from "~/domain/proposal-workflow";
import type { FormAnswer } from "~/schemas/answer";
import { translateMessage } from "~/i18n";
import { endsTheCase, NoAmendmentReasonSchema, ProposalCommentSchema, TRANSITION_SCHEMAS } from "~/schemas/workflow";

// The "Workflow" part of a proposal's page: one small form per transition this user may take
// now, and the comment form. Each posts to the page's action with an `intent`; the same
// schema validates in the browser and in the action.

/**
 * Why the proposal's state refused a form's post (a 409), when it did: the step is not open from
 * the status now, or the page was stale. Shown above the forms, whichever of them is still there.
 */
export function refusalOf(answer: FormAnswer): string | undefined {
  return answer.refused ?? (answer.conflict ? answer.errors._form : undefined);
}

/** A form's answer as the form shows it: a refusal is said once, above the forms, not again in the form. */
function formPart(answer: FormAnswer | undefined): FormAnswer | undefined {
  return answer && refusalOf(answer) ? { ...answer, errors: {} } : answer;
}

export interface DecisionChoice {
  id: number;
  number: string;
  timeline: string | null;
}

/** A decision as the approval selects offer it: its number and, in the page's language, its timeline. */
export function useDecisionLabel() {
  const { timeline } = useFormat();
  return (decision: DecisionChoice) => (decision.timeline ? `${decision.number} (${timeline(decision.timeline)})` : decision.number);
}

/** Proposal fields a submission can find missing, beside the form (they are edited elsewhere). */
const GAP_LABELS = {
  source_document: "proposal.fields.sourceDocument",
  source_provision: "proposal.fields.sourceProvision",
  rationale: "proposal.fields.rationale",
  cost_before_vnd: "proposal.fields.costBefore",
  cost_after_vnd: "proposal.fields.costAfter",
} as const;

const COMMENT_LABELS = {
  withdraw: "workflow.fields.withdrawReason",
  return: "workflow.fields.returnComment",
  reject: "workflow.fields.rejectComment",
  reopen: "workflow.fields.reopenComment",
} as const;

export function WorkflowSection({
  code,
  version,
  transitions,
  decisions,
  needsReason,
  answer,
  formKey,
}: {
  code: string;
  version: number;
  transitions: ProposalTransition[];
  decisions: DecisionChoice[];
  /** No amendment is linked: a submission must say why none is needed. */
  needsReason: boolean;
  answer?: FormAnswer;
  /** Changes whenever the proposal does, so the forms start afresh after a move. */
  formKey: string;
}) {
  const { t } = useTranslation();
  const refused = answer && refusalOf(answer);
  return (
    <section aria-labelledby="workflow" className="no-print space-y-3 rounded border border-slate-300 bg-white p-4">
      <h2 id="workflow" className="text-lg font-semibold">
        {t("workflow.title")}
      </h2>
      {refused ? (
        // said again beside the forms; announced by the page's error summary (ErrorSummary)
        <p className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950" data-refused={answer?.intent}>
          <strong>{t("workflow.refused")}</strong> {translateMessage(t, refused)}
        </p>
      ) : null}
      {transitions.length === 0 ? <p>{t("workflow.nothingNow")}</p> : null}
      <div className="grid gap-3 lg:grid-cols-2">
        {transitions.map((transition) => (
          <TransitionForm
            key={`${transition}-${formKey}`}
            code={code}
            transition={transition}
            version={version}
            decisions={decisions}
            needsReason={needsReason}
            answer={answer?.intent === transition ? formPart(answer) : undefined}
          />
        ))}
      </div>
    </section>
  );
}

function TransitionForm({
  code,
  transition,
  version,
  decisions,
  needsReason,
  answer,
}: {
  code: string;
  transition: ProposalTransition;
  version: number;
  decisions: DecisionChoice[];
  needsReason: boolean;
  answer?: FormAnswer;
}) {
  const { t } = useTranslation();
  const headingId = `transition-${transition}`;
  const gaps = Object.entries(answer?.errors ?? {}).filter(
    (entry): entry is [keyof typeof GAP_LABELS, string] => entry[0] in GAP_LABELS,
  );
  return (
    <section aria-labelledby={headingId} className="rounded border border-slate-200 p-3" data-transition={transition}>
      <h3 id={headingId} className="font-semibold">
        {t(`workflow.transitions.${transition}.title`)}
      </h3>
      <p className="text-sm text-slate-700">{t(`workflow.transitions.${transition}.help`)}</p>
      <SchemaForm
        schema={TRANSITION_SCHEMAS[transition]}
        // the version travels with the values, so the browser's check of the schema sees it too
        defaultValues={{ comment: "", no_amendment_reason: "", decision: "", due_on: "", ...answer?.values, version: String(version) }}
        serverErrors={answer?.errors}
        summary={failureSummary(t, t(`form.failed.${transition}`))}
        className="mt-2 space-y-3"
        aria-labelledby={headingId}
      >
        <input type="hidden" name="intent" value={transition} />
        <input type="hidden" name="version" value={version} />
        {gaps.length ? (
          <div className="rounded border border-red-300 bg-red-50 p-2 text-sm">
            <p>{t("workflow.gaps")}</p>
            <ul className="list-disc pl-5">
              {gaps.map(([field, message]) => (
                // the error summary at the top of the page links here: the field is on the edit page
                <li key={field} id={fieldAnchor(field)}>
                  <strong>{t(GAP_LABELS[field])}</strong>: <span data-field-error={field}>{translateMessage(t, message)}</span>
                </li>
              ))}
            </ul>
            <Link to={`/proposals/${code}/edit`}>{t("workflow.completeIt")}</Link>
          </div>
        ) : null}
        <TransitionFields transition={transition} decisions={decisions} needsReason={needsReason} />
        {endsTheCase(transition) ? <ConfirmField label={t(`form.confirm.${transition}`)} /> : null}
        <SubmitButton tone={endsTheCase(transition) ? "danger" : "primary"}>{t(`workflow.transitions.${transition}.button`)}</SubmitButton>
      </SchemaForm>
    </section>
  );
}

function TransitionFields({
  transition,
  decisions,
  needsReason,
}: {
  transition: ProposalTransition;
  decisions: DecisionChoice[];
  needsReason: boolean;
}) {
  const { t } = useTranslation();
  const decisionLabel = useDecisionLabel();
  switch (transition) {
    case "submit":
      return needsReason ? (
        <TextArea name="no_amendment_reason" label={t("workflow.fields.noAmendmentReason")} hint={t("workflow.fields.noAmendmentReasonHint")} />
      ) : null;
    case "approve":
      return (
        <>
          <SelectField
            name="decision"
            label={t("workflow.fields.decision")}
            required
            placeholder=""
            options={decisions.map((decision) => ({
              value: String(decision.id),
              label: decisionLabel(decision),
            }))}
          />
          <TextField name="due_on" label={t("workflow.fields.dueOn")} hint={t("workflow.fields.dueOnHint")} />
          <TextArea name="comment" label={t("workflow.fields.note")} rows={2} />
        </>
      );
    default:
      return <TextArea name="comment" label={t(COMMENT_LABELS[transition])} required />;
  }
}

/** A note on the case for its history: the reviewer's remark, the officer's reply. */
export function CommentForm({ answer, formKey }: { answer?: FormAnswer; formKey: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="comment" className="no-print rounded border border-slate-300 bg-white p-4">
      <h2 id="comment" className="text-lg font-semibold">
        {t("workflow.comment.title")}
      </h2>
      <SchemaForm
        key={formKey}
        schema={ProposalCommentSchema}
        defaultValues={{ comment: "", ...answer?.values }}
        serverErrors={answer?.errors}
        summary={failureSummary(t, t("form.failed.comment"))}
        className="mt-2 space-y-3"
        aria-labelledby="comment"
      >
        <input type="hidden" name="intent" value="comment" />
        <TextArea name="comment" label={t("workflow.comment.label")} hint={t("workflow.comment.hint")} required />
        <SubmitButton>{t("workflow.comment.button")}</SubmitButton>
      </SchemaForm>
    </section>
  );
}

/**
 * An approved proposal with no amendment left to carry it out: what resolves it, a new
 * amendment (or linking one from its page) or the reason none is needed.
 */
export function NeedsAmendmentSection({
  code,
  version,
  allowed,
  answer,
  formKey,
}: {
  code: string;
  version: number;
  /** What this user may do about it: start a new amendment, state the reason. */
  allowed: Pick<ProposalAllowed, "addAmendment" | "explainNoAmendment">;
  answer?: FormAnswer;
  formKey: string;
}) {
  const { t } = useTranslation();
  const refused = answer && refusalOf(answer);
  const form = formPart(answer);
  return (
    <section aria-labelledby="needs-amendment" className="space-y-3 rounded border border-amber-600 bg-amber-50 p-4" data-needs-amendment="">
      <h2 id="needs-amendment" className="text-lg font-semibold">
        {t("workflow.needsAmendment.title")}
      </h2>
      <p>{t("workflow.needsAmendment.intro")}</p>
      {refused ? (
        <p className="rounded border border-amber-500 bg-white p-3 text-amber-950" data-refused={answer?.intent}>
          <strong>{t("workflow.refused")}</strong> {translateMessage(t, refused)}
        </p>
      ) : null}
      {allowed.addAmendment ? (
        <p className="no-print">
          <Link to={`/amendments/new?proposal=${encodeURIComponent(code)}`}>{t("workflow.needsAmendment.newAmendment")}</Link>
          <span className="block text-sm text-slate-700">{t("workflow.needsAmendment.linkHint")}</span>
        </p>
      ) : null}
      {allowed.explainNoAmendment ? (
        <SchemaForm
          key={formKey}
          schema={NoAmendmentReasonSchema}
          defaultValues={{ no_amendment_reason: "", ...form?.values }}
          serverErrors={form?.errors}
          className="no-print space-y-3"
          aria-labelledby="needs-amendment"
        >
          <input type="hidden" name="intent" value="no_amendment" />
          <input type="hidden" name="version" value={version} />
          <TextArea name="no_amendment_reason" label={t("workflow.needsAmendment.reason")} hint={t("workflow.needsAmendment.reasonHint")} required />
          <SubmitButton>{t("workflow.needsAmendment.button")}</SubmitButton>
        </SchemaForm>
      ) : null}
    </section>
  );
}
