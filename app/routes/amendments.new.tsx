import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { AmendmentForm, EMPTY_AMENDMENT_VALUES } from "~/components/amendments/amendment-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { page, readForm } from "~/http.server";
import { listAgenciesToFileUnder } from "~/models/agency.server";
import { getProposalByCode } from "~/models/proposal.server";
import { AmendmentSchema } from "~/schemas/amendment";
import { parseForm } from "~/schemas/parse.server";
import { createAmendment } from "~/services/amendment.server";
import { InvalidError } from "~/domain/errors";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "amendment.newTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "amendment:create");
  const code = new URL(request.url).searchParams.get("proposal")?.trim();
  const proposal = code ? await getProposalByCode(db(), code) : undefined;
  const agencies = await listAgenciesToFileUnder(db(), user);
  const agencyLocked = user.role === "officer";
  // the regulation usually lives in the very document to amend, so the proposal's source is the first guess
  const values = {
    ...EMPTY_AMENDMENT_VALUES,
    agency: agencyLocked ? (user.agency_code ?? "") : (proposal?.agency_code ?? ""),
    document: proposal?.source_document_number ?? "",
    provisions: proposal?.source_provision ?? "",
    deadline: formatDate(proposal?.due_on, "vi"),
    proposals: proposal?.code ?? "",
  };
  return {
    proposal: proposal ? { code: proposal.code, title: proposal.title } : null,
    agencies,
    agencyLocked,
    values,
  };
});

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "amendment:create");
  const parsed = parseForm(AmendmentSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    const id = await createAmendment(db(), user, parsed.data);
    return redirect(`/amendments/${id}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    throw error;
  }
});

export default function NewAmendmentPage() {
  const { proposal, agencies, agencyLocked, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("amendment.newTitle")}</h1>
      {proposal ? (
        <p>
          <Link to={`/proposals/${proposal.code}`}>{t("amendment.fromProposal", { code: proposal.code })}</Link>: {proposal.title}
        </p>
      ) : null}
      <AmendmentForm
        defaultValues={{ ...values, ...actionData?.values }}
        serverErrors={actionData?.errors}
        agencies={agencies}
        agencyLocked={agencyLocked}
      />
    </div>
  );
}
