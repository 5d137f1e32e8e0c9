import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { useFormat } from "~/components/ui/format";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from "~/domain/vocabulary";
import { getAgencyByCode, listAgencies } from "~/models/agency.server";
import { listDocuments } from "~/models/legal-document.server";
import { DocumentListParams, PAGE_SIZE, searchParamsObject } from "~/schemas/list-params";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "document.listTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const params = DocumentListParams.parse(searchParamsObject(new URL(request.url)));
  const agency = params.agency ? await getAgencyByCode(db(), params.agency) : undefined;
  const [result, agencies] = await Promise.all([
    listDocuments(db(), {
      q: params.q,
      type: params.type,
      status: params.status,
      // an unknown agency code matches nothing rather than everything
      agency: params.agency ? (agency?.id ?? -1) : undefined,
      page: params.page,
    }),
    listAgencies(db()),
  ]);
  return {
    params,
    ...result,
    agencies: agencies.map((a) => ({ code: a.code, name_vi: a.name_vi, name_en: a.name_en })),
    canCreate: can(user, "document:create"),
  };
}

export default function DocumentsPage() {
  const { params, rows, total, agencies, canCreate } = useLoaderData<typeof loader>();
  const { t, locale, date } = useFormat();
  const control = "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("document.listTitle")}</h1>
        {canCreate ? (
          <Link to="/documents/new" className="no-print rounded bg-blue-800 px-3 py-2 text-white no-underline">
            {t("document.newTitle")}
          </Link>
        ) : null}
      </div>
      <Form method="get" role="search" className="grid gap-3 rounded border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="sm:col-span-2 lg:col-span-4">
          {t("list.query")}
          <input type="search" name="q" defaultValue={params.q ?? ""} placeholder={t("document.filters.q")} className={control} />
        </label>
        <label>
          {t("document.fields.type")}
          <select name="type" defaultValue={params.type ?? ""} className={control}>
            <option value="">{t("list.all")}</option>
            {DOCUMENT_TYPES.map((type) => (
              <option key={type} value={type}>{t(`labels.documentType.${type}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("document.fields.status")}
          <select name="status" defaultValue={params.status ?? ""} className={control}>
            <option value="">{t("list.all")}</option>
            {DOCUMENT_STATUSES.map((status) => (
              <option key={status} value={status}>{t(`labels.documentStatus.${status}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("document.fields.leadAgency")}
          <select name="agency" defaultValue={params.agency ?? ""} className={control}>
            <option value="">{t("list.all")}</option>
            {agencies.map((agency) => (
              <option key={agency.code} value={agency.code}>
                {agency.code} — {locale === "vi" ? agency.name_vi : agency.name_en}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">{t("actions.filter")}</button>
          <Link to="/documents">{t("actions.clear")}</Link>
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
                <th scope="col" className="p-2">{t("document.fields.number")}</th>
                <th scope="col" className="p-2">{t("document.fields.type")}</th>
                <th scope="col" className="p-2">{t("document.fields.title")}</th>
                <th scope="col" className="p-2">{t("document.fields.issuedOn")}</th>
                <th scope="col" className="p-2">{t("document.fields.effectiveOn")}</th>
                <th scope="col" className="p-2">{t("document.fields.status")}</th>
                <th scope="col" className="p-2">{t("document.fields.leadAgency")}</th>
                <th scope="col" className="p-2 text-right">{t("document.fields.amendments")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">
                    <Link to={`/documents/${row.id}`}>{row.number}</Link>
                    {row.number_recognized === 0 ? (
                      <span title={t("document.fields.unrecognized")} className="ml-1 text-amber-800">
                        <span aria-hidden="true">⚠</span>
                        <span className="sr-only">{t("document.fields.unrecognized")}</span>
                      </span>
                    ) : null}
                  </td>
                  <td className="p-2">{t(`labels.documentType.${row.doc_type}`)}</td>
                  <td className="p-2">{row.title}</td>
                  <td className="p-2 whitespace-nowrap">{date(row.issued_on)}</td>
                  <td className="p-2 whitespace-nowrap">{date(row.effective_on)}</td>
                  <td className="p-2">{t(`labels.documentStatus.${row.status}`)}</td>
                  <td className="p-2">{row.lead_agency_code ?? ""}</td>
                  <td className="p-2 text-right">{row.amendment_count}</td>
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
