import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { agencyCodeParam, agencyHref } from "~/components/agencies/agency-link";
import { SuccessionForm, type SuccessionPlanView } from "~/components/agencies/succession-form";
import { SuccessionPlanForm } from "~/components/agencies/succession-plan-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { translateMessage } from "~/i18n";
import { notFound, page, readForm } from "~/http.server";
import { getAgencyByCode, listAgencies } from "~/models/agency.server";
import { searchParamsObject } from "~/schemas/list-params";
import { fieldErrors, parseForm, type FieldErrors } from "~/schemas/parse.server";
import { SuccessionPlanSchema, SuccessionSchema, type PartialSuccessor } from "~/schemas/succession";
import { InvalidError } from "~/domain/errors";
import { planSuccession, recordSuccession, type SuccessionPlan } from "~/services/succession.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agency.successionForm.link");

/** The service names a partial successor by its place in the list; the form by its slot. */
function formErrors(errors: FieldErrors, partials: PartialSuccessor[]): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const index = /^partials\.(\d+)$/.exec(field)?.[1];
    const slot = index === undefined ? undefined : partials[Number(index)]?.slot;
    mapped[slot === undefined ? field : `partial_${slot}`] = message;
  }
  return mapped;
}

function planView(plan: SuccessionPlan): SuccessionPlanView {
  const names = (agency: SuccessionPlan["predecessor"]) => ({ code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en });
  return {
    predecessor: names(plan.predecessor),
    effectiveOn: plan.effectiveOn,
    lastDay: plan.lastDay,
    continues: plan.continues,
    successors: plan.successors.map((s) => ({ ...names(s.agency), scope: s.scope, functions: s.functions })),
    defaultDestination: plan.defaultDestination,
    destinations: plan.destinations,
    proposals: plan.proposals.map(({ id, code, title, status }) => ({ id, code, title, status })),
    amendments: plan.amendments.map(({ id, document_number, provisions, stage, amending_effective_on, proposal_codes }) => ({
      id,
      document_number,
      provisions,
      stage,
      amending_effective_on,
      proposal_codes,
    })),
    userCount: plan.userCount,
    activeUserCount: plan.activeUserCount,
  };
}

/** Step 1's fields as they stand in the query string (step 2 posts them again). */
function planValues(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([field]) => /^(kind|effective_on|main|partial_\d|functions_\d)$/.test(field)));
}

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "agency:succession");
  const agency = await getAgencyByCode(db(), agencyCodeParam(params.code));
  if (!agency) notFound();
  const url = new URL(request.url);
  const query = searchParamsObject(url);
  const values = planValues(query);
  const candidates = (await listAgencies(db()))
    .filter((a) => a.id !== agency.id && a.active_to === null)
    .map(({ code, name_vi, name_en }) => ({ code, name_vi, name_en }));
  const page = { agency: { code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en, active_to: agency.active_to }, candidates, values };
  const step1 = (errors: FieldErrors = {}) => ({ ...page, step: 1 as const, errors, plan: null });

  if (agency.active_to !== null) return { ...page, step: "closed" as const, errors: {}, plan: null };
  // the first visit, or "change step 1" from step 2
  if (!url.searchParams.has("effective_on") || url.searchParams.has("edit")) return step1();
  const parsed = SuccessionPlanSchema.safeParse(values);
  if (!parsed.success) return data(step1(fieldErrors(parsed.error)), { status: 422 });
  try {
    const plan = await planSuccession(db(), user, { predecessor: agency.code, ...parsed.data });
    return { ...page, step: 2 as const, errors: {}, plan: planView(plan) };
  } catch (error) {
    if (error instanceof InvalidError) return data(step1(formErrors(error.errors, parsed.data.partials)), { status: 422 });
    throw error;
  }
});

export const action = page(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "agency:succession");
  const agency = await getAgencyByCode(db(), agencyCodeParam(params.code));
  if (!agency) notFound();
  const parsed = parseForm(SuccessionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  const { effectiveOn, main, partials, destinations, users } = parsed.data;
  try {
    const result = await recordSuccession(db(), user, {
      predecessor: agency.code,
      effectiveOn,
      main,
      partials: partials.map(({ code, functions }) => ({ code, functions })),
      destinations,
      users,
    });
    const summary = new URLSearchParams({
      succession: users === "deactivate" ? "deactivated" : "recorded",
      proposals: String(result.movedProposals),
      amendments: String(result.movedAmendments),
      users: String(users === "deactivate" ? result.deactivatedUsers : result.movedUsers),
    });
    return redirect(`${agencyHref(agency.code)}?${summary}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: formErrors(error.errors, partials), values: parsed.values }, { status: 422 });
    throw error;
  }
});

export default function SuccessionPage() {
  const { agency, candidates, values, step, errors, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useFormat();
  const changeHref = `?${new URLSearchParams({ ...values, edit: "1" })}`;
  return (
    <article className="space-y-6">
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
