import { useTranslation } from "react-i18next";
import { DocumentNumberField, SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import { useAgencyName, useAgencyOptions, type AgencyChoice } from "~/components/ui/agency-options";
import { AMENDMENT_FORMS, DOCUMENT_TYPES } from "~/domain/vocabulary";
import { AmendmentSchema } from "~/schemas/amendment";

export interface AmendmentFormProps {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  /** The agencies this user may assign the amendment to. */
  agencies: AgencyChoice[];
  /** Officers act for their own agency only: the field is shown, not chosen. */
  agencyLocked?: boolean;
}

export function AmendmentForm({ defaultValues, serverErrors, agencies, agencyLocked }: AmendmentFormProps) {
  const { t } = useTranslation();
  const agencyName = useAgencyName();
  const agencyOptions = useAgencyOptions();
  const lockedAgency = agencies.find((agency) => agency.code === defaultValues.agency);
  return (
    <SchemaForm schema={AmendmentSchema} defaultValues={defaultValues} serverErrors={serverErrors} className="space-y-6">
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("amendment.sections.target")}</legend>
        <DocumentNumberField name="document" label={t("amendment.fields.document")} hint={t("amendment.hints.document")} required />
        <SelectField
          name="doc_type"
          label={t("amendment.fields.documentType")}
          hint={t("amendment.hints.documentType")}
          placeholder=""
          options={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`labels.documentType.${type}`) }))}
        />
        <TextArea name="provisions" label={t("amendment.fields.provisions")} rows={2} className="md:col-span-2" />
        <SelectField
          name="form"
          label={t("amendment.fields.form")}
          required
          placeholder=""
          options={AMENDMENT_FORMS.map((form) => ({ value: form, label: t(`labels.form.${form}`) }))}
        />
      </fieldset>
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("amendment.sections.progress")}</legend>
        {agencyLocked ? (
          <div>
            <p className="font-medium">{t("amendment.fields.agency")}</p>
            <p>{lockedAgency ? agencyName(lockedAgency) : defaultValues.agency}</p>
            <input type="hidden" name="agency" value={defaultValues.agency} />
          </div>
        ) : (
          <SelectField
            name="agency"
            label={t("amendment.fields.agency")}
            required
            placeholder=""
            options={agencyOptions(agencies)}
          />
        )}
        <TextField name="deadline" label={t("amendment.fields.deadline")} hint={t("amendment.hints.deadline")} />
        <TextField
          name="proposals"
          label={t("amendment.fields.proposals")}
          hint={t("amendment.hints.proposals")}
          className="md:col-span-2"
        />
        <TextArea name="note" label={t("amendment.fields.note")} rows={3} className="md:col-span-2" />
      </fieldset>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}

/** The form's blank values: every field present, so react-hook-form controls them all. */
export const EMPTY_AMENDMENT_VALUES = {
  document: "",
  doc_type: "",
  agency: "",
  provisions: "",
  form: "amend",
  deadline: "",
  note: "",
  proposals: "",
};
