import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { assertCan, requirePermission } from "~/auth/session.server";
import { ProposalForm } from "~/components/proposals/proposal-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { canEditProposalContent } from "~/domain/proposal-workflow";
import { notFound, page, readForm } from "~/http.server";
import { getProposalByCode } from "~/models/proposal.server";
import { parseForm, staleVersionConflict } from "~/schemas/parse.server";
import { ProposalEditSchema, proposalFormValues } from "~/schemas/proposal";
import { ConflictError, InvalidError, StaleVersionError } from "~/domain/errors";
import { updateProposal } from "~/services/proposal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.code ?? ""} · Tinh Gọn` }];

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:update");
  const proposal = await getProposalByCode(db(), params.code ?? "");
  if (!proposal) notFound();
  assertCan(user, "proposal:update", proposal);
  const values = { code: proposal.code, values: proposalFormValues(proposal), version: String(proposal.version) };
  // an officer's proposal is locked once submitted (its page offers no edit link then): say so
  if (!canEditProposalContent(user, proposal)) return data({ ...values, locked: true }, { status: 409 });
  return { ...values, locked: false };
});

export const action = page(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "proposal:update");
  const formData = await readForm(request);
  const parsed = parseForm(ProposalEditSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    await updateProposal(db(), user, params.code ?? "", parsed.data, parsed.data.version);
    return redirect(`/proposals/${params.code}`);
  } catch (error) {
    if (error instanceof InvalidError) return data({ errors: error.errors, values: parsed.values }, { status: 422 });
    if (error instanceof ConflictError) return data({ errors: { _form: error.reason }, values: parsed.values }, { status: 409 });
    if (error instanceof StaleVersionError) {
      const current = await getProposalByCode(db(), params.code ?? "");
      if (!current) notFound();
      return data(staleVersionConflict(formData, parsed.values, proposalFormValues(current), current.version), { status: 409 });
    }
    throw error;
  }
});

export default function EditProposalPage() {
  const { code, values, version, locked } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useFormat();
  if (locked) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t("proposal.editTitle", { code })}</h1>
        <p role="alert" className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950">
          {t("workflow.errors.lockedForOfficers")}
        </p>
        <p>
          <Link to={`/proposals/${code}`}>{t("actions.back")}</Link>
        </p>
      </div>
    );
  }
  // after a stale save, the form continues from the version now stored
  const conflict = actionData && "conflict" in actionData ? actionData : undefined;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("proposal.editTitle", { code })}</h1>
      <ProposalForm
        key={conflict?.values.version ?? version}
        defaultValues={{ ...values, version, ...actionData?.values }}
        base={conflict?.base ?? values}
        conflict={conflict?.conflict}
        serverErrors={actionData?.errors}
        agencies={[]}
        agencyLocked
      />
    </div>
  );
}
