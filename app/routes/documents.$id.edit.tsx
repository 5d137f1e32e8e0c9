import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { assertCan, requirePermission } from "~/auth/session.server";
import { DocumentForm } from "~/components/documents/document-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { parseDocumentNumber } from "~/domain/document-number";
import { idParam, notFound, page, readForm } from "~/http.server";
import { getDocument } from "~/models/legal-document.server";
import { LegalDocumentEditSchema } from "~/schemas/legal-document";
import { parseForm, staleVersionConflict } from "~/schemas/parse.server";
import { InvalidError, StaleVersionError } from "~/domain/errors";
import { leadAgencyChoices, updateDocument } from "~/services/legal-document.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.number ?? ""} · Tinh Gọn` }];

/** The document as the edit form shows it: every value a string, dates as typed in Vietnamese. */
function formValues(document: NonNullable<Awaited<ReturnType<typeof getDocument>>>) {
  return {
    number: document.number,
    // a type the number already implies is left empty, so fixing a typo in the number fixes the type too
    doc_type: parseDocumentNumber(document.number).type === document.doc_type ? "" : document.doc_type,
    // a document still to be completed opens with its title empty, to be typed
    title: document.title ?? "",
    issued_on: formatDate(document.issued_on, "vi"),
    effective_on: formatDate(document.effective_on, "vi"),
    status: document.status,
    lead_agency: document.lead_agency_code ?? "",
  };
}

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "document:update");
  const document = await getDocument(db(), idParam(params.id));
  if (!document) notFound();
  assertCan(user, "document:update", { agency_id: document.lead_agency_id });
  return {
    id: document.id,
    number: document.number,
    values: formValues(document),
    version: String(document.version),
    agencies: await leadAgencyChoices(db()),
  };
});

export const action = page(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "document:update");
  const id = idParam(params.id);
  const formData = await readForm(request);
  const parsed = parseForm(LegalDocumentEditSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    await updateDocument(db(), user, id, parsed.data, parsed.data.version);
    return redirect(`/documents/${id}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    if (error instanceof StaleVersionError) {
      const current = await getDocument(db(), id);
      if (!current) notFound();
      return data(staleVersionConflict(formData, parsed.values, formValues(current), current.version), { status: 409 });
    }
    throw error;
  }
});

export default function EditDocumentPage() {
  const { number, values, version, agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  // after a stale save, the form continues from the version now stored
  const conflict = actionData && "conflict" in actionData ? actionData : undefined;
  return (
    <div className="space-y-4">
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
