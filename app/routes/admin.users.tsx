import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { EMPTY_USER_VALUES, UserCreateForm } from "~/components/admin/user-create-form";
import { UserTable } from "~/components/admin/user-table";
import { useFormat } from "~/components/ui/format";
import { ListHeader, ResultCount } from "~/components/ui/list";
import { db } from "~/db.server";
import { badRequest, notFound, page, readForm } from "~/http.server";
import { translateMessage } from "~/i18n";
import { isAgencyActive, listAgencies } from "~/models/agency.server";
import { getUser, listUsers } from "~/models/user.server";
import { parseForm, type FieldErrors } from "~/schemas/parse.server";
import { ConfirmationSchema } from "~/schemas/confirmation";
import { PasswordResetSchema, UserSchema, UserTargetSchema } from "~/schemas/user";
import { InvalidError } from "~/domain/errors";
import { createUser, resetPassword, setUserActive } from "~/services/user.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.users");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "user:manage");
  const [users, agencies] = await Promise.all([listUsers(db()), listAgencies(db())]);
  return {
    users,
    agencies: agencies
      .filter((agency) => isAgencyActive(agency))
      .map((agency) => ({ code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en })),
    currentUserId: user.id,
  };
});

type Intent = "create" | "deactivate" | "activate" | "reset";
type SuccessKey = "user.created" | "user.deactivated" | "user.activated" | "user.passwordReset";

// `at` tells one success from the next, so the forms it keys start empty again.
const done = (intent: Intent, key: SuccessKey, email: string) =>
  data({ ok: true as const, intent, message: { key, email }, at: Date.now() });

const refused = (intent: Intent, errors: FieldErrors, extra: { userId?: number; values?: Record<string, string> } = {}) =>
  data({ ok: false as const, intent, errors, userId: extra.userId, values: extra.values }, { status: 422 });

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const actor = await requirePermission(request, "user:manage");
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "create") {
    const parsed = parseForm(UserSchema, form);
    // what was typed comes back to the form, except the password
    const { password: _password, intent: _intent, ...values } = parsed.values;
    if (!parsed.ok) return refused(intent, parsed.errors, { values });
    try {
      await createUser(db(), actor, parsed.data);
    } catch (error) {
      if (error instanceof InvalidError) return refused(intent, error.errors, { values });
      throw error;
    }
    return done(intent, "user.created", parsed.data.email);
  }
  if (intent !== "deactivate" && intent !== "activate" && intent !== "reset") badRequest();
  const target = UserTargetSchema.safeParse({ userId: form.get("userId") });
  if (!target.success) badRequest();
  const { userId } = target.data;
  const user = await getUser(db(), userId);
  if (!user) notFound();
  try {
    if (intent === "reset") {
      const parsed = parseForm(PasswordResetSchema, form);
      if (!parsed.ok) return refused(intent, parsed.errors, { userId });
      await resetPassword(db(), actor, userId, parsed.data.password);
      return done(intent, "user.passwordReset", user.email);
    }
    if (intent === "deactivate") {
      const parsed = parseForm(ConfirmationSchema, form);
      if (!parsed.ok) return refused(intent, parsed.errors, { userId });
    }
    await setUserActive(db(), actor, userId, intent === "activate");
    return done(intent, intent === "activate" ? "user.activated" : "user.deactivated", user.email);
  } catch (error) {
    if (error instanceof InvalidError) return refused(intent, error.errors, { userId });
    throw error;
  }
});

export default function UsersPage() {
  const { users, agencies, currentUserId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const createFailed = failed?.intent === "create" ? failed : undefined;
  // errors of a row action that belong to no field, e.g. deactivating oneself
  const rowError = failed && failed.intent !== "create" && failed.errors._form ? failed.errors._form : undefined;
  const formKey = actionData?.ok ? String(actionData.at) : "form";
  return (
    <div className="space-y-6">
      <ListHeader title={t("user.title")}>
        {/* the form is on this page: a plain anchor, not a route link */}
        <a href="#new-user" className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
          {t("user.newTitle")}
        </a>
      </ListHeader>

      <div role="status" aria-live="polite">
        {actionData?.ok ? (
          <p className="rounded border border-green-600 bg-green-50 p-3 text-green-900">
            {t(actionData.message.key, { email: actionData.message.email })}
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
              (failed?.intent === "reset" || failed?.intent === "deactivate") && failed.userId !== undefined
                ? { intent: failed.intent, userId: failed.userId, errors: failed.errors }
                : undefined
            }
            formKey={formKey}
          />
        )}
      </section>

      <section aria-labelledby="new-user" className="no-print space-y-2 rounded border border-slate-300 bg-white p-4">
        <h2 id="new-user" tabIndex={-1} className="text-lg font-semibold">{t("user.newTitle")}</h2>
        <UserCreateForm
          key={actionData?.ok && actionData.intent === "create" ? formKey : "create"}
          agencies={agencies}
          defaultValues={{ ...EMPTY_USER_VALUES, ...createFailed?.values }}
          serverErrors={createFailed?.errors}
          labelledBy="new-user"
        />
      </section>
    </div>
  );
}
