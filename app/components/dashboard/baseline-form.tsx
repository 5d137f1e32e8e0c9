import { useTranslation } from "react-i18next";
import { SchemaForm, SelectField, SubmitButton, TextField } from "~/components/forms/schema-form";
import { useAgencyOptions, type AgencyChoice } from "~/components/ui/agency-options";
import { BaselineSchema } from "~/schemas/baseline";
import type { ConflictChange } from "~/schemas/conflict";

export type BaselineFormValues = Record<"agency" | "baseline_on" | "regulations" | "yearly_cost_vnd", string>;

/**
 * An admin's entry of an agency's baseline. Editing one, the agency is fixed and the form
 * carries the version it was opened at; entering a new one, the agency is chosen.
 */
export function BaselineForm({
  defaultValues,
  version,
  agencies,
  serverErrors,
  base,
  conflict,
  labelledBy,
}: {
  defaultValues: BaselineFormValues;
  /** The stored baseline's version; absent for an agency without one. */
  version?: number | string;
  /** The agencies to choose from; absent when editing one agency's baseline. */
  agencies?: AgencyChoice[];
  serverErrors?: Record<string, string>;
  base?: Record<string, string>;
  conflict?: ConflictChange[];
  labelledBy: string;
}) {
  const { t } = useTranslation();
  const agencyOptions = useAgencyOptions();
  return (
    <SchemaForm
      schema={BaselineSchema}
      defaultValues={defaultValues}
      serverErrors={serverErrors}
      base={base}
      conflict={conflict}
      fieldLabels={{
        baseline_on: t("baseline.fields.baselineOn"),
        regulations: t("baseline.fields.regulations"),
        yearly_cost_vnd: t("baseline.fields.yearlyCost"),
      }}
      aria-labelledby={labelledBy}
    >
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {agencies ? (
        <SelectField name="agency" label={t("baseline.fields.agency")} options={agencyOptions(agencies)} placeholder="" required />
      ) : (
        <input type="hidden" name="agency" value={defaultValues.agency} />
      )}
      <div className="grid gap-4 md:grid-cols-3">
        <TextField name="baseline_on" label={t("baseline.fields.baselineOn")} hint={t("baseline.hints.baselineOn")} required />
        <TextField name="regulations" label={t("baseline.fields.regulations")} hint={t("baseline.hints.regulations")} inputMode="numeric" required />
        <TextField name="yearly_cost_vnd" label={t("baseline.fields.yearlyCost")} hint={t("baseline.hints.yearlyCost")} inputMode="numeric" required />
      </div>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}
