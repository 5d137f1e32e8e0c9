import { useTranslation } from "react-i18next";
import { SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import { AMENDMENT_STAGES, DOCUMENT_TYPES } from "~/domain/vocabulary";
import { AmendmentStageSchema } from "~/schemas/amendment";

/**
 * Moves an amendment along the law-making pipeline. The amending document's fields are always
 * shown (the schema requires them from "promulgated" on), so the form works without JavaScript.
 */
export function StageForm({
  defaultValues,
  serverErrors,
  version,
}: {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  version: number;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="stage-form-title" className="no-print space-y-4 rounded border border-slate-300 bg-white p-4">
      <h2 id="stage-form-title" className="text-lg font-semibold">{t("amendment.moveStage")}</h2>
      <SchemaForm
        schema={AmendmentStageSchema}
        defaultValues={defaultValues}
        serverErrors={serverErrors}
        aria-labelledby="stage-form-title"
      >
        <input type="hidden" name="intent" value="stage" />
        <input type="hidden" name="version" value={version} />
        <div className="grid gap-4 md:grid-cols-2">
          <SelectField
            name="stage"
            label={t("amendment.fields.stage")}
            required
            options={AMENDMENT_STAGES.map((stage) => ({ value: stage, label: t(`labels.stage.${stage}`) }))}
          />
          <div aria-hidden="true" className="hidden md:block" />
          <TextField name="amending_number" label={t("amendment.fields.amendingNumber")} hint={t("amendment.hints.amending")} />
          <SelectField
            name="amending_type"
            label={t("amendment.fields.amendingType")}
            hint={t("amendment.hints.documentType")}
            placeholder=""
            options={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`labels.documentType.${type}`) }))}
          />
          <TextField name="promulgated_on" label={t("amendment.fields.promulgatedOn")} hint={t("amendment.hints.amending")} />
          <TextField name="effective_on" label={t("amendment.fields.effectiveOn")} hint={t("amendment.hints.effectiveOn")} />
          <TextArea name="cancel_reason" label={t("amendment.fields.cancelReason")} hint={t("amendment.hints.cancelReason")} className="md:col-span-2" />
        </div>
        <SubmitButton>{t("actions.save")}</SubmitButton>
      </SchemaForm>
    </section>
  );
}
