import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { OverdueMark } from "~/components/amendments/overdue-mark";
import { ExportLinks } from "~/components/ui/export-links";
import { DocumentTitle } from "~/components/documents/document-title";
import { useFormat } from "~/components/ui/format";
import { AgencyFilter, DataTable, FilterForm, ListHeader, NewRecordLink, ResultCount, SearchFilter, SelectFilter, SortFilter } from "~/components/ui/list";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { AMENDMENT_FORMS, AMENDMENT_STAGES } from "~/domain/vocabulary";
import { AMENDMENT_SORTS, AmendmentListParams, PAGE_SIZE, parseListQuery } from "~/schemas/list-params";
import { pageTitle } from "~/components/ui/meta";
import { page } from "~/http.server";
import { readAmendmentList } from "~/services/amendment-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "amendment.listTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readAmendmentList(db(), user, parseListQuery(AmendmentListParams, new URL(request.url)));
});

export default function AmendmentsPage() {
  const { params, ignored, rows, total, agencies, allowed } = useLoaderData<typeof loader>();
  const { t, date, stage } = useFormat();
  return (
    <div className="space-y-4">
      <ListHeader title={t("amendment.listTitle")}>
        {allowed.create ? <NewRecordLink to="/amendments/new">{t("amendment.newTitle")}</NewRecordLink> : null}
      </ListHeader>
      <FilterForm clearTo="/amendments" ignored={ignored}>
        <SearchFilter value={params.q} placeholder={t("amendment.filters.q")} />
        <AgencyFilter label={t("amendment.fields.agency")} value={params.agency} agencies={agencies} />
        <label className="flex items-center gap-2 sm:mt-7">
          <input type="checkbox" name="predecessors" value="1" defaultChecked={params.predecessors === "1"} className="h-4 w-4" />
          {t("amendment.filters.predecessors")}
        </label>
        <SelectFilter
          label={t("amendment.fields.stage")}
          name="stage"
          value={params.stage}
          options={AMENDMENT_STAGES.map((stage) => ({ value: stage, label: t(`labels.stage.${stage}`) }))}
        />
        <SelectFilter
          label={t("amendment.fields.form")}
          name="form"
          value={params.form}
          options={AMENDMENT_FORMS.map((form) => ({ value: form, label: t(`labels.form.${form}`) }))}
        />
        <SortFilter options={AMENDMENT_SORTS.map((sort) => ({ value: sort, label: t(`amendment.sort.${sort}`) }))} value={params.sort} />
        <label className="flex items-center gap-2 sm:mt-7">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.overdue === "1"} className="h-4 w-4" />
          {t("amendment.filters.overdue")}
        </label>
      </FilterForm>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <ResultCount total={total} />
        <ExportLinks base="/amendments" />
      </div>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <DataTable
          columns={[
            t("amendment.fields.document"),
            t("amendment.fields.provisions"),
            t("amendment.fields.agency"),
            t("amendment.fields.form"),
            t("amendment.fields.stage"),
            t("amendment.fields.deadline"),
            { label: t("amendment.fields.proposalCount"), numeric: true },
            { label: <span className="sr-only">{t("amendment.open")}</span>, noPrint: true },
          ]}
        >
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-200 align-top">
              <td className="p-2">
                <Link to={`/documents/${row.document_id}`} className="whitespace-nowrap">{row.document_number}</Link>
                <span className="block text-slate-600">
                  <DocumentTitle title={row.document_title} />
                </span>
              </td>
              <td className="p-2 whitespace-pre-line" lang="vi">{row.provisions ?? ""}</td>
              <td className="p-2">{row.agency_code}</td>
              <td className="p-2">{t(`labels.form.${row.form}`)}</td>
              <td className="p-2">{stage(row.stage, row.amending_effective_on)}</td>
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
        </DataTable>
      )}
      <Pagination page={params.page} total={total} pageSize={PAGE_SIZE} />
    </div>
  );
}
