import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { requirePermission } from "~/auth/session.server";
import { ExportLinks } from "~/components/ui/export-links";
import { DocumentTitle } from "~/components/documents/document-title";
import { useFormat } from "~/components/ui/format";
import { AgencyFilter, DataTable, FilterForm, ListHeader, SearchFilter, SelectFilter, SortFilter } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import type { Deadline, ProposalNeedingAmendment } from "~/models/deadline.server";
import { DEADLINE_SORTS, DEADLINE_WINDOWS, DeadlineParams, parseListQuery } from "~/schemas/list-params";
import { page } from "~/http.server";
import { readDeadlines } from "~/services/deadline.server";

// Overdue work and work falling due, per agency. Officers see their own agency unless they ask
// for all (`all=1`, which the filter form always sends, so that "All" in the select means all).



export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deadlines.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const { params, ignored } = parseListQuery(DeadlineParams, new URL(request.url));
  return { ignored, ...(await readDeadlines(db(), user, params)) };
});

export default function DeadlinesPage() {
  const { params, ignored, ownAgency, today, agencies, overdue, dueSoon, needsAmendment, byAgency } = useLoaderData<typeof loader>();
  const { t, date } = useFormat();
  const days = params.within;
  return (
    <div className="space-y-4">
      <ListHeader title={t("deadlines.title")} />
      <ExportLinks base="/deadlines" />
      <p>{t("deadlines.intro", { days, today: date(today) })}</p>
      <FilterForm clearTo="/deadlines?all=1" ignored={ignored}>
        <input type="hidden" name="all" value="1" />
        <SearchFilter value={params.q} placeholder={t("deadlines.searchPlaceholder")} />
        <AgencyFilter label={t("deadlines.columns.agency")} value={params.agency} agencies={agencies} />
        <SelectFilter
          label={t("deadlines.within")}
          name="within"
          value={days}
          all={false}
          options={DEADLINE_WINDOWS.map((option) => ({ value: option, label: t("deadlines.withinDays", { count: option }) }))}
        />
        <SortFilter options={DEADLINE_SORTS.map((sort) => ({ value: sort, label: t(`deadlines.sort.${sort}`) }))} value={params.sort} dir={params.dir} />
        <SelectFilter
          label={t("deadlines.group")}
          name="group"
          value={params.group}
          all={false}
          options={[
            { value: "agency", label: t("deadlines.groupAgency") },
            { value: "none", label: t("deadlines.groupNone") },
          ]}
        />
      </FilterForm>
      {ownAgency ? (
        <p className="no-print">
          {t("deadlines.ownAgency", { agency: ownAgency })} <Link to={`/deadlines?all=1&within=${days}`}>{t("deadlines.seeAll")}</Link>
        </p>
      ) : null}

      <section aria-labelledby="overdue-title" className="space-y-3">
        <h2 id="overdue-title" className="text-xl font-semibold">
          {t("deadlines.overdueTitle")} <span className="text-base font-normal text-slate-600">({t("deadlines.overdueCount", { count: overdue.length })})</span>
        </h2>
        {params.group === "none" ? (
          <DeadlineTable deadlines={overdue} caption={t("deadlines.caption.overdue")} late showAgency />
        ) : (
          byAgency
            .filter((agency) => agency.overdue.length > 0)
            .map((agency) => (
              <AgencySection key={agency.agencyId} id={`overdue-${agency.agencyCode}`} groupId="overdue-title" agencyCode={agency.agencyCode}>
                <DeadlineTable deadlines={agency.overdue} caption={t("deadlines.caption.overdueAgency", { agency: agency.agencyCode })} late />
              </AgencySection>
            ))
        )}
        {overdue.length === 0 ? <p>{t("deadlines.none")}</p> : null}
      </section>

      <section aria-labelledby="due-soon-title" className="space-y-3">
        <h2 id="due-soon-title" className="text-xl font-semibold">
          {t("deadlines.dueSoonTitle", { days })} <span className="text-base font-normal text-slate-600">({t("deadlines.dueSoonCount", { count: dueSoon.length })})</span>
        </h2>
        {params.group === "none" ? (
          <DeadlineTable deadlines={dueSoon} caption={t("deadlines.caption.dueSoon", { days })} showAgency />
        ) : (
          byAgency
            .filter((agency) => agency.dueSoon.length > 0)
            .map((agency) => (
              <AgencySection key={agency.agencyId} id={`due-soon-${agency.agencyCode}`} groupId="due-soon-title" agencyCode={agency.agencyCode}>
                <DeadlineTable deadlines={agency.dueSoon} caption={t("deadlines.caption.dueSoonAgency", { days, agency: agency.agencyCode })} />
              </AgencySection>
            ))
        )}
        {dueSoon.length === 0 ? <p>{t("deadlines.none")}</p> : null}
      </section>

      <section aria-labelledby="needs-amendment-title" className="space-y-3">
        <h2 id="needs-amendment-title" className="text-xl font-semibold">
          {t("deadlines.needsAmendmentTitle")}{" "}
          <span className="text-base font-normal text-slate-600">({t("deadlines.needsAmendmentCount", { count: needsAmendment.length })})</span>
        </h2>
        <p>{t("deadlines.needsAmendmentIntro")}</p>
        {needsAmendment.length === 0 ? <p>{t("deadlines.none")}</p> : <NeedsAmendmentTable proposals={needsAmendment} />}
      </section>
    </div>
  );
}

