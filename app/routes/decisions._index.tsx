import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { DecisionTitle } from "~/components/decisions/decision-title";
import { useFormat } from "~/components/ui/format";
import { DataTable, FilterForm, ListHeader, NewRecordLink, ResultCount, SearchFilter } from "~/components/ui/list";
import { db } from "~/db.server";
import { pageTitle } from "~/components/ui/meta";
import { DecisionListParams, parseListQuery } from "~/schemas/list-params";
import { page } from "~/http.server";
import { readDecisionList } from "~/services/decision-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "decision.listTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readDecisionList(db(), user, parseListQuery(DecisionListParams, new URL(request.url)));
});

export default function DecisionsPage() {
  const { params, ignored, decisions, allowed } = useLoaderData<typeof loader>();
  const { t, date, timeline } = useFormat();
  return (
    <div className="space-y-4">
      <ListHeader title={t("decision.listTitle")}>
        {allowed.create ? <NewRecordLink to="/decisions/new">{t("decision.newTitle")}</NewRecordLink> : null}
      </ListHeader>
      <FilterForm clearTo="/decisions" ignored={ignored}>
        <SearchFilter value={params.q} placeholder={t("decision.filters.q")} />
      </FilterForm>
      <ResultCount total={decisions.length} />
      {decisions.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <DataTable
          columns={[
            t("decision.fields.number"),
            t("decision.fields.signedOn"),
            t("decision.fields.kind"),
            t("decision.fields.title"),
            t("decision.fields.timeline"),
            { label: t("decision.fields.proposals"), numeric: true },
          ]}
        >
          {decisions.map((decision) => (
            <tr key={decision.id} className="border-t border-slate-200 align-top">
              <td className="p-2 whitespace-nowrap">
                <Link to={`/decisions/${decision.id}`}>{decision.number}</Link>
              </td>
              <td className="p-2 whitespace-nowrap">{date(decision.signed_on)}</td>
              <td className="p-2">{t(`labels.decisionKind.${decision.kind}`)}</td>
              <td className="p-2">
                <DecisionTitle decision={decision} />
              </td>
              <td className="p-2">
                {decision.timeline ? timeline(decision.timeline) : ""}
                {decision.due_on ? (
                  <span className="block whitespace-nowrap text-slate-700">
                    {t("decision.fields.dueOn")}: {date(decision.due_on)}
                  </span>
                ) : null}
              </td>
              <td className="p-2 text-right">{decision.proposal_count}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
