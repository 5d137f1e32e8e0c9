import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { BulkCheckbox, BulkReviewForm } from "~/components/proposals/bulk-review";
import { ImplementationBadge } from "~/components/proposals/implementation-badge";
import { ExportLinks } from "~/components/ui/export-links";
import { useFormat } from "~/components/ui/format";
import { AgencyFilter, DataTable, DateFilter, FilterForm, ListHeader, NewRecordLink, ResultCount, SearchFilter, SelectFilter, SortFilter } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { IMPLEMENTATION_STATUSES, PROPOSAL_ACTIONS, PROPOSAL_STATUSES, REGULATION_TYPES } from "~/domain/vocabulary";
import { page } from "~/http.server";
import { PAGE_SIZE, parseListQuery, PROPOSAL_SORTS, ProposalListParams, searchParamsObject } from "~/schemas/list-params";
import { BulkReviewNotice } from "~/schemas/workflow";
import { readProposalList } from "~/services/proposal-pages.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.listTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const url = new URL(request.url);
  const list = await readProposalList(db(), user, parseListQuery(ProposalListParams, url));
  return { ...list, notice: BulkReviewNotice.parse(searchParamsObject(url)) };
});

export default function ProposalsPage() {
  const { params, ignored, rows, total, savingTotal, agencies, decisions, allowed, notice, today } = useLoaderData<typeof loader>();
  const { t, date, vnd } = useFormat();
  const table = (
    <DataTable
      columns={[
        ...(allowed.review ? [{ label: <span className="sr-only">{t("workflow.bulk.selectColumn")}</span>, noPrint: true }] : []),
        t("proposal.fields.code"),
        t("proposal.fields.title"),
        t("proposal.fields.regulationType"),
        t("proposal.fields.action"),
        t("proposal.fields.status"),
        t("proposal.fields.implementation"),
        t("proposal.fields.decision"),
        t("proposal.fields.dueOn"),
        { label: t("proposal.fields.saving"), numeric: true },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.id} className="border-t border-slate-200 align-top">
          {allowed.review ? (
            <td className="no-print p-2">{row.status === "submitted" ? <BulkCheckbox code={row.code} /> : null}</td>
          ) : null}
          <td className="p-2 whitespace-nowrap">
            <Link to={`/proposals/${row.code}`}>{row.code}</Link>
          </td>
          <td className="p-2" lang="vi">{row.title}</td>
          <td className="p-2">{t(`labels.regulationType.${row.regulation_type}`)}</td>
          <td className="p-2">{t(`labels.action.${row.action}`)}</td>
          <td className="p-2">{t(`labels.proposalStatus.${row.status}`)}</td>
          <td className="p-2">
            <ImplementationBadge progress={row.implementation_progress} dueOn={row.due_on} today={today} />
          </td>
          <td className="p-2 whitespace-nowrap">{row.decision_number ?? ""}</td>
          <td className="p-2 whitespace-nowrap">{date(row.due_on)}</td>
          <td className="p-2 text-right whitespace-nowrap">
            {row.cost_before_vnd !== null ? vnd(row.cost_before_vnd - (row.cost_after_vnd ?? 0)) : ""}
          </td>
        </tr>
      ))}
    </DataTable>
  );
  return (
    <div className="space-y-4">
      <ListHeader title={t("proposal.listTitle")}>
        {allowed.create ? (
          <div className="flex flex-wrap gap-2">
            <NewRecordLink to="/proposals/import">{t("imports.importLink")}</NewRecordLink>
            <NewRecordLink to="/proposals/new">{t("proposal.newTitle")}</NewRecordLink>
          </div>
        ) : null}
      </ListHeader>
      <FilterForm clearTo="/proposals" ignored={ignored}>
        <SearchFilter value={params.q} placeholder={t("proposal.filters.q")} />
        <AgencyFilter label={t("proposal.fields.agency")} value={params.agency} agencies={agencies} />
        <label className="flex items-center gap-2 self-end pb-2">
          <input type="checkbox" name="predecessors" value="1" defaultChecked={params.predecessors === "1"} className="h-4 w-4" />
          {t("proposal.filters.predecessors")}
        </label>
        <SelectFilter
          label={t("proposal.fields.status")}
          name="status"
          value={params.status}
          options={PROPOSAL_STATUSES.map((status) => ({ value: status, label: t(`labels.proposalStatus.${status}`) }))}
        />
        <SelectFilter
          label={t("proposal.fields.regulationType")}
          name="type"
          value={params.type}
          options={REGULATION_TYPES.map((type) => ({ value: type, label: t(`labels.regulationType.${type}`) }))}
        />
        <SelectFilter
          label={t("proposal.fields.action")}
          name="action"
          value={params.action}
          options={PROPOSAL_ACTIONS.map((action) => ({ value: action, label: t(`labels.action.${action}`) }))}
        />
        <SelectFilter
          label={t("proposal.fields.decision")}
          name="decision"
          value={params.decision}
          options={decisions.map((decision) => ({ value: decision.id, label: decision.number }))}
        />
        <SelectFilter
          label={t("proposal.fields.implementation")}
          name="implementation"
          value={params.implementation}
          options={IMPLEMENTATION_STATUSES.map((status) => ({ value: status, label: t(`labels.implementation.${status}`) }))}
        />
        <DateFilter label={t("proposal.filters.dueFrom")} name="due_from" value={params.due_from} />
        <DateFilter label={t("proposal.filters.dueTo")} name="due_to" value={params.due_to} />
        <SortFilter
          options={PROPOSAL_SORTS.map((sort) => ({ value: sort, label: t(`proposal.sort.${sort}`) }))}
          value={params.sort}
          dir={params.dir}
        />
      </FilterForm>
      <div aria-live="polite" role="status">
        {notice.reviewed && notice.review ? (
          <p className="rounded border border-green-700 bg-green-50 p-3 text-green-900">
            {t(notice.review === "approve" ? "workflow.bulk.approved" : "workflow.bulk.returned", { count: notice.reviewed })}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <ResultCount total={total} />
        <ExportLinks base="/proposals" />
      </div>
      {/* the sum the dashboard's saving figures lead to */}
      <p data-saving-total={savingTotal}>
        {t("proposal.savingTotal")}: {vnd(savingTotal)}
      </p>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : allowed.review ? (
        <BulkReviewForm decisions={decisions}>{table}</BulkReviewForm>
      ) : (
        table
      )}
      <Pagination page={params.page} total={total} pageSize={PAGE_SIZE} />
    </div>
  );
}
