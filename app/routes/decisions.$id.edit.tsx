import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { DecisionForm } from "~/components/decisions/decision-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { idParam, notFound, page, readForm } from "~/http.server";
import { getDecision } from "~/models/decision.server";
import { DecisionEditSchema } from "~/schemas/decision";
import { parseForm, staleVersionConflict } from "~/schemas/parse.server";
import { updateDecision } from "~/services/decision.server";
import { InvalidError, StaleVersionError } from "~/domain/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.number ?? ""} · Tinh Gọn` }];

/** The decision as the edit form shows it: every value a string, dates as typed in Vietnamese. */
function formValues(decision: NonNullable<Awaited<ReturnType<typeof getDecision>>>) {
  return {
    number: decision.number,
    signed_on: formatDate(decision.signed_on, "vi"),
    kind: decision.kind,
    title_vi: decision.title_vi,
    title_en: decision.title_en ?? "",
    timeline: decision.timeline ?? (decision.due_on ? formatDate(decision.due_on, "vi") : ""),
  };
}

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, "decision:update");
  const decision = await getDecision(db(), idParam(params.id));
  if (!decision) notFound();
  return { number: decision.number, values: formValues(decision), version: String(decision.version) };
});

export const action = page(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "decision:update");
  const id = idParam(params.id);
  const formData = await readForm(request);
  const parsed = parseForm(DecisionEditSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    await updateDecision(db(), user, id, parsed.data, parsed.data.version);
    return redirect(`/decisions/${id}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    if (error instanceof StaleVersionError) {
      const current = await getDecision(db(), id);
      if (!current) notFound();
      return data(staleVersionConflict(formData, parsed.values, formValues(current), current.version), { status: 409 });
    }
    throw error;
  }
});

export default function EditDecisionPage() {
  const { number, values, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  // after a stale save, the form continues from the version now stored
  const conflict = actionData && "conflict" in actionData ? actionData : undefined;
  return (
    <div className="space-y-4">
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
