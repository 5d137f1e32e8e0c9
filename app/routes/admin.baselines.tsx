import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { BaselineForm } from "~/components/dashboard/baseline-form";
import { useAgencyName } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { DataTable, ListHeader } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import { BaselineSchema } from "~/schemas/baseline";
import { agencyCode } from "~/schemas/list-params";
import { formInput } from "~/schemas/parse.server";
import { readBaselines, setAgencyBaseline } from "~/services/baseline.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "baseline.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "agency:update");
  const url = new URL(request.url);
  const editing = agencyCode.catch(undefined).parse(url.searchParams.get("agency") ?? undefined);
  const saved = agencyCode.catch(undefined).parse(url.searchParams.get("saved") ?? undefined);
  return readBaselines(db(), user, { editing, saved });
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "agency:update");
  const input = formInput(BaselineSchema, formData);
  await setAgencyBaseline(db(), user, input, input.version ? Number(input.version) : undefined);
  return redirect(`/admin/baselines?saved=${encodeURIComponent(input.agency)}`);
});

export default function BaselinesPage() {
  const { baselines, editing, saved, agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, vnd, count, dateTime } = useFormat();
  const name = useAgencyName();
  const conflict = actionData?.conflict ? actionData : undefined;
  const typed: Record<string, string> | undefined = actionData?.values;
  // after a refused save of an existing baseline the form stays on that agency
  const editingCode = editing?.values.agency ?? (typed?.version ? typed.agency : undefined);
  const formTitle = editingCode ? t("baseline.formEdit", { agency: editingCode }) : t("baseline.formNew");
  const version = conflict?.values.version ?? typed?.version ?? editing?.version;
  return (
    <div className="space-y-6">
      <ErrorSummary answer={actionData} />
      <ListHeader title={t("baseline.title")} />
      <p className="text-slate-700">{t("baseline.intro")}</p>
      <div role="status" aria-live="polite">
        {saved ? <p className="rounded border border-green-600 bg-green-50 p-3 text-green-900">{t("baseline.saved", { agency: saved })}</p> : null}
      </div>

      <section aria-labelledby="baselines" className="space-y-2">
        <h2 id="baselines" className="text-lg font-semibold">
          {t("baseline.listTitle")}
        </h2>
        {baselines.length === 0 ? (
          <p>{t("baseline.empty")}</p>
        ) : (
          <DataTable
            caption={t("baseline.listTitle")}
            columns={[
              t("baseline.fields.agency"),
              t("baseline.fields.baselineOn"),
              { label: t("baseline.fields.regulations"), numeric: true },
              { label: t("baseline.fields.yearlyCost"), numeric: true },
              t("baseline.fields.updatedAt"),
              { label: <span className="sr-only">{t("baseline.edit")}</span>, noPrint: true },
            ]}
          >
            {baselines.map((baseline) => (
              <tr key={baseline.agency_id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link to={`/agencies/${baseline.code}`}>{baseline.code}</Link> {name(baseline)}
                </td>
                <td className="p-2 whitespace-nowrap">{date(baseline.baseline_on)}</td>
                <td className="p-2 text-right">{count(baseline.regulations)}</td>
                <td className="p-2 text-right whitespace-nowrap">{vnd(baseline.yearly_cost_vnd)}</td>
                <td className="p-2 whitespace-nowrap">{dateTime(baseline.updated_at)}</td>
                <td className="no-print p-2">
                  <Link to={`?agency=${baseline.code}#baseline-form`} aria-label={t("baseline.editLabel", { agency: baseline.code })}>
                    {t("baseline.edit")}
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="baseline-form" className="no-print space-y-2 rounded border border-slate-300 bg-white p-4">
        <h2 id="baseline-form" tabIndex={-1} className="text-lg font-semibold">
          {formTitle}
        </h2>
        {editingCode ? (
          <p>
            <Link to="/admin/baselines">{t("baseline.formNew")}</Link>
          </p>
        ) : null}
        <BaselineForm
          key={`${editingCode ?? "new"}-${version ?? ""}`}
          defaultValues={{
            agency: typed?.agency ?? editing?.values.agency ?? "",
            baseline_on: typed?.baseline_on ?? editing?.values.baseline_on ?? "",
            regulations: typed?.regulations ?? editing?.values.regulations ?? "",
            yearly_cost_vnd: typed?.yearly_cost_vnd ?? editing?.values.yearly_cost_vnd ?? "",
          }}
          version={version}
          agencies={editingCode ? undefined : agencies}
          serverErrors={actionData?.errors}
          base={conflict?.base ?? (editing ? { baseline_on: editing.values.baseline_on, regulations: editing.values.regulations, yearly_cost_vnd: editing.values.yearly_cost_vnd } : undefined)}
          conflict={conflict?.conflict}
          labelledBy="baseline-form"
        />
      </section>
    </div>
  );
}
