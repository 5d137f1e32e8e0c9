import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { get, useFormContext } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { failureSummary, SchemaForm, SelectField, SubmitButton, TextArea } from "~/components/forms/schema-form";
import { translateMessage } from "~/i18n";
import { BULK_TRANSITIONS, BulkReviewSchema } from "~/schemas/workflow";
import { useDecisionLabel, type DecisionChoice } from "./workflow-forms";

// Bulk review on the list of proposals: the table sits inside one form posted to
// /proposals/review, each submitted proposal with a checkbox, the action below the table.

/** The list's address without an earlier review's note: where the review returns to. */
function useListAddress(): string {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("reviewed");
  params.delete("review");
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}

export function BulkReviewForm({ decisions, children }: { decisions: DecisionChoice[]; children: ReactNode }) {
  const { t } = useTranslation();
  const decisionLabel = useDecisionLabel();
  const redirectTo = useListAddress();
  return (
    <SchemaForm
      schema={BulkReviewSchema}
      action="/proposals/review"
      defaultValues={{ code: [], transition: "approve", decision: "", comment: "" }}
      summary={failureSummary(t, t("form.failed.review"))}
      aria-labelledby="bulk-review"
    >
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {children}
      <fieldset className="no-print grid gap-3 rounded border border-slate-300 bg-white p-3 md:grid-cols-3">
        <legend id="bulk-review" className="px-1 font-semibold">
          {t("workflow.bulk.title")}
        </legend>
        <p className="text-sm text-slate-700 md:col-span-3">{t("workflow.bulk.hint")}</p>
        <SelectionError />
        <SelectField
          name="transition"
          label={t("workflow.bulk.transition")}
          required
          options={BULK_TRANSITIONS.map((transition) => ({ value: transition, label: t(`workflow.transitions.${transition}.button`) }))}
        />
        <SelectField
          name="decision"
          label={t("workflow.bulk.decision")}
          hint={t("workflow.bulk.decisionHint")}
          placeholder=""
          options={decisions.map((decision) => ({
            value: String(decision.id),
            label: decisionLabel(decision),
          }))}
        />
        <TextArea name="comment" label={t("workflow.bulk.comment")} hint={t("workflow.bulk.commentHint")} rows={2} />
        <div className="md:col-span-3">
          <SubmitButton>{t("workflow.bulk.button")}</SubmitButton>
        </div>
      </fieldset>
    </SchemaForm>
  );
}

/** The browser's message when nothing is ticked (the server answers the same on its page). */
function SelectionError() {
  const { t } = useTranslation();
  const { formState } = useFormContext();
  const message = (get(formState.errors, "code") as { message?: string } | undefined)?.message;
  return message ? (
    <p role="alert" className="font-medium text-red-800 md:col-span-3" data-field-error="code">
      {translateMessage(t, message)}
    </p>
  ) : null;
}

/** A row's checkbox; only inside BulkReviewForm. */
export function BulkCheckbox({ code }: { code: string }) {
  const { t } = useTranslation();
  const { register } = useFormContext();
  return (
    <input
      type="checkbox"
      {...register("code")}
      value={code}
      aria-label={t("workflow.bulk.select", { code })}
      className="h-4 w-4"
    />
  );
}
