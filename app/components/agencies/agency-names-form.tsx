import { useTranslation } from "react-i18next";
import { SchemaForm, SubmitButton, TextField } from "~/components/forms/schema-form";
import { AgencyNamesSchema } from "~/schemas/agency";

export interface AgencyNamesFormProps {
  defaultValues: { name_vi: string; name_en: string };
  version: number;
  serverErrors?: Record<string, string>;
  labelledBy: string;
}

/** An admin's edit of an agency's two names, against the version the page was loaded at. */
export function AgencyNamesForm({ defaultValues, version, serverErrors, labelledBy }: AgencyNamesFormProps) {
  const { t } = useTranslation();
  return (
    <SchemaForm
      schema={AgencyNamesSchema}
      defaultValues={defaultValues}
      serverErrors={serverErrors}
      aria-labelledby={labelledBy}
    >
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-4 md:grid-cols-2">
        <TextField name="name_vi" label={t("agency.fields.nameVi")} required />
        <TextField name="name_en" label={t("agency.fields.nameEn")} required />
      </div>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}
