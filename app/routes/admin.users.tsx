import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { EMPTY_USER_VALUES, UserCreateForm } from "~/components/admin/user-create-form";
import { UserTable } from "~/components/admin/user-table";
import { useFormat } from "~/components/ui/format";
import { ListHeader, ResultCount } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { badRequest, formAction, intentOf, page, type IntentsHandle } from "~/http.server";
import { translateMessage } from "~/i18n";
import { ConfirmationSchema } from "~/schemas/confirmation";
import { formInput } from "~/schemas/parse.server";
import { PasswordResetSchema, UserSchema, UserTargetSchema } from "~/schemas/user";
import { createUser, getManagedUser, readUsers, resetPassword, setUserActive } from "~/services/user.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.users");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "user:manage");
  return readUsers(db(), user);
});

export const handle = { intents: ["create", "deactivate", "activate", "reset"] } as const satisfies IntentsHandle;

type Intent = (typeof handle.intents)[number];
type SuccessKey = "user.created" | "user.deactivated" | "user.activated" | "user.passwordReset";

// `at` tells one success from the next, so the forms it keys start empty again.
const done = (intent: Intent, key: SuccessKey, email: string) => ({ ok: true as const, intent, message: { key, email }, at: Date.now() });

export const action = formAction(async ({ request, formData }) => {
  const actor = await requirePermission(request, "user:manage");
  const intent = intentOf(formData, handle);
  if (intent === "create") {
    const input = formInput(UserSchema, formData);
    await createUser(db(), actor, input);
    return done(intent, "user.created", input.email);
  }
  const target = UserTargetSchema.safeParse({ userId: formData.get("userId") });
  if (!target.success) badRequest();
  const user = await getManagedUser(db(), actor, target.data.userId);
  if (intent === "reset") {
    await resetPassword(db(), actor, user.id, formInput(PasswordResetSchema, formData).password);
    return done(intent, "user.passwordReset", user.email);
  }
  if (intent === "deactivate") formInput(ConfirmationSchema, formData);
  await setUserActive(db(), actor, user.id, intent === "activate");
  return done(intent, intent === "activate" ? "user.activated" : "user.deactivated", user.email);
});

export default function UsersPage() {
  const { users, agencies, currentUserId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const createFailed = failed?.intent === "create" ? failed : undefined;
  const failedRow = (failed?.intent === "reset" || failed?.intent === "deactivate") && failed.values.userId ? failed : undefined;
  // errors of a row action that belong to no field, e.g. deactivating oneself
  const rowError = failed && failed.intent !== "create" && failed.errors._form ? failed.errors._form : undefined;
  const succeeded = actionData && "ok" in actionData ? actionData : undefined;
  const formKey = succeeded ? String(succeeded.at) : "form";
  return (
    <div className="space-y-6">
      <ErrorSummary answer={actionData} />
      <ListHeader title={t("user.title")}>
        {/* the form is on this page: a plain anchor, not a route link */}
        <a href="#new-user" className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
          {t("user.newTitle")}
        </a>
      </ListHeader>

      <div role="status" aria-live="polite">
        {succeeded ? (
          <p className="rounded border border-green-600 bg-green-50 p-3 text-green-900">
            {t(succeeded.message.key, { email: succeeded.message.email })}
          </p>
        ) : null}
      </div>
      <div role="alert">
        {rowError ? <p className="rounded border border-red-400 bg-red-50 p-3 text-red-900">{translateMessage(t, rowError)}</p> : null}
      </div>

      <section aria-labelledby="users-heading" className="space-y-2">
        <h2 id="users-heading" className="text-lg font-semibold">{t("user.listTitle")}</h2>
        <ResultCount total={users.length} />
        {users.length === 0 ? (
          <p>{t("user.empty")}</p>
        ) : (
          <UserTable
            users={users}
            currentUserId={currentUserId}
            rowErrors={
              failedRow ? { intent: failedRow.intent as "reset" | "deactivate", userId: Number(failedRow.values.userId), errors: failedRow.errors } : undefined
            }
            formKey={formKey}
          />
        )}
      </section>

      {/* not a region of its own: the form inside is named by the heading, and one name is one landmark */}
      <section className="no-print space-y-2 rounded border border-slate-300 bg-white p-4">
        <h2 id="new-user" tabIndex={-1} className="text-lg font-semibold">{t("user.newTitle")}</h2>
        <UserCreateForm
          key={succeeded?.intent === "create" ? formKey : "create"}
          agencies={agencies}
          defaultValues={{ ...EMPTY_USER_VALUES, ...userFields(createFailed?.values) }}
          serverErrors={createFailed?.errors}
          labelledBy="new-user"
        />
      </section>
    </div>
  );
}

/** What was typed into the new user's form, to show again (the password is never sent back). */
function userFields(values: Record<string, string> | undefined) {
  if (!values) return {};
  const { intent: _intent, ...fields } = values;
  return fields;
}
