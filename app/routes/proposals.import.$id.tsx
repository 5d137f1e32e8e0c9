import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ConfirmField, failureSummary, SchemaForm, SubmitButton } from "~/components/forms/schema-form";
import { ImportReportView } from "~/components/imports/import-report";
import { Progress } from "~/components/imports/upload-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, idParam, intentOf, page, type IntentsHandle } from "~/http.server";
import { ConfirmationSchema } from "~/schemas/confirmation";
import { formInput } from "~/schemas/parse.server";
import { readImportPage } from "~/services/import/pages.server";
import { nothingToImport, type ImportReport } from "~/services/import/report";
import { confirmImport, discardImport } from "~/services/import/staged.server";

// One upload's report: the dry run while it waits for confirmation (confirm or discard), or the
// commit's report once imported.

// titled as headed: the upload's file and what became of it
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(
    matches,
    data?.upload.status === "committed" ? "imports.committedTitle" : data?.upload.status === "discarded" ? "imports.discardedTitle" : "imports.reportTitle",
    { file: data?.upload.fileName ?? "" },
  );

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:create");
  // a page number is read as an id is: anything but a positive whole number is a 404
  const page = idParam(new URL(request.url).searchParams.get("page") ?? "1");
  return readImportPage(db(), user, { id: idParam(params.id), page });
});

export const handle = { intents: ["confirm", "discard"] } as const satisfies IntentsHandle;

export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "proposal:create");
  const id = idParam(params.id);
  if (intentOf(formData, handle) === "confirm") {
    await confirmImport(db(), user, id);
    return redirect(`/proposals/import/${id}`);
  }
  formInput(ConfirmationSchema, formData);
  await discardImport(db(), user, id);
  return redirect("/proposals/import");
});

export default function ImportReportPage() {
  const { upload, view, allowed, offersConfirmation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useFormat();
  const report = view?.report;
  const committing = navigation.state === "submitting" && navigation.formData?.get("intent") === "confirm";
  const title =
    upload.status === "committed" ? "imports.committedTitle" : upload.status === "discarded" ? "imports.discardedTitle" : "imports.reportTitle";
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t(title, { file: upload.fileName })}</h1>
      {/* a refused confirmation or discard is said by the summary above the heading */}
      <div role="status" aria-live="polite">
        {report && !report.fileError ? <Summary status={upload.status} report={report} id={upload.id} /> : null}
      </div>
      {view ? <ImportReportView view={view} errorsHref={`/proposals/import/${upload.id}/errors.csv`} /> : null}
      {offersConfirmation ? (
        <Form method="post" className="no-print flex flex-wrap items-center gap-3">
          <button type="submit" name="intent" value="confirm" disabled={committing} className="rounded bg-blue-800 px-4 py-2 text-white disabled:opacity-60">
            {t("imports.confirm")}
          </button>
          <Progress active={committing} label={t("imports.committing")} />
        </Form>
      ) : null}
      {allowed.discard ? (
        <SchemaForm
          schema={ConfirmationSchema}
          defaultValues={{}}
          serverErrors={actionData?.intent === "discard" && !actionData.refused ? actionData.errors : undefined}
          summary={failureSummary(t, t("form.failed.discard"))}
          className="no-print max-w-xl space-y-2 rounded border border-red-300 bg-white p-3"
        >
          <input type="hidden" name="intent" value="discard" />
          <ConfirmField label={t("form.confirm.discard")} />
          <SubmitButton tone="danger">{t("imports.discard")}</SubmitButton>
        </SchemaForm>
      ) : null}
      <p className="no-print">
        <Link to="/proposals/import">{t("imports.again")}</Link>
      </p>
    </div>
  );
}

function Summary({ status, report, id }: { status: string; report: ImportReport; id: number }) {
  const { t } = useFormat();
  const { counts } = report;
  if (status === "committed") {
    return <p className="rounded border border-green-700 bg-green-50 p-3 text-green-900">{t("imports.committedBlock", { new: counts.new, updated: counts.updated, id })}</p>;
  }
  if (counts.invalid > 0) {
    return (
      <p role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
        {t("imports.invalidBlock", { count: counts.invalid })}
      </p>
    );
  }
  if (status !== "staged") return null;
  if (nothingToImport(report)) return <p className="rounded border border-slate-400 bg-slate-50 p-3" data-nothing-to-import="">{t("imports.nothingToDo")}</p>;
  return <p className="rounded border border-blue-700 bg-blue-50 p-3">{t("imports.readyBlock", { new: counts.new, updated: counts.updated })}</p>;
}
