import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { AgencyTable } from "~/components/dashboard/agency-table";
import { figureLinks } from "~/components/dashboard/figure-links";
import { HeadlineFigures } from "~/components/dashboard/headline-figures";
import { TargetProgressTable } from "~/components/dashboard/target-progress";
import { useAgencyName, useAgencyOptions } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { DateFilter, IgnoredParams, SelectFilter } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { REGULATION_TYPES } from "~/domain/vocabulary";
import { ALL_AGENCIES, DashboardParams } from "~/schemas/dashboard";
import { parseListQuery } from "~/schemas/list-params";
import { page } from "~/http.server";
import { readDashboard } from "~/services/dashboard.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const { params, ignored } = parseListQuery(DashboardParams, new URL(request.url));
  return { params, ignored, ...(await readDashboard(db(), user, params)) };
});

export default function DashboardPage() {
  const { params, ignored, scope, today, agency, ownAgency, total, rows, progress, agencies, decisions, allowed, target } = useLoaderData<typeof loader>();
  const { t, date } = useFormat();
  const agencyOptions = useAgencyOptions();
  const links = figureLinks(scope);
  const otherScope = new URLSearchParams(
    Object.entries({ decision: params.decision, type: params.type, approved_from: date(params.approved_from), approved_to: date(params.approved_to) }).flatMap(
      ([key, value]) => (value ? [[key, String(value)]] : []),
    ),
  );
  const withAgency = (code: string) => {
    const query = new URLSearchParams(otherScope);
    query.set("agency", code === ALL_AGENCIES ? "all" : code);
    return `/dashboard?${query.toString()}`;
  };
  // the charts of the same scope; without an agency, the whole (an officer's charts default to their own)
  const chartsQuery = new URLSearchParams(otherScope);
  if (agency) chartsQuery.set("agency", agency.code);
  else chartsQuery.set("all", "1");
  const nameOf = useAgencyName();
  const agencyName = agency ? nameOf(agency) : null;
  return (
    <div className="print-landscape space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">
          {agency ? t("dashboard.titleAgency", { agency: `${agency.code} — ${agencyName}` }) : t("dashboard.title")}
        </h1>
        <p className="text-slate-700">
          {t("dashboard.asOf", { date: date(today) })} <span className="no-print">{t("dashboard.linksHint")}</span>
        </p>
        <p className="no-print flex flex-wrap gap-x-4">
          {agency ? <Link to={withAgency(ALL_AGENCIES)}>{t("dashboard.viewAll")}</Link> : null}
          {ownAgency && agency?.code !== ownAgency ? <Link to={withAgency(ownAgency)}>{t("dashboard.viewOwn", { agency: ownAgency })}</Link> : null}
          <Link to={`/dashboard/charts?${chartsQuery.toString()}`}>{t("charts.ofScope")}</Link>
        </p>
        {/* plain anchors to the page's parts: from the skip link, each is two keys away, not 197 */}
        <nav aria-label={t("dashboard.onThisPage")} className="no-print">
          <ul className="flex flex-wrap gap-x-4">
            {[
              ["#dashboard-filters", t("dashboard.jump.filters")],
              ["#figures-proposals", t("dashboard.jump.figures")],
              ["#target", t("dashboard.sections.target")],
              ["#by-agency", t("dashboard.sections.agencies")],
            ].map(([href, label]) => (
              <li key={href}>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>

      <IgnoredParams ignored={ignored}>
        <Form method="get" role="search" id="dashboard-filters" aria-label={t("dashboard.filtersName")} className="grid gap-3 rounded border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-5">
          {/* "all" rather than an empty value: without an agency an officer sees their own */}
          <label>
            {t("dashboard.filters.agency")}
            <select name="agency" defaultValue={agency?.code ?? "all"} className="mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5">
              <option value="all">{t("list.all")}</option>
              {agencyOptions(agencies).map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <SelectFilter
            label={t("dashboard.filters.decision")}
            name="decision"
            value={params.decision}
            options={decisions.map((decision) => ({ value: decision.id, label: decision.number }))}
          />
          <SelectFilter
            label={t("dashboard.filters.type")}
            name="type"
            value={params.type}
            options={REGULATION_TYPES.map((type) => ({ value: type, label: t(`labels.regulationType.${type}`) }))}
          />
          <DateFilter label={t("dashboard.filters.approvedFrom")} name="approved_from" value={params.approved_from} />
          <DateFilter label={t("dashboard.filters.approvedTo")} name="approved_to" value={params.approved_to} />
          {/* the sort of the agency table stays as it was */}
          <input type="hidden" name="sort" value={params.sort} />
          <input type="hidden" name="dir" value={params.dir} />
          <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-5">
            <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">
              {t("actions.filter")}
            </button>
            <Link to="/dashboard">{t("actions.clear")}</Link>
          </div>
        </Form>
      </IgnoredParams>

      <HeadlineFigures figures={total} links={links} />

      <section aria-labelledby="target" className="space-y-3 rounded border border-slate-300 bg-white p-4 break-inside-avoid">
        <h2 id="target" className="text-lg font-semibold">
          {t("dashboard.sections.target")}
        </h2>
        <TargetProgressTable progress={progress} scope={scope} target={target} canManage={allowed.editBaseline} />
      </section>

      <section aria-labelledby="by-agency" className="space-y-3">
        <h2 id="by-agency" className="text-lg font-semibold">
          {t("dashboard.sections.agencies")}
        </h2>
        <AgencyTable rows={rows} scope={scope} sort={params.sort} dir={params.dir} />
      </section>
    </div>
  );
}
