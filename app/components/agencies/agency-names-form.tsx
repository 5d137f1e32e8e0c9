import { useTranslation } from "react-i18next";
import { SchemaForm, SubmitButton, TextField } from "~/components/forms/schema-form";
import { AgencyNamesEditSchema } from "~/schemas/agency";
import type { ConflictChange } from "~/schemas/conflict";

export interface AgencyNamesFormProps {
  defaultValues: { name_vi: string; name_en: string };
  version: number | string;
  serverErrors?: Record<string, string>;
  labelledBy: string;
  /** The names as stored and, after a stale save, what someone else changed. */
  base?: Record<string, string>;
  conflict?: ConflictChange[];
}

/** An admin's edit of an agency's two names, against the version the page was loaded at. */
export function AgencyNamesForm({ defaultValues, version, serverErrors, labelledBy, base, conflict }: AgencyNamesFormProps) {
  const { t } = useTranslation();
  return (
    <SchemaForm
      schema={AgencyNamesEditSchema}
      // the version travels with the values, so the browser's check of the schema sees it too
      defaultValues={{ ...defaultValues, version: String(version) }}
      serverErrors={serverErrors}
      base={base}
      conflict={conflict}
      fieldLabels={{ name_vi: t("agency.fields.nameVi"), name_en: t("agency.fields.nameEn") }}
      aria-labelledby={labelledBy}
    >
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-4 md:grid-cols-2">
        <TextField name="name_vi" label={t("agency.fields.nameVi")} lang="vi" required />
        <TextField name="name_en" label={t("agency.fields.nameEn")} lang="en" required />
      </div>
      <SubmitButton>{t("actions.save")}</SubmitButton>
    </SchemaForm>
  );
}
