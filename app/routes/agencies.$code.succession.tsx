import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { agencyCodeParam, agencyHref } from "~/components/agencies/agency-link";
import { SuccessionForm } from "~/components/agencies/succession-form";
import { SuccessionPlanForm } from "~/components/agencies/succession-plan-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page, pageAnswer } from "~/http.server";
import { translateMessage } from "~/i18n";
import { formInput } from "~/schemas/parse.server";
import { SuccessionSchema } from "~/schemas/succession";
import { readSuccession, recordAgencySuccession } from "~/services/succession-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "agency.successionForm.title", { code: data?.agency.code ?? "" });

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "agency:succession");
  const view = await readSuccession(db(), user, agencyCodeParam(params.code), new URL(request.url).searchParams);
  return pageAnswer(view, view.refused);
});

export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "agency:succession");
  const fields = formInput(SuccessionSchema, formData);
  const result = await recordAgencySuccession(db(), user, agencyCodeParam(params.code), fields);
  const summary = new URLSearchParams({
    succession: fields.users === "deactivate" ? "deactivated" : "recorded",
    proposals: String(result.movedProposals),
    amendments: String(result.movedAmendments),
    users: String(fields.users === "deactivate" ? result.deactivatedUsers : result.movedUsers),
  });
  return redirect(`${agencyHref(result.predecessor)}?${summary}`);
});

export default function SuccessionPage() {
  const { agency, candidates, values, step, errors, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useFormat();
  const changeHref = `?${new URLSearchParams({ ...values, edit: "1" })}`;
  return (
    <article className="space-y-6">
      <ErrorSummary answer={actionData} />
      <header>
        <p className="text-slate-600">
          <Link to="/agencies">{t("agency.listTitle")}</Link> › <Link to={agencyHref(agency.code)}>{agency.code}</Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("agency.successionForm.title", { code: agency.code })}</h1>
      </header>
      <p>{t("agency.successionForm.intro", { code: agency.code })}</p>

      {step !== 2 && actionData ? (
        // a post refused while step 2 is not on screen (the predecessor ended meanwhile, say)
        <ul role="alert" className="list-disc rounded border border-red-400 bg-red-50 p-3 pl-8 text-red-900">
          {Object.entries(actionData.errors).map(([field, message]) => (
            <li key={field} data-field-error={field}>{translateMessage(t, message)}</li>
          ))}
        </ul>
      ) : null}

      {step === "closed" ? (
        <p role="status" className="rounded border border-amber-400 bg-amber-50 p-3">
          {t("agency.successionForm.closed", { code: agency.code, date: date(agency.active_to) })}
        </p>
      ) : null}

      {step === 1 ? (
        <section aria-labelledby="succession-step1" className="space-y-3 rounded border border-slate-300 bg-white p-4">
          <h2 id="succession-step1" className="text-lg font-semibold">{t("agency.successionForm.step1")}</h2>
          <SuccessionPlanForm predecessor={agency.code} candidates={candidates} values={values} errors={errors} />
        </section>
      ) : null}

      {step === 2 && plan ? (
        <section aria-labelledby="succession-step2" className="space-y-3">
          <h2 id="succession-step2" className="text-lg font-semibold">{t("agency.successionForm.step2")}</h2>
          <SuccessionForm
            plan={plan}
            planValues={values}
            changeHref={changeHref}
            values={actionData?.values}
            errors={actionData?.errors}
          />
        </section>
      ) : null}
    </article>
  );
}
