import { useTranslation } from "react-i18next";
import { SchemaForm, SelectField, SubmitButton, TextField } from "~/components/forms/schema-form";
import { useAgencyOptions, type AgencyChoice } from "~/components/ui/agency-options";
import { ROLES } from "~/domain/vocabulary";
import { PASSWORD_MIN, UserSchema } from "~/schemas/user";

export const EMPTY_USER_VALUES = { email: "", name: "", role: "", agency: "", password: "" };

export interface UserCreateFormProps {
  /** Agencies a new officer can belong to: the active ones. */
  agencies: AgencyChoice[];
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  labelledBy: string;
}

export function UserCreateForm({ agencies, defaultValues, serverErrors, labelledBy }: UserCreateFormProps) {
  const { t } = useTranslation();
  const agencyOptions = useAgencyOptions();
  return (
    <SchemaForm schema={UserSchema} defaultValues={defaultValues} serverErrors={serverErrors} aria-labelledby={labelledBy}>
      <input type="hidden" name="intent" value="create" />
      <div className="grid gap-4 md:grid-cols-2">
        <TextField name="email" type="email" label={t("user.fields.email")} autoComplete="off" required />
        <TextField name="name" label={t("user.fields.name")} autoComplete="off" lang="vi" required />
        <SelectField
          name="role"
          label={t("user.fields.role")}
          required
          placeholder=""
          options={ROLES.map((role) => ({ value: role, label: t(`labels.role.${role}`) }))}
        />
        <SelectField
          name="agency"
          label={t("user.fields.agency")}
          hint={t("user.hints.agency")}
          placeholder={t("user.allAgencies")}
          options={agencyOptions(agencies)}
        />
        <TextField
          name="password"
          type="password"
          label={t("user.fields.password")}
          hint={t("user.hints.password", { min: PASSWORD_MIN })}
          autoComplete="new-password"
          required
        />
      </div>
      <SubmitButton>{t("actions.create")}</SubmitButton>
    </SchemaForm>
  );
}
