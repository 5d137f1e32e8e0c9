import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { BaselineForm, type BaselineFormValues } from "~/components/dashboard/baseline-form";
import { useAgencyName } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { DataTable, ListHeader } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { formatVnd } from "~/domain/money";
import { page, readForm } from "~/http.server";
import { isAgencyActive, listAgencies } from "~/models/agency.server";
import { listBaselines, type BaselineRow } from "~/models/baseline.server";
import { BaselineSchema } from "~/schemas/baseline";
import { agencyCode } from "~/schemas/list-params";
import { parseForm, staleVersionConflict } from "~/schemas/parse.server";
import { setAgencyBaseline } from "~/services/baseline.server";
import { InvalidError, StaleVersionError } from "~/domain/errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "baseline.title");

/** A stored baseline as the form shows it (Vietnamese formats, which the schema reads back). */
function formValues(baseline: BaselineRow): BaselineFormValues {
  return {
    agency: baseline.code,
    baseline_on: formatDate(baseline.baseline_on, "vi"),
    regulations: String(baseline.regulations),
    yearly_cost_vnd: formatVnd(baseline.yearly_cost_vnd, "vi"),
  };
}

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "agency:update");
  const url = new URL(request.url);
  const [baselines, agencies] = await Promise.all([listBaselines(db()), listAgencies(db())]);
  const editing = agencyCode.catch(undefined).parse(url.searchParams.get("agency") ?? undefined);
  const saved = agencyCode.catch(undefined).parse(url.searchParams.get("saved") ?? undefined);
  const current = editing ? baselines.find((baseline) => baseline.code === editing) : undefined;
  return {
    baselines,
    editing: current ? { values: formValues(current), version: current.version } : null,
    saved: saved && baselines.some((baseline) => baseline.code === saved) ? saved : null,
    // a new baseline is for an agency without one that still exists
    agencies: agencies
      .filter((agency) => isAgencyActive(agency) && !baselines.some((baseline) => baseline.agency_id === agency.id))
      .map((agency) => ({ code: agency.code, name_vi: agency.name_vi, name_en: agency.name_en })),
  };
});

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "agency:update");
  const formData = await readForm(request);
  const parsed = parseForm(BaselineSchema, formData);
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, values: parsed.values }, { status: 422 });
  const version = parsed.data.version ? Number(parsed.data.version) : undefined;
  try {
    await setAgencyBaseline(db(), user, parsed.data, version);
  } catch (error) {
    if (error instanceof InvalidError) return data({ ok: false as const, errors: error.errors, values: parsed.values }, { status: 422 });
    if (error instanceof StaleVersionError) {
      const current = (await listBaselines(db())).find((baseline) => baseline.code === parsed.data.agency);
      const stored = current ? formValues(current) : { agency: parsed.data.agency, baseline_on: "", regulations: "", yearly_cost_vnd: "" };
      const { agency: _agency, ...fields } = stored;
      return data({ ok: false as const, ...staleVersionConflict(formData, parsed.values, fields, current?.version ?? 0) }, { status: 409 });
    }
    throw error;
  }
  return redirect(`/admin/baselines?saved=${encodeURIComponent(parsed.data.agency)}`);
});

export default function BaselinesPage() {
  const { baselines, editing, saved, agencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, vnd, count, dateTime } = useFormat();
  const name = useAgencyName();
  const conflict = actionData && "conflict" in actionData ? actionData : undefined;
  const typed: Record<string, string> | undefined = actionData?.values;
  // after a refused save of an existing baseline the form stays on that agency
  const editingCode = editing?.values.agency ?? (typed?.version ? typed.agency : undefined);
  const formTitle = editingCode ? t("baseline.formEdit", { agency: editingCode }) : t("baseline.formNew");
  const version = conflict?.values.version ?? typed?.version ?? editing?.version;
  return (
    <div className="space-y-6">
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
          serverErrors={actionData && !actionData.ok ? actionData.errors : undefined}
          base={conflict?.base ?? (editing ? { baseline_on: editing.values.baseline_on, regulations: editing.values.regulations, yearly_cost_vnd: editing.values.yearly_cost_vnd } : undefined)}
          conflict={conflict?.conflict}
          labelledBy="baseline-form"
        />
      </section>
    </div>
  );
}
