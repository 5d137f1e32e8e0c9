import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { DecisionForm } from "~/components/decisions/decision-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formAction, idParam, page } from "~/http.server";
import type { FormAnswer } from "~/schemas/answer";
import { DecisionEditSchema } from "~/schemas/decision";
import { formInput } from "~/schemas/parse.server";
import { readDecisionEdit } from "~/services/decision-pages.server";
import { updateDecision } from "~/services/decision.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "decision.editTitle", { number: data?.number ?? "" });

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "decision:update");
  return readDecisionEdit(db(), user, { id: idParam(params.id) });
});

/** A save against an old version answers 409 with what someone else changed beside what this user typed. */
export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "decision:update");
  const id = idParam(params.id);
  const input = formInput(DecisionEditSchema, formData);
  await updateDecision(db(), user, id, input, input.version);
  return redirect(`/decisions/${id}`);
});

export default function EditDecisionPage() {
  const { number, values, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormAnswer>();
  const { t } = useFormat();
  // after a stale save, the form continues from the version now stored
  const conflict = actionData?.conflict ? actionData : undefined;
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("decision.editTitle", { number })}</h1>
      <DecisionForm
        key={conflict?.values.version ?? version}
        defaultValues={{ ...values, version, ...actionData?.values }}
        base={conflict?.base ?? values}
        conflict={conflict?.conflict}
        serverErrors={actionData?.errors}
      />
    </div>
  );
}
