import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AgencyLink } from "~/components/agencies/agency-link";
import { ConfirmField, failureSummary, SchemaForm, SubmitButton, TextField } from "~/components/forms/schema-form";
import type { Role } from "~/domain/vocabulary";
import { DataTable } from "~/components/ui/list";
import { ConfirmationSchema } from "~/schemas/confirmation";
import { PASSWORD_MIN, PasswordResetSchema } from "~/schemas/user";

export interface UserRowView {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: 0 | 1;
  agency_code: string | null;
}

export interface UserTableProps {
  users: UserRowView[];
  currentUserId: number;
  /** Field errors of the last reset-password or deactivation form, for the user it was sent for. */
  rowErrors?: { intent: "reset" | "deactivate"; userId: number; errors: Record<string, string> };
  /** Changes after each successful action, so the reset forms start empty again. */
  formKey: string;
}

export function UserTable({ users, currentUserId, rowErrors, formKey }: UserTableProps) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={t("user.listTitle")}
      columns={[
        t("user.fields.email"),
        t("user.fields.name"),
        t("user.fields.role"),
        t("user.fields.agency"),
        t("user.fields.active"),
        { label: t("user.fields.actions"), noPrint: true },
      ]}
    >
      {users.map((user) => {
        const errorsOf = (intent: "reset" | "deactivate") =>
          rowErrors?.userId === user.id && rowErrors.intent === intent ? rowErrors.errors : undefined;
        const errors = errorsOf("reset");
        return (
          <tr key={user.id} className={`border-t border-slate-200 align-top ${user.active ? "" : "bg-slate-50 text-slate-600"}`}>
            <th scope="row" className="p-2 font-normal">
              {user.email}
              {user.id === currentUserId ? ` ${t("user.you")}` : ""}
            </th>
            <td className="p-2" lang="vi">{user.name}</td>
            <td className="p-2">{t(`labels.role.${user.role}`)}</td>
            <td className="p-2">{user.agency_code ? <AgencyLink code={user.agency_code} /> : t("user.allAgencies")}</td>
            <td className="p-2">{user.active ? t("user.fields.activeYes") : t("user.fields.activeNo")}</td>
            <td className="no-print space-y-2 p-2">
              {user.id === currentUserId && user.active ? null : user.active ? (
                <DeactivateForm key={formKey} user={user} serverErrors={errorsOf("deactivate")} />
              ) : (
                <ReactivateButton user={user} />
              )}
              <details key={formKey} open={errors !== undefined}>
                <summary className="cursor-pointer text-blue-800 underline">{t("actions.resetPassword")}</summary>
                <div className="mt-2 min-w-56">
                  <p id={`reset-${user.id}`} className="sr-only">
                    {t("user.resetFor", { email: user.email })}
                  </p>
                  <SchemaForm
                    schema={PasswordResetSchema}
                    defaultValues={{ password: "" }}
                    serverErrors={errors}
                    summary={failureSummary(t, t("form.failed.resetPassword"))}
                    aria-labelledby={`reset-${user.id}`}
                    className="space-y-2"
                  >
                    <input type="hidden" name="intent" value="reset" />
                    <input type="hidden" name="userId" value={user.id} />
                    <TextField
                      name="password"
                      type="password"
                      label={t("user.fields.newPassword")}
                      hint={t("user.hints.password", { min: PASSWORD_MIN })}
                      autoComplete="new-password"
                      required
                    />
                    <SubmitButton>{t("actions.resetPassword")}</SubmitButton>
                  </SchemaForm>
                </div>
              </details>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** Deactivation ends the user's sessions at once: it asks for its tick. */
function DeactivateForm({ user, serverErrors }: { user: UserRowView; serverErrors?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <SchemaForm schema={ConfirmationSchema} defaultValues={{}} serverErrors={serverErrors} summary={failureSummary(t, t("form.failed.deactivate"))} className="space-y-1">
      <input type="hidden" name="intent" value="deactivate" />
      <input type="hidden" name="userId" value={user.id} />
      <ConfirmField
        label={
          <>
            {t("form.confirm.deactivate")}
            <span className="sr-only">: {user.email}</span>
          </>
        }
        className="text-sm"
      />
      <SubmitButton tone="danger" small label={`${t("actions.deactivate")}: ${user.email}`}>
        {t("actions.deactivate")}
      </SubmitButton>
    </SchemaForm>
  );
}

/** Reactivation undoes nothing: a plain post, so it works before JavaScript loads. */
function ReactivateButton({ user }: { user: UserRowView }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="activate" />
      <input type="hidden" name="userId" value={user.id} />
      <button
        type="submit"
        disabled={navigation.state === "submitting"}
        aria-label={`${t("actions.activate")}: ${user.email}`}
        className="rounded border border-blue-800 px-2 py-1 text-blue-800 disabled:opacity-60"
      >
        {t("actions.activate")}
      </button>
    </Form>
  );
}
