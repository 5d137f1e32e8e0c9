import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ProposalForm } from "~/components/proposals/proposal-form";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import { formInput } from "~/schemas/parse.server";
import { ProposalEditSchema } from "~/schemas/proposal";
import { readProposalEdit } from "~/services/proposal-pages.server";
import { updateProposal } from "~/services/proposal.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "proposal.editTitle", { code: data?.code ?? "" });

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:update");
  const form = await readProposalEdit(db(), user, params.code ?? "");
  // an officer's proposal is locked once submitted (its page offers no edit link then): the page
  // says so, as a conflict with the record's state
  return form.locked ? data(form, { status: 409 }) : form;
});

export const action = formAction(async ({ request, params, formData }) => {
  const user = await requirePermission(request, "proposal:update");
  const input = formInput(ProposalEditSchema, formData);
  await updateProposal(db(), user, params.code ?? "", input, input.version);
  return redirect(`/proposals/${params.code}`);
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
  const conflict = actionData?.conflict ? actionData : undefined;
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
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
