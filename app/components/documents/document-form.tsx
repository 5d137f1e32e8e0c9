import { SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import { useAgencyOptions, type AgencyChoice } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, type DocumentStatus, type DocumentType } from "~/domain/vocabulary";
import { labelConflictValues, type ConflictChange } from "~/schemas/conflict";
import { LegalDocumentEditSchema, LegalDocumentSchema } from "~/schemas/legal-document";

export interface DocumentFormProps {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  /** Lead agency choices; `inactive` ones stay listed so an old document keeps its value. */
  agencies: AgencyChoice[];
  /** Editing: the stored values and, after a stale save, what someone else changed. */
  base?: Record<string, string>;
  conflict?: ConflictChange[];
}

export function DocumentForm({ defaultValues, serverErrors, agencies, base, conflict }: DocumentFormProps) {
  const { t } = useFormat();
  const agencyOptions = useAgencyOptions();
  const fieldLabels = {
    number: t("document.fields.number"),
    doc_type: t("document.fields.type"),
    title: t("document.fields.title"),
    issued_on: t("document.fields.issuedOn"),
    effective_on: t("document.fields.effectiveOn"),
    status: t("document.fields.status"),
    lead_agency: t("document.fields.leadAgency"),
  };
  // the conflict table shows choices as the form words them
  const valueLabel = (field: string, value: string) => {
    if (field === "doc_type") return value ? t(`labels.documentType.${value as DocumentType}`, { defaultValue: value }) : t("document.typeFromNumber");
    if (field === "status" && value) return t(`labels.documentStatus.${value as DocumentStatus}`, { defaultValue: value });
    return value;
  };
  return (
    <SchemaForm
      schema={defaultValues.version ? LegalDocumentEditSchema : LegalDocumentSchema}
      defaultValues={defaultValues}
      serverErrors={serverErrors}
      base={base}
      conflict={labelConflictValues(conflict, valueLabel)}
      fieldLabels={fieldLabels}
      className="space-y-6"
    >
      {defaultValues.version ? <input type="hidden" name="version" value={defaultValues.version} /> : null}
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("document.sections.details")}</legend>
        <TextField name="number" label={t("document.fields.number")} hint={t("document.hints.number")} required />
        <SelectField
          name="doc_type"
          label={t("document.fields.type")}
          hint={t("document.hints.type")}
          placeholder={t("document.typeFromNumber")}
          options={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`labels.documentType.${type}`) }))}
        />
        <TextArea name="title" label={t("document.fields.title")} required className="md:col-span-2" />
        <TextField name="issued_on" label={t("document.fields.issuedOn")} hint={t("document.hints.date")} />
        <TextField name="effective_on" label={t("document.fields.effectiveOn")} hint={t("document.hints.date")} />
        <SelectField
          name="status"
          label={t("document.fields.status")}
          required
          placeholder=""
          options={DOCUMENT_STATUSES.map((status) => ({ value: status, label: t(`labels.documentStatus.${status}`) }))}
        />
        <SelectField
          name="lead_agency"
          label={t("document.fields.leadAgency")}
          placeholder={t("form.none")}
          options={agencyOptions(agencies)}
        />
      </fieldset>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}

/** The form's blank values: every field present, so react-hook-form controls them all. */
export const EMPTY_DOCUMENT_VALUES = {
  number: "",
  doc_type: "",
  title: "",
  issued_on: "",
  effective_on: "",
  status: "in_force",
  lead_agency: "",
};
