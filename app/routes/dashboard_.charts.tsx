import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { SteeringCharts } from "~/components/charts/steering-charts";
import { useFormat } from "~/components/ui/format";
import { AgencyFilter, DateFilter, FilterForm, ListHeader, SelectFilter } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { REGULATION_TYPES } from "~/domain/vocabulary";
import { parseListQuery, SteeringScopeParams } from "~/schemas/list-params";
import { page } from "~/http.server";
import { readCharts } from "~/services/dashboard.server";

// The steering charts on a page of their own, with the dashboard's filters. Officers see their
// own agency unless they ask for all (`all=1`, which the filter form always sends, so that
// choosing "All" in the agency select means all).

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "charts.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const { params, ignored } = parseListQuery(SteeringScopeParams, new URL(request.url));
  const { agency, ...charts } = await readCharts(db(), user, params);
  return { params: { ...params, agency }, ignored, ...charts };
});

export default function ChartsPage() {
  const { params, ignored, ownAgency, series, agencies, decisions } = useLoaderData<typeof loader>();
  const { t } = useFormat();
  return (
    <div className="space-y-4">
      <ListHeader title={t("charts.title")} />
      <p>{t("charts.intro")}</p>
      <FilterForm clearTo="/dashboard/charts?all=1" ignored={ignored}>
        <input type="hidden" name="all" value="1" />
        <SelectFilter
          label={t("charts.filters.decision")}
          name="decision"
          value={params.decision}
          options={decisions.map((decision) => ({ value: decision.id, label: decision.number }))}
        />
        <AgencyFilter label={t("charts.filters.agency")} value={params.agency} agencies={agencies} />
        <SelectFilter
          label={t("charts.filters.type")}
          name="type"
          value={params.type}
          options={REGULATION_TYPES.map((type) => ({ value: type, label: t(`labels.regulationType.${type}`) }))}
        />
        <DateFilter label={t("charts.filters.approvedFrom")} name="approved_from" value={params.approved_from} />
        <DateFilter label={t("charts.filters.approvedTo")} name="approved_to" value={params.approved_to} />
      </FilterForm>
      {ownAgency ? (
        <p className="no-print">
          {t("charts.scopeAgency", { agency: ownAgency })} <Link to="/dashboard/charts?all=1">{t("charts.seeAll")}</Link>
        </p>
      ) : null}
      <SteeringCharts data={series} />
    </div>
  );
}
