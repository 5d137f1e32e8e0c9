import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { useFormat } from "~/components/ui/format";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { PROPOSAL_ACTIONS, PROPOSAL_STATUSES, REGULATION_TYPES } from "~/domain/vocabulary";
import { getAgencyByCode, listAgencies } from "~/models/agency.server";
import { listDecisions } from "~/models/decision.server";
import { listProposals } from "~/models/proposal.server";
import { PAGE_SIZE, PROPOSAL_SORTS, ProposalListParams, searchParamsObject } from "~/schemas/list-params";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.listTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const params = ProposalListParams.parse(searchParamsObject(new URL(request.url)));
  const agency = params.agency ? await getAgencyByCode(db(), params.agency) : undefined;
  const [result, agencies, decisions] = await Promise.all([
    listProposals(db(), {
      // an unknown agency code matches nothing rather than everything
      agency: params.agency ? (agency?.id ?? -1) : undefined,
      status: params.status,
      type: params.type,
      action: params.action,
      decision: params.decision,
      dueFrom: params.due_from,
      dueTo: params.due_to,
      q: params.q,
      sort: params.sort,
      dir: params.dir,
      page: params.page,
    }),
    listAgencies(db()),
    listDecisions(db()),
  ]);
  return {
    params,
    ...result,
    agencies: agencies.map((a) => ({ code: a.code, name_vi: a.name_vi, name_en: a.name_en })),
    decisions: decisions.map((d) => ({ id: d.id, number: d.number })),
    canCreate: can(user, "proposal:create"),
  };
}

export default function ProposalsPage() {
  const { params, rows, total, agencies, decisions, canCreate } = useLoaderData<typeof loader>();
  const { t, locale, date, vnd } = useFormat();
  const select = "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("proposal.listTitle")}</h1>
        {canCreate ? (
          <Link to="/proposals/new" className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
            {t("proposal.newTitle")}
          </Link>
        ) : null}
      </div>
      <Form method="get" role="search" className="grid gap-3 rounded border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="sm:col-span-2">
          {t("list.query")}
          <input type="search" name="q" defaultValue={params.q ?? ""} placeholder={t("proposal.filters.q")} className={select} />
        </label>
        <label>
          {t("proposal.fields.agency")}
          <select name="agency" defaultValue={params.agency ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {agencies.map((agency) => (
              <option key={agency.code} value={agency.code}>
                {agency.code} — {locale === "vi" ? agency.name_vi : agency.name_en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("proposal.fields.status")}
          <select name="status" defaultValue={params.status ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {PROPOSAL_STATUSES.map((status) => (
              <option key={status} value={status}>{t(`labels.proposalStatus.${status}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("proposal.fields.regulationType")}
          <select name="type" defaultValue={params.type ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {REGULATION_TYPES.map((type) => (
              <option key={type} value={type}>{t(`labels.regulationType.${type}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("proposal.fields.action")}
          <select name="action" defaultValue={params.action ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {PROPOSAL_ACTIONS.map((action) => (
              <option key={action} value={action}>{t(`labels.action.${action}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("proposal.fields.decision")}
          <select name="decision" defaultValue={params.decision ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {decisions.map((decision) => (
              <option key={decision.id} value={decision.id}>{decision.number}</option>
            ))}
          </select>
        </label>
        <label>
          {t("proposal.filters.dueFrom")}
          <input name="due_from" defaultValue={date(params.due_from)} placeholder={t("form.dateHint")} className={select} />
        </label>
        <label>
          {t("proposal.filters.dueTo")}
          <input name="due_to" defaultValue={date(params.due_to)} placeholder={t("form.dateHint")} className={select} />
        </label>
        <label>
          {t("list.sortBy")}
          <select name="sort" defaultValue={params.sort} className={select}>
            {PROPOSAL_SORTS.map((sort) => (
              <option key={sort} value={sort}>{t(`proposal.sort.${sort}`)}</option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t("list.sortBy")}</span>
          <select name="dir" defaultValue={params.dir} className={`${select} sm:mt-7`}>
            <option value="asc">{t("list.ascending")}</option>
            <option value="desc">{t("list.descending")}</option>
          </select>
        </label>
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">{t("actions.filter")}</button>
          <Link to="/proposals">{t("actions.clear")}</Link>
        </div>
      </Form>
      <p aria-live="polite">{t("list.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="p-2">{t("proposal.fields.code")}</th>
                <th scope="col" className="p-2">{t("proposal.fields.title")}</th>
                <th scope="col" className="p-2">{t("proposal.fields.regulationType")}</th>
                <th scope="col" className="p-2">{t("proposal.fields.action")}</th>
                <th scope="col" className="p-2">{t("proposal.fields.status")}</th>
                <th scope="col" className="p-2">{t("proposal.fields.decision")}</th>
                <th scope="col" className="p-2">{t("proposal.fields.dueOn")}</th>
                <th scope="col" className="p-2 text-right">{t("proposal.fields.saving")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">
                    <Link to={`/proposals/${row.code}`}>{row.code}</Link>
                  </td>
                  <td className="p-2">{row.title}</td>
                  <td className="p-2">{t(`labels.regulationType.${row.regulation_type}`)}</td>
                  <td className="p-2">{t(`labels.action.${row.action}`)}</td>
                  <td className="p-2">{t(`labels.proposalStatus.${row.status}`)}</td>
                  <td className="p-2 whitespace-nowrap">{row.decision_number ?? ""}</td>
                  <td className="p-2 whitespace-nowrap">{date(row.due_on)}</td>
                  <td className="p-2 text-right whitespace-nowrap">
                    {row.cost_before_vnd !== null ? vnd(row.cost_before_vnd - (row.cost_after_vnd ?? 0)) : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={params.page} total={total} pageSize={PAGE_SIZE} />
    </div>
  );
}
