import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { OverdueMark } from "~/components/amendments/overdue-mark";
import { useFormat } from "~/components/ui/format";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { isAmendmentOverdue } from "~/domain/amendment";
import { todayIso } from "~/domain/dates";
import { can } from "~/domain/permissions";
import { AMENDMENT_FORMS, AMENDMENT_STAGES } from "~/domain/vocabulary";
import { getAgencyByCode, listAgencies } from "~/models/agency.server";
import { listAmendments } from "~/models/amendment.server";
import { AMENDMENT_SORTS, AmendmentListParams, PAGE_SIZE, searchParamsObject } from "~/schemas/list-params";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "amendment.listTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const params = AmendmentListParams.parse(searchParamsObject(new URL(request.url)));
  const today = todayIso();
  const agency = params.agency ? await getAgencyByCode(db(), params.agency) : undefined;
  const [result, agencies] = await Promise.all([
    listAmendments(db(), {
      // an unknown agency code matches nothing rather than everything
      agency: params.agency ? (agency?.id ?? -1) : undefined,
      stage: params.stage,
      form: params.form,
      overdue: params.overdue === "1",
      today,
      q: params.q,
      sort: params.sort,
      page: params.page,
    }),
    listAgencies(db()),
  ]);
  return {
    params,
    total: result.total,
    rows: result.rows.map((row) => ({ ...row, overdue: isAmendmentOverdue(row.stage, row.deadline, today) })),
    agencies: agencies.map((a) => ({ code: a.code, name_vi: a.name_vi, name_en: a.name_en })),
    canCreate: can(user, "amendment:create"),
  };
}

export default function AmendmentsPage() {
  const { params, rows, total, agencies, canCreate } = useLoaderData<typeof loader>();
  const { t, locale, date } = useFormat();
  const select = "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("amendment.listTitle")}</h1>
        {canCreate ? (
          <Link to="/amendments/new" className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
            {t("amendment.newTitle")}
          </Link>
        ) : null}
      </div>
      <Form method="get" role="search" className="no-print grid gap-3 rounded border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="sm:col-span-2">
          {t("list.query")}
          <input type="search" name="q" defaultValue={params.q ?? ""} placeholder={t("amendment.filters.q")} className={select} />
        </label>
        <label>
          {t("amendment.fields.agency")}
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
          {t("amendment.fields.stage")}
          <select name="stage" defaultValue={params.stage ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {AMENDMENT_STAGES.map((stage) => (
              <option key={stage} value={stage}>{t(`labels.stage.${stage}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("amendment.fields.form")}
          <select name="form" defaultValue={params.form ?? ""} className={select}>
            <option value="">{t("list.all")}</option>
            {AMENDMENT_FORMS.map((form) => (
              <option key={form} value={form}>{t(`labels.form.${form}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("list.sortBy")}
          <select name="sort" defaultValue={params.sort} className={select}>
            {AMENDMENT_SORTS.map((sort) => (
              <option key={sort} value={sort}>{t(`amendment.sort.${sort}`)}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 sm:mt-7">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.overdue === "1"} className="h-4 w-4" />
          {t("amendment.filters.overdue")}
        </label>
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">{t("actions.filter")}</button>
          <Link to="/amendments">{t("actions.clear")}</Link>
        </div>
      </Form>
      <p aria-live="polite">{t("list.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="p-2">{t("amendment.fields.document")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.provisions")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.agency")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.form")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.stage")}</th>
                <th scope="col" className="p-2">{t("amendment.fields.deadline")}</th>
                <th scope="col" className="p-2 text-right">{t("amendment.fields.proposalCount")}</th>
                <th scope="col" className="no-print p-2">
                  <span className="sr-only">{t("amendment.open")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-200 align-top">
                  <td className="p-2">
                    <Link to={`/documents/${row.document_id}`} className="whitespace-nowrap">{row.document_number}</Link>
                    {row.document_title !== row.document_number ? (
                      <span className="block text-slate-600">{row.document_title}</span>
                    ) : null}
                  </td>
                  <td className="p-2 whitespace-pre-line">{row.provisions ?? ""}</td>
                  <td className="p-2">{row.agency_code}</td>
                  <td className="p-2">{t(`labels.form.${row.form}`)}</td>
                  <td className="p-2">{t(`labels.stage.${row.stage}`)}</td>
                  <td className="p-2 whitespace-nowrap">
                    {date(row.deadline)}
                    {row.overdue ? <OverdueMark /> : null}
                  </td>
                  <td className="p-2 text-right">{row.proposal_count}</td>
                  <td className="no-print p-2">
                    <Link to={`/amendments/${row.id}`} aria-label={t("amendment.openLabel", { number: row.document_number })}>
                      {t("amendment.open")}
                    </Link>
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
