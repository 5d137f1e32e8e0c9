import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { asChoice } from "~/components/forms/schema-form";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { InvalidError } from "~/domain/errors";
import { formAction, page, safeRedirectPath } from "~/http.server";
import { translateMessage } from "~/i18n";
import { fieldErrors, typedValues } from "~/schemas/parse.server";
import { BulkReviewSchema, bulkReviewListAddress, type BulkReviewInput, type BulkTransition } from "~/schemas/workflow";
import { reviewProposals } from "~/services/proposal-workflow.server";

// Bulk review, posted from the list of proposals: all ticked proposals move, or none does.
// Success goes back to the filtered list with a note; a refusal is answered on this page,
// naming every proposal that could not move and why.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "workflow.bulk.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "proposal:review");
  return null;
});

function withNotice(address: string, reviewed: number, review: BulkTransition): string {
  const url = new URL(address, "http://list.invalid");
  url.searchParams.set("reviewed", String(reviewed));
  url.searchParams.set("review", review);
  return `${url.pathname}${url.search}`;
}

/** The bulk review form as its schema reads it: every ticked `code`, not only the last. */
function bulkReviewInput(formData: FormData): BulkReviewInput {
  const parsed = BulkReviewSchema.safeParse({ ...typedValues(formData), code: formData.getAll("code") });
  if (!parsed.success) throw new InvalidError(fieldErrors(parsed.error));
  return parsed.data;
}

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "proposal:review");
  const input = bulkReviewInput(formData);
  const backTo = bulkReviewListAddress(safeRedirectPath(input.redirectTo, "/proposals"));
  const outcome = await reviewProposals(db(), user, input);
  if (outcome.failures) return data({ backTo, failures: outcome.failures }, { status: 409 });
  return redirect(withNotice(backTo, outcome.reviewed, input.transition));
});

/** The bulk review form's selects, whose missing value is asked for as a choice. */
const CHOICES = new Set(["transition", "decision"]);

const FIELD_LABELS: Record<string, "workflow.bulk.selection" | "workflow.bulk.transition" | "workflow.bulk.decision" | "workflow.bulk.comment"> = {
  code: "workflow.bulk.selection",
  transition: "workflow.bulk.transition",
  decision: "workflow.bulk.decision",
  comment: "workflow.bulk.comment",
};

export default function BulkReviewPage() {
  const result = useActionData<typeof action>();
  const { t } = useFormat();
  // a refusal names the list to go back to; a form the schema refused, the list it was posted from
  const backTo = result ? ("backTo" in result ? result.backTo : bulkReviewListAddress(result.values.redirectTo)) : "/proposals";
  const back = (
    <p>
      <Link to={backTo}>{t("workflow.bulk.backToList")}</Link>
    </p>
  );
  if (!result) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t("workflow.bulk.title")}</h1>
        <p>{t("workflow.bulk.nothingPosted")}</p>
        {back}
      </div>
    );
  }
  if (!("failures" in result)) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t("workflow.bulk.invalidTitle")}</h1>
        <ul role="alert" data-result-message="" tabIndex={-1} className="list-disc rounded border border-red-400 bg-red-50 p-3 pl-8 text-red-900">
          {Object.entries(result.errors).map(([field, message]) => (
            <li key={field}>
              {FIELD_LABELS[field] ? <strong>{t(FIELD_LABELS[field])}: </strong> : null}
              <span data-field-error={field}>{translateMessage(t, CHOICES.has(field) ? asChoice(message) : message)}</span>
            </li>
          ))}
        </ul>
        {back}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("workflow.bulk.refusedTitle")}</h1>
      <p role="alert" data-result-message="" tabIndex={-1}>{t("workflow.bulk.refusedIntro", { count: result.failures.length })}</p>
      <DataTable
        columns={[t("proposal.fields.code"), t("proposal.fields.title"), t("proposal.fields.status"), t("workflow.bulk.reason")]}
      >
        {result.failures.map((failure) => (
          <tr key={failure.code} className="border-t border-slate-200 align-top" data-refused-code={failure.code}>
            <td className="p-2 whitespace-nowrap">
              {failure.status ? <Link to={`/proposals/${failure.code}`}>{failure.code}</Link> : failure.code}
            </td>
            <td className="p-2" lang="vi">{failure.title ?? ""}</td>
            <td className="p-2">{failure.status ? t(`labels.proposalStatus.${failure.status}`) : ""}</td>
            <td className="p-2">{translateMessage(t, failure.reason)}</td>
          </tr>
        ))}
      </DataTable>
      {back}
    </div>
  );
}
