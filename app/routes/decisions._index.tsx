import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { DecisionTitle } from "~/components/decisions/decision-title";
import { useFormat } from "~/components/ui/format";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { listDecisionsWithCounts } from "~/models/decision.server";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "decision.listTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  return { decisions: await listDecisionsWithCounts(db()), canCreate: can(user, "decision:create") };
}

export default function DecisionsPage() {
  const { decisions, canCreate } = useLoaderData<typeof loader>();
  const { t, date } = useFormat();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("decision.listTitle")}</h1>
        {canCreate ? (
          <Link to="/decisions/new" className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
            {t("decision.newTitle")}
          </Link>
        ) : null}
      </div>
      <p>{t("list.total", { count: decisions.length })}</p>
      {decisions.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="p-2">{t("decision.fields.number")}</th>
                <th scope="col" className="p-2">{t("decision.fields.signedOn")}</th>
                <th scope="col" className="p-2">{t("decision.fields.kind")}</th>
                <th scope="col" className="p-2">{t("decision.fields.title")}</th>
                <th scope="col" className="p-2">{t("decision.fields.timeline")}</th>
                <th scope="col" className="p-2 text-right">{t("decision.fields.proposals")}</th>
              </tr>
            </thead>
            <tbody>
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
                    {decision.timeline ?? ""}
                    {decision.due_on ? (
                      <span className="block whitespace-nowrap text-slate-700">
                        {t("decision.fields.dueOn")}: {date(decision.due_on)}
                      </span>
                    ) : null}
                  </td>
                  <td className="p-2 text-right">{decision.proposal_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
