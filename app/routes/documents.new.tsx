import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { DocumentForm, EMPTY_DOCUMENT_VALUES } from "~/components/documents/document-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import type { FormAnswer } from "~/schemas/answer";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { formInput } from "~/schemas/parse.server";
import { readNewDocument } from "~/services/document-pages.server";
import { createDocument } from "~/services/legal-document.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "document.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "document:create");
  return readNewDocument(db(), user);
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "document:create");
  const id = await createDocument(db(), user, formInput(LegalDocumentSchema, formData));
  return redirect(`/documents/${id}`);
});

export default function NewDocumentPage() {
  const { agencies, ownAgency } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormAnswer>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("document.newTitle")}</h1>
      <DocumentForm
        defaultValues={{ ...EMPTY_DOCUMENT_VALUES, lead_agency: ownAgency, ...actionData?.values }}
        serverErrors={actionData?.errors}
        agencies={agencies}
      />
    </div>
  );
}
