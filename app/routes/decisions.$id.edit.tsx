import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { DecisionForm } from "~/components/decisions/decision-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { idParam, notFound, readForm } from "~/http.server";
import { getDecision } from "~/models/decision.server";
import { DecisionSchema } from "~/schemas/decision";
import { parseForm } from "~/schemas/parse.server";
import { updateDecision } from "~/services/decision.server";
import { FormError, StaleVersionError } from "~/services/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.number ?? ""} · Tinh Gọn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "decision:update");
  const decision = await getDecision(db(), idParam(params.id));
  if (!decision) notFound();
  const values = {
    number: decision.number,
    signed_on: formatDate(decision.signed_on, "vi"),
    kind: decision.kind,
    title_vi: decision.title_vi,
    title_en: decision.title_en ?? "",
    timeline: decision.timeline ?? (decision.due_on ? formatDate(decision.due_on, "vi") : ""),
    version: String(decision.version),
  };
  return { number: decision.number, values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "decision:update");
  const id = idParam(params.id);
  const parsed = parseForm(DecisionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  const version = parsed.data.version ? Number(parsed.data.version) : undefined;
  try {
    await updateDecision(db(), user, id, parsed.data, version);
    return redirect(`/decisions/${id}`);
  } catch (error) {
    if (error instanceof FormError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    if (error instanceof StaleVersionError) {
      return data({ errors: { _form: "errors.stale_version" }, values: parsed.values }, { status: 409 });
    }
    throw error;
  }
}

export default function EditDecisionPage() {
  const { number, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("decision.editTitle", { number })}</h1>
      <DecisionForm defaultValues={{ ...values, ...actionData?.values, version: values.version }} serverErrors={actionData?.errors} />
    </div>
  );
}
