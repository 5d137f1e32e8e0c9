import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms/error-summary";
import { EMPTY_PROPOSAL_VALUES, ProposalForm } from "~/components/proposals/proposal-form";
import { useFormat } from "~/components/ui/format";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import { formInput } from "~/schemas/parse.server";
import { ProposalSchema } from "~/schemas/proposal";
import { readNewProposal } from "~/services/proposal-pages.server";
import { createProposal } from "~/services/proposal.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:create");
  return readNewProposal(db(), user);
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "proposal:create");
  const { code } = await createProposal(db(), user, formInput(ProposalSchema, formData));
  return redirect(`/proposals/${code}`);
});

export default function NewProposalPage() {
  const { agencies, agencyLocked, ownAgency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("proposal.newTitle")}</h1>
      <ProposalForm
        defaultValues={{ ...EMPTY_PROPOSAL_VALUES, agency: ownAgency, ...actionData?.values }}
        serverErrors={actionData?.errors}
        agencies={agencies}
        agencyLocked={agencyLocked}
      />
    </div>
  );
}
