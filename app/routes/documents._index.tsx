import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ExportLinks } from "~/components/ui/export-links";
import { DocumentTitle } from "~/components/documents/document-title";
import { useFormat } from "~/components/ui/format";
import { AgencyFilter, DataTable, FilterForm, ListHeader, NewRecordLink, ResultCount, SearchFilter, SelectFilter } from "~/components/ui/list";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from "~/domain/vocabulary";
import { DocumentListParams, PAGE_SIZE, parseListQuery } from "~/schemas/list-params";
import { pageTitle } from "~/components/ui/meta";
import { page } from "~/http.server";
import { readDocumentList } from "~/services/document-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "document.listTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readDocumentList(db(), user, parseListQuery(DocumentListParams, new URL(request.url)));
});

export default function DocumentsPage() {
  const { params, ignored, rows, total, agencies, toComplete, allowed } = useLoaderData<typeof loader>();
  const { t, date } = useFormat();
  return (
    <div className="space-y-4">
      <ListHeader title={t("document.listTitle")}>
        {allowed.create ? <NewRecordLink to="/documents/new">{t("document.newTitle")}</NewRecordLink> : null}
      </ListHeader>
      {toComplete && toComplete.count > 0 ? (
        <p role="note" className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950">
          <strong>{t("document.toComplete.notice", { count: toComplete.count })}</strong>{" "}
          <Link to={toComplete.url}>{t("document.toComplete.list")}</Link>
        </p>
      ) : null}
      <FilterForm clearTo="/documents" ignored={ignored}>
        <SearchFilter value={params.q} placeholder={t("document.filters.q")} className="sm:col-span-2 lg:col-span-4" />
        <SelectFilter
          label={t("document.fields.type")}
          name="type"
          value={params.type}
          options={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`labels.documentType.${type}`) }))}
        />
        <SelectFilter
          label={t("document.fields.status")}
          name="status"
          value={params.status}
          options={DOCUMENT_STATUSES.map((status) => ({ value: status, label: t(`labels.documentStatus.${status}`) }))}
        />
        <AgencyFilter label={t("document.fields.leadAgency")} value={params.agency} agencies={agencies} />
        <SelectFilter
          label={t("document.filters.information")}
          name="incomplete"
          value={params.incomplete}
          options={[{ value: "1", label: t("document.filters.incomplete") }]}
        />
      </FilterForm>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <ResultCount total={total} />
        <ExportLinks base="/documents" />
      </div>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <DataTable
          columns={[
            t("document.fields.number"),
            t("document.fields.type"),
            t("document.fields.title"),
            t("document.fields.issuedOn"),
            t("document.fields.effectiveOn"),
            t("document.fields.status"),
            t("document.fields.leadAgency"),
            { label: t("document.fields.amendments"), numeric: true },
          ]}
        >
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
              <td className="p-2">
                <DocumentTitle title={row.title} />
              </td>
              <td className="p-2 whitespace-nowrap">{date(row.issued_on)}</td>
              <td className="p-2 whitespace-nowrap">{date(row.effective_on)}</td>
              <td className="p-2">{t(`labels.documentStatus.${row.status}`)}</td>
              <td className="p-2">{row.lead_agency_code ?? ""}</td>
              <td className="p-2 text-right">{row.amendment_count}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={params.page} total={total} pageSize={PAGE_SIZE} />
    </div>
  );
}
