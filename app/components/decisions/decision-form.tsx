import { SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import { useFormat } from "~/components/ui/format";
import { DECISION_KINDS, type DecisionKind } from "~/domain/vocabulary";
import { labelConflictValues, type ConflictChange } from "~/schemas/conflict";
import { DecisionEditSchema, DecisionSchema } from "~/schemas/decision";

export interface DecisionFormProps {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  /** Editing: the stored values and, after a stale save, what someone else changed. */
  base?: Record<string, string>;
  conflict?: ConflictChange[];
}

export function DecisionForm({ defaultValues, serverErrors, base, conflict }: DecisionFormProps) {
  const { t } = useFormat();
  const fieldLabels = {
    number: t("decision.fields.number"),
    signed_on: t("decision.fields.signedOn"),
    kind: t("decision.fields.kind"),
    title_vi: t("decision.fields.titleVi"),
    title_en: t("decision.fields.titleEn"),
    timeline: t("decision.fields.timeline"),
  };
  const kindLabel = (value: string) => (value ? t(`labels.decisionKind.${value as DecisionKind}`, { defaultValue: value }) : value);
  return (
    <SchemaForm
      schema={defaultValues.version ? DecisionEditSchema : DecisionSchema}
      defaultValues={defaultValues}
      serverErrors={serverErrors}
      base={base}
      // the conflict table shows the kind as the form words it
      conflict={labelConflictValues(conflict, (field, value) => (field === "kind" ? kindLabel(value) : value))}
      fieldLabels={fieldLabels}
      className="space-y-6"
    >
      {defaultValues.version ? <input type="hidden" name="version" value={defaultValues.version} /> : null}
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("decision.sections.details")}</legend>
        <TextField name="number" label={t("decision.fields.number")} hint={t("decision.hints.number")} required />
        <TextField name="signed_on" label={t("decision.fields.signedOn")} hint={t("decision.hints.signedOn")} required />
        <SelectField
          name="kind"
          label={t("decision.fields.kind")}
          required
          placeholder=""
          options={DECISION_KINDS.map((kind) => ({ value: kind, label: t(`labels.decisionKind.${kind}`) }))}
        />
        <TextField name="timeline" label={t("decision.fields.timeline")} hint={t("decision.hints.timeline")} lang="vi" />
        <TextArea name="title_vi" label={t("decision.fields.titleVi")} required className="md:col-span-2" />
        <TextArea name="title_en" label={t("decision.fields.titleEn")} className="md:col-span-2" lang="en" />
      </fieldset>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}

/** The form's blank values: every field present, so react-hook-form controls them all. */
export const EMPTY_DECISION_VALUES = {
  number: "",
  signed_on: "",
  kind: "",
  title_vi: "",
  title_en: "",
  timeline: "",
};
