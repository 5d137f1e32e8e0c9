import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { DocumentForm } from "~/components/documents/document-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formAction, idParam, page } from "~/http.server";
import type { FormAnswer } from "~/schemas/answer";
import { LegalDocumentEditSchema } from "~/schemas/legal-document";
import { formInput } from "~/schemas/parse.server";
import { readDocumentEdit } from "~/services/document-pages.server";
import { updateDocument } from "~/services/legal-document.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "document.editTitle", { number: data?.number ?? "" });

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "document:update");
  return readDocumentEdit(db(), user, { id: idParam(params.id) });
});

/** A save against an old version answers 409 with what someone else changed beside what this user typed. */
export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "document:update");
  const id = idParam(params.id);
  const input = formInput(LegalDocumentEditSchema, formData);
  await updateDocument(db(), user, id, input, input.version);
  return redirect(`/documents/${id}`);
});

export default function EditDocumentPage() {
  const { number, values, version, agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormAnswer>();
  const { t } = useFormat();
  // after a stale save, the form continues from the version now stored
  const conflict = actionData?.conflict ? actionData : undefined;
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("document.editTitle", { number })}</h1>
      <DocumentForm
        key={conflict?.values.version ?? version}
        defaultValues={{ ...values, version, ...actionData?.values }}
        base={conflict?.base ?? values}
        conflict={conflict?.conflict}
        serverErrors={actionData?.errors}
        agencies={agencies}
      />
    </div>
  );
}
