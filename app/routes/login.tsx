import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getOptionalUser, sessionCookie, sessionToken } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { SchemaForm, SubmitButton, TextField } from "~/components/forms/schema-form";
import { db } from "~/db.server";
import { formAction, page, safeRedirectPath } from "~/http.server";
import { LoginSchema } from "~/schemas/login";
import { formInput } from "~/schemas/parse.server";
import { signIn } from "~/services/auth.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
});

export const action = formAction(async ({ request, context, formData }) => {
  const input = formInput(LoginSchema, formData);
  // where to go is settled before a session exists: no answer can fail after one is made
  const next = safeRedirectPath(input.redirectTo, "/");
  const result = await signIn(db(), {
    email: input.email,
    password: input.password,
    ip: context.clientIp ?? "unknown",
    userAgent: request.headers.get("user-agent"),
    replacing: sessionToken(request),
  });
  if (!result.ok) {
    const [message, status] =
      result.reason === "throttled" ? [`auth.throttled|minutes=${result.minutes}`, 429] : result.reason === "deactivated" ? ["auth.deactivated", 403] : ["auth.invalid", 401];
    return data({ errors: { _form: message }, values: { email: input.email } }, { status });
  }
  return redirect(next, {
    headers: { "Set-Cookie": sessionCookie(result.token) },
  });
});

export default function LoginPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="mx-auto max-w-md rounded border border-slate-300 bg-white p-6">
      <ErrorSummary answer={actionData} />
      <h1 id="login-title" className="mb-4 text-2xl font-semibold">
        {t("auth.title")}
      </h1>
      <SchemaForm
        schema={LoginSchema}
        aria-labelledby="login-title"
        defaultValues={{ email: actionData?.values.email ?? "", password: "", redirectTo: searchParams.get("redirectTo") ?? "" }}
        serverErrors={actionData?.errors}
        summary={() => t("form.failed.signIn")}
      >
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField name="email" type="email" label={t("auth.email")} autoComplete="username" required />
        <TextField name="password" type="password" label={t("auth.password")} autoComplete="current-password" required />
        <SubmitButton>{t("auth.submit")}</SubmitButton>
      </SchemaForm>
    </div>
  );
}