/** Approved proposals waiting for a new amendment or a reason: each with the way to resolve it. */
function NeedsAmendmentTable({ proposals }: { proposals: ProposalNeedingAmendment[] }) {
  const { t, date } = useFormat();
  return (
    <DataTable
      caption={t("deadlines.caption.needsAmendment")}
      data-deadlines="needs-amendment"
      columns={[t("deadlines.columns.record"), t("deadlines.columns.agency"), t("deadlines.columns.dueOn"), t("deadlines.columns.state")]}
    >
      {proposals.map((proposal) => (
        <tr key={proposal.id} className="border-t border-slate-200 align-top" data-record={`proposal:${proposal.code}`}>
          <td className="p-2">
            <Link to={`/proposals/${proposal.code}`}>{proposal.code}</Link>
            <div className="text-slate-600" lang="vi">
              {proposal.title}
            </div>
          </td>
          <td className="p-2">
            <Link to={`/agencies/${proposal.agencyCode}`}>{proposal.agencyCode}</Link>
          </td>
          <td className="p-2 whitespace-nowrap">{date(proposal.dueOn)}</td>
          <td className="p-2">
            {t("labels.implementation.needs_amendment")}
            <div className="no-print">
              <Link to={`/proposals/${proposal.code}#needs-amendment`}>{t("deadlines.resolve")}</Link>
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** An agency's part of a group; named by the agency and its group ("BYT Đã quá hạn (2 việc)"): an agency has a part in each group. */
function AgencySection({ id, groupId, agencyCode, children }: { id: string; groupId: string; agencyCode: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id} ${groupId}`} className="space-y-1">
      <h3 id={id} className="font-semibold">
        <Link to={`/agencies/${agencyCode}`}>{agencyCode}</Link>
      </h3>
      {children}
    </section>
  );
}

function DeadlineTable({ deadlines, caption, late = false, showAgency = false }: { deadlines: Deadline[]; caption: string; late?: boolean; showAgency?: boolean }) {
  const { t, date, stage } = useFormat();
  return (
    <DataTable
      caption={caption}
      data-deadlines={late ? "overdue" : "due-soon"}
      // the same widths in every agency's table, so the columns line up down the page
      columns={[
        { label: t("deadlines.columns.kind"), width: "w-32" },
        t("deadlines.columns.record"),
        ...(showAgency ? [{ label: t("deadlines.columns.agency"), width: "w-24" }] : []),
        { label: t("deadlines.columns.state"), width: "w-36" },
        { label: t("deadlines.columns.dueOn"), width: "w-32" },
        { label: t(late ? "deadlines.columns.daysLate" : "deadlines.columns.daysLeft"), numeric: true, width: "w-24" },
      ]}
    >
      {deadlines.map((deadline) => (
        <tr key={`${deadline.kind}-${deadline.id}`} className="border-t border-slate-200 align-top" data-record={deadline.kind === "amendment" ? `amendment:${deadline.id}` : `proposal:${deadline.code}`}>
          <td className="p-2 whitespace-nowrap">{t(`deadlines.kind.${deadline.kind}`)}</td>
          <td className="p-2">
            {deadline.kind === "amendment" ? (
              <>
                <Link to={`/amendments/${deadline.id}`}>{deadline.documentNumber}</Link>
                {deadline.provisions ? (
                  <span className="text-slate-600" lang="vi">
                    {" "}
                    · {deadline.provisions}
                  </span>
                ) : null}
                <div className="text-slate-600">
                  <DocumentTitle title={deadline.documentTitle} />
                </div>
              </>
            ) : (
              <>
                <Link to={`/proposals/${deadline.code}`}>{deadline.code}</Link>
                <div className="text-slate-600" lang="vi">
                  {deadline.title}
                </div>
              </>
            )}
          </td>
          {showAgency ? (
            <td className="p-2">
              <Link to={`/agencies/${deadline.agencyCode}`}>{deadline.agencyCode}</Link>
            </td>
          ) : null}
          <td className="p-2">
            {deadline.kind === "amendment" ? stage(deadline.stage, deadline.amendingEffectiveOn) : t(`labels.implementation.${deadline.progress}`)}
          </td>
          <td className="p-2 whitespace-nowrap">{date(deadline.dueOn)}</td>
          <td className={`p-2 text-right tabular-nums ${late ? "font-semibold text-red-800" : ""}`}>{late ? deadline.daysLate : deadline.daysLeft}</td>
        </tr>
      ))}
    </DataTable>
  );
}
