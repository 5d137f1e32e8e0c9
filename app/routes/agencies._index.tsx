import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { AgencyLink, agencyListHref } from "~/components/agencies/agency-link";
import { AgencyState } from "~/components/agencies/agency-state";
import { SuccessionTable } from "~/components/agencies/succession-table";
import { useAgencyName } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { DataTable, ResultCount } from "~/components/ui/list";
import { db } from "~/db.server";
import { pageTitle } from "~/components/ui/meta";
import { page } from "~/http.server";
import { readAgencies } from "~/services/agency-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agency.listTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readAgencies(db(), user);
});

export default function AgenciesPage() {
  const { agencies, successions } = useLoaderData<typeof loader>();
  const { t } = useFormat();
  const agencyName = useAgencyName();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("agency.listTitle")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("agency.intro")}</p>
      </div>

      <section aria-labelledby="agencies-heading" className="space-y-2">
        <h2 id="agencies-heading" className="sr-only">{t("agency.listTitle")}</h2>
        <ResultCount total={agencies.length} />
        {agencies.length === 0 ? (
          <p>{t("list.empty")}</p>
        ) : (
          <DataTable
            columns={[
              t("agency.fields.code"),
              t("agency.fields.name"),
              t("agency.fields.kind"),
              t("agency.fields.state"),
              { label: t("agency.fields.proposals"), numeric: true },
              { label: t("agency.fields.amendments"), numeric: true },
            ]}
          >
            {agencies.map((agency) => (
              <tr key={agency.id} className={`border-t border-slate-200 align-top ${agency.active ? "" : "bg-slate-50 text-slate-700"}`}>
                <th scope="row" className="p-2 whitespace-nowrap font-normal">
                  <AgencyLink code={agency.code} />
                </th>
                <td className="p-2">{agencyName(agency)}</td>
                <td className="p-2">{t(`labels.agencyKind.${agency.kind}`)}</td>
                <td className="p-2">
                  <AgencyState active={agency.active} activeTo={agency.active_to} />
                </td>
                <td className="p-2 text-right">
                  <Link
                    to={agencyListHref("/proposals", agency.code)}
                    aria-label={t("agency.proposalsOf", { count: agency.proposal_count, agency: agencyName(agency) })}
                  >
                    {agency.proposal_count}
                  </Link>
                </td>
                <td className="p-2 text-right">
                  <Link
                    to={agencyListHref("/amendments", agency.code)}
                    aria-label={t("agency.amendmentsOf", { count: agency.amendment_count, agency: agencyName(agency) })}
                  >
                    {agency.amendment_count}
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="successions-heading" className="space-y-2">
        <h2 id="successions-heading" className="text-lg font-semibold">{t("agency.succession.title")}</h2>
        <SuccessionTable successions={successions} caption={t("agency.succession.title")} />
      </section>
    </div>
  );
}
