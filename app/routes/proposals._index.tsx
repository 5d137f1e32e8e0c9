import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { useFormat } from "~/components/ui/format";
import { AgencyFilter, DataTable, DateFilter, FilterForm, ListHeader, NewRecordLink, ResultCount, SearchFilter, SelectFilter, SortFilter } from "~/components/ui/list";
import { Pagination } from "~/components/ui/pagination";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { PROPOSAL_ACTIONS, PROPOSAL_STATUSES, REGULATION_TYPES } from "~/domain/vocabulary";
import { agencyFilterIds, listAgencyNames } from "~/models/agency.server";
import { listDecisions } from "~/models/decision.server";
import { listProposals } from "~/models/proposal.server";
import { PAGE_SIZE, PROPOSAL_SORTS, ProposalListParams, searchParamsObject } from "~/schemas/list-params";
import { pageTitle } from "~/components/ui/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.listTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const params = ProposalListParams.parse(searchParamsObject(new URL(request.url)));
  const agencyIds = await agencyFilterIds(db(), params.agency, params.predecessors === "1");
  const [result, agencies, decisions] = await Promise.all([
    listProposals(db(), {
      agencies: agencyIds,
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
    listAgencyNames(db()),
    listDecisions(db()),
  ]);
  return {
    params,
    ...result,
    agencies,
    decisions: decisions.map((d) => ({ id: d.id, number: d.number })),
    canCreate: can(user, "proposal:create"),
  };
}

export default function ProposalsPage() {
  const { params, rows, total, agencies, decisions, canCreate } = useLoaderData<typeof loader>();
  const { t, date, vnd } = useFormat();
  return (
    <div className="space-y-4">
      <ListHeader title={t("proposal.listTitle")}>
        {canCreate ? <NewRecordLink to="/proposals/new">{t("proposal.newTitle")}</NewRecordLink> : null}
      </ListHeader>
      <FilterForm clearTo="/proposals">
        <SearchFilter value={params.q} placeholder={t("proposal.filters.q")} />
        <AgencyFilter label={t("proposal.fields.agency")} value={params.agency} agencies={agencies} />
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
        <DateFilter label={t("proposal.filters.dueFrom")} name="due_from" value={params.due_from} />
        <DateFilter label={t("proposal.filters.dueTo")} name="due_to" value={params.due_to} />
        <SortFilter
          options={PROPOSAL_SORTS.map((sort) => ({ value: sort, label: t(`proposal.sort.${sort}`) }))}
          value={params.sort}
          dir={params.dir}
        />
      </FilterForm>
      <ResultCount total={total} />
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <DataTable
          columns={[
            t("proposal.fields.code"),
            t("proposal.fields.title"),
            t("proposal.fields.regulationType"),
            t("proposal.fields.action"),
            t("proposal.fields.status"),
            t("proposal.fields.decision"),
            t("proposal.fields.dueOn"),
            { label: t("proposal.fields.saving"), numeric: true },
          ]}
        >
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
        </DataTable>
      )}
      <Pagination page={params.page} total={total} pageSize={PAGE_SIZE} />
    </div>
  );
}
