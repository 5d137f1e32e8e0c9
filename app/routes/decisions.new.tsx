import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { DecisionForm, EMPTY_DECISION_VALUES } from "~/components/decisions/decision-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { page, readForm } from "~/http.server";
import { DecisionSchema } from "~/schemas/decision";
import { parseForm } from "~/schemas/parse.server";
import { createDecision } from "~/services/decision.server";
import { InvalidError } from "~/domain/errors";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "decision.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "decision:create");
  return null;
});

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "decision:create");
  const parsed = parseForm(DecisionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    const id = await createDecision(db(), user, parsed.data);
    return redirect(`/decisions/${id}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    throw error;
  }
});

export default function NewDecisionPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("decision.newTitle")}</h1>
      <DecisionForm defaultValues={{ ...EMPTY_DECISION_VALUES, ...actionData?.values }} serverErrors={actionData?.errors} />
    </div>
  );
}
