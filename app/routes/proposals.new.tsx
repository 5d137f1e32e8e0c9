import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { EMPTY_PROPOSAL_VALUES, ProposalForm } from "~/components/proposals/proposal-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { page, readForm } from "~/http.server";
import { listAgenciesToFileUnder } from "~/models/agency.server";
import { parseForm } from "~/schemas/parse.server";
import { ProposalSchema } from "~/schemas/proposal";
import { InvalidError } from "~/domain/errors";
import { createProposal } from "~/services/proposal.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:create");
  const agencies = await listAgenciesToFileUnder(db(), user);
  return { agencies, agencyLocked: user.role === "officer", ownAgency: user.agency_code ?? "" };
});

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "proposal:create");
  const parsed = parseForm(ProposalSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    const { code } = await createProposal(db(), user, parsed.data);
    return redirect(`/proposals/${code}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    throw error;
  }
});

export default function NewProposalPage() {
  const { agencies, agencyLocked, ownAgency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
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
