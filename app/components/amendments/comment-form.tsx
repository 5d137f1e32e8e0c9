import { useTranslation } from "react-i18next";
import { failureSummary, SchemaForm, SubmitButton, TextArea } from "~/components/forms/schema-form";
import { AmendmentCommentSchema } from "~/schemas/amendment";

/** A comment on an amendment: the secretariat's note or the ministry's reply, added to its history. */
export function AmendmentCommentForm({
  defaultValues,
  serverErrors,
}: {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="comment-form-title" className="no-print space-y-3 rounded border border-slate-300 bg-white p-4">
      <h2 id="comment-form-title" className="text-lg font-semibold">{t("amendment.comment.title")}</h2>
      <SchemaForm
        schema={AmendmentCommentSchema}
        defaultValues={defaultValues}
        serverErrors={serverErrors}
        summary={failureSummary(t, t("form.failed.comment"))}
        className="space-y-3"
        aria-labelledby="comment-form-title"
      >
        <input type="hidden" name="intent" value="comment" />
        <TextArea name="comment" label={t("amendment.comment.field")} hint={t("amendment.comment.hint")} required rows={3} />
        <SubmitButton>{t("amendment.comment.submit")}</SubmitButton>
      </SchemaForm>
    </section>
  );
}
