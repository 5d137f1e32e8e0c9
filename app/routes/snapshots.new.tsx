import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { EMPTY_SNAPSHOT_VALUES, SnapshotForm } from "~/components/reports/snapshot-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { todayIso } from "~/domain/dates";
import { formAction, page } from "~/http.server";
import { formInput } from "~/schemas/parse.server";
import { SnapshotSchema } from "~/schemas/snapshot";
import { createSnapshot } from "~/services/snapshot.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "snapshot.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "snapshot:create");
  return null;
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "snapshot:create");
  const id = await createSnapshot(db(), user, formInput(SnapshotSchema, formData), todayIso());
  return redirect(`/snapshots/${id}`);
});

export default function NewSnapshotPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("snapshot.newTitle")}</h1>
      <p>{t("snapshot.newIntro")}</p>
      <SnapshotForm defaultValues={{ ...EMPTY_SNAPSHOT_VALUES, ...actionData?.values }} serverErrors={actionData?.errors} />
    </div>
  );
}
