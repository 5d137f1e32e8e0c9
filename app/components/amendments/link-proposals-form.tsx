import { useTranslation } from "react-i18next";
import { failureSummary, SchemaForm, SubmitButton, TextField } from "~/components/forms/schema-form";
import { LinkProposalsSchema } from "~/schemas/amendment";

/** Adds proposals, by code, to the ones an amendment carries out. */
export function LinkProposalsForm({
  defaultValues,
  serverErrors,
}: {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <SchemaForm
      schema={LinkProposalsSchema}
      defaultValues={defaultValues}
      serverErrors={serverErrors}
      summary={failureSummary(t, t("form.failed.link"))}
      className="no-print mt-4 space-y-3 border-t border-slate-200 pt-4"
    >
      <input type="hidden" name="intent" value="link" />
      <TextField name="proposals" label={t("amendment.fields.linkProposals")} hint={t("amendment.hints.proposals")} required />
      <SubmitButton>{t("amendment.link")}</SubmitButton>
    </SchemaForm>
  );
}
