import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { DocumentForm, EMPTY_DOCUMENT_VALUES } from "~/components/documents/document-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { page, readForm } from "~/http.server";
import { LegalDocumentSchema } from "~/schemas/legal-document";
import { parseForm } from "~/schemas/parse.server";
import { InvalidError } from "~/domain/errors";
import { createDocument, leadAgencyChoices } from "~/services/legal-document.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "document.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "document:create");
  return { agencies: await leadAgencyChoices(db()), ownAgency: user.agency_code ?? "" };
});

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "document:create");
  const parsed = parseForm(LegalDocumentSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    const id = await createDocument(db(), user, parsed.data);
    return redirect(`/documents/${id}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    throw error;
  }
});

export default function NewDocumentPage() {
  const { agencies, ownAgency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("document.newTitle")}</h1>
      <DocumentForm
        defaultValues={{ ...EMPTY_DOCUMENT_VALUES, lead_agency: ownAgency, ...actionData?.values }}
        serverErrors={actionData?.errors}
        agencies={agencies}
      />
    </div>
  );
}
