import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { AmendmentForm, EMPTY_AMENDMENT_VALUES } from "~/components/amendments/amendment-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import { AmendmentSchema } from "~/schemas/amendment";
import type { FormAnswer } from "~/schemas/answer";
import { formInput } from "~/schemas/parse.server";
import { createAmendment } from "~/services/amendment.server";
import { readNewAmendment } from "~/services/amendment-pages.server";
import { RecordText } from "~/components/ui/record-text";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "amendment.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "amendment:create");
  return readNewAmendment(db(), user, { proposal: new URL(request.url).searchParams.get("proposal") });
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "amendment:create");
  const id = await createAmendment(db(), user, formInput(AmendmentSchema, formData));
  return redirect(`/amendments/${id}`);
});

export default function NewAmendmentPage() {
  const { proposal, agencies, agencyLocked, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormAnswer>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("amendment.newTitle")}</h1>
      {proposal ? (
        <p>
          <Link to={`/proposals/${proposal.code}`}>{t("amendment.fromProposal", { code: proposal.code })}</Link>: <RecordText>{proposal.title}</RecordText>
        </p>
      ) : null}
      <AmendmentForm
        defaultValues={{ ...EMPTY_AMENDMENT_VALUES, ...values, ...actionData?.values }}
        serverErrors={actionData?.errors}
        agencies={agencies}
        agencyLocked={agencyLocked}
      />
    </div>
  );
}
