import { useTranslation } from "react-i18next";
import { DocumentNumberField, SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import { useAgencyOptions, type AgencyChoice } from "~/components/ui/agency-options";
import { PROPOSAL_ACTIONS, REGULATION_TYPES } from "~/domain/vocabulary";
import type { ConflictChange } from "~/schemas/conflict";
import { ProposalEditSchema, ProposalSchema } from "~/schemas/proposal";

export interface ProposalFormProps {
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  /** The agencies this user may log proposals for; one means the field is fixed. */
  agencies: AgencyChoice[];
  agencyLocked?: boolean;
  /** Editing: the stored values and, after a stale save, what someone else changed. */
  base?: Record<string, string>;
  conflict?: ConflictChange[];
}

export function ProposalForm({ defaultValues, serverErrors, agencies, agencyLocked, base, conflict }: ProposalFormProps) {
  const { t } = useTranslation();
  const agencyOptions = useAgencyOptions();
  const fieldLabels = {
    regulation_type: t("proposal.fields.regulationType"),
    title: t("proposal.fields.title"),
    source_document: t("proposal.fields.sourceDocument"),
    source_provision: t("proposal.fields.sourceProvision"),
    action: t("proposal.fields.action"),
    proposed_change: t("proposal.fields.proposedChange"),
    rationale: t("proposal.fields.rationale"),
    procedure_code: t("proposal.fields.procedureCode"),
    cost_before_vnd: t("proposal.fields.costBefore"),
    cost_after_vnd: t("proposal.fields.costAfter"),
    timeline: t("proposal.fields.timeline"),
  };
  return (
    <SchemaForm
      schema={defaultValues.version ? ProposalEditSchema : ProposalSchema}
      defaultValues={defaultValues}
      serverErrors={serverErrors}
      base={base}
      conflict={conflict}
      fieldLabels={fieldLabels}
      className="space-y-6"
    >
      {defaultValues.version ? <input type="hidden" name="version" value={defaultValues.version} /> : null}
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("proposal.sections.regulation")}</legend>
        {agencyLocked ? (
          <div>
            <p className="font-medium">{t("proposal.fields.agency")}</p>
            <p>{defaultValues.agency}</p>
            <input type="hidden" name="agency" value={defaultValues.agency} />
          </div>
        ) : (
          <SelectField
            name="agency"
            label={t("proposal.fields.agency")}
            required
            placeholder=""
            options={agencyOptions(agencies)}
          />
        )}
        <SelectField
          name="regulation_type"
          label={t("proposal.fields.regulationType")}
          required
          placeholder=""
          options={REGULATION_TYPES.map((type) => ({ value: type, label: t(`labels.regulationType.${type}`) }))}
        />
        <TextArea name="title" label={t("proposal.fields.title")} required className="md:col-span-2" />
        <DocumentNumberField name="source_document" label={t("proposal.fields.sourceDocument")} hint={t("proposal.hints.sourceDocument")} />
        <TextField name="source_provision" label={t("proposal.fields.sourceProvision")} lang="vi" />
        <TextField name="procedure_code" label={t("proposal.fields.procedureCode")} hint={t("proposal.hints.procedureCode")} />
      </fieldset>
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("proposal.sections.plan")}</legend>
        <SelectField
          name="action"
          label={t("proposal.fields.action")}
          required
          placeholder=""
          options={PROPOSAL_ACTIONS.map((action) => ({ value: action, label: t(`labels.action.${action}`) }))}
        />
        <TextField name="timeline" label={t("proposal.fields.timeline")} hint={t("proposal.hints.timeline")} lang="vi" />
        <TextArea name="proposed_change" label={t("proposal.fields.proposedChange")} required rows={4} className="md:col-span-2" />
        <TextArea name="rationale" label={t("proposal.fields.rationale")} rows={3} className="md:col-span-2" />
      </fieldset>
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("proposal.sections.cost")}</legend>
        <TextField name="cost_before_vnd" label={t("proposal.fields.costBefore")} hint={t("proposal.hints.cost")} inputMode="numeric" />
        <TextField name="cost_after_vnd" label={t("proposal.fields.costAfter")} hint={t("proposal.hints.cost")} inputMode="numeric" />
      </fieldset>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}

/** The form's blank values: every field present, so react-hook-form controls them all. */
export const EMPTY_PROPOSAL_VALUES = {
  agency: "",
  regulation_type: "",
  title: "",
  source_document: "",
  source_provision: "",
  action: "",
  proposed_change: "",
  rationale: "",
  procedure_code: "",
  cost_before_vnd: "",
  cost_after_vnd: "",
  timeline: "",
};
