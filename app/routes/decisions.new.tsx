import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { DecisionForm, EMPTY_DECISION_VALUES } from "~/components/decisions/decision-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import type { FormAnswer } from "~/schemas/answer";
import { DecisionSchema } from "~/schemas/decision";
import { formInput } from "~/schemas/parse.server";
import { createDecision } from "~/services/decision.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "decision.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "decision:create");
  return null;
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "decision:create");
  const id = await createDecision(db(), user, formInput(DecisionSchema, formData));
  return redirect(`/decisions/${id}`);
});

export default function NewDecisionPage() {
  const actionData = useActionData<FormAnswer>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("decision.newTitle")}</h1>
      <DecisionForm defaultValues={{ ...EMPTY_DECISION_VALUES, ...actionData?.values }} serverErrors={actionData?.errors} />
    </div>
  );
}
