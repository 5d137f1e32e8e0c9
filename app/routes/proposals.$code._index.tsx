import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { DetailList, DetailRow, DetailSection, EditLink, RecordHeader } from "~/components/ui/details";
import { useFormat } from "~/components/ui/format";
import { HistorySection } from "~/components/ui/history";
import { DataTable } from "~/components/ui/list";
import { db } from "~/db.server";
import { can } from "~/domain/permissions";
import { notFound } from "~/http.server";
import { listEvents } from "~/models/event.server";
import { getProposalByCode, listProposalAmendments } from "~/models/proposal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.code ?? ""} · Tinh Gọn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record:read");
  const proposal = await getProposalByCode(db(), params.code ?? "");
  if (!proposal) notFound();
  const [amendments, history] = await Promise.all([
    listProposalAmendments(db(), proposal.id),
    listEvents(db(), "proposal", proposal.id),
  ]);
  return {
    proposal,
    amendments,
    history,
    canEdit: can(user, "proposal:update", proposal),
    canAddAmendment: can(user, "amendment:create", proposal),
  };
}

export default function ProposalPage() {
  const { proposal, amendments, history, canEdit, canAddAmendment } = useLoaderData<typeof loader>();
  const { t, locale, date, vnd } = useFormat();
  const saving =
    proposal.cost_before_vnd !== null ? proposal.cost_before_vnd - (proposal.cost_after_vnd ?? 0) : null;
  return (
    <article className="space-y-6">
      <RecordHeader
        kind={t("proposal.title")}
        title={
          <>
            {proposal.code}: {proposal.title}
          </>
        }
        actions={canEdit ? <EditLink to={`/proposals/${proposal.code}/edit`} /> : null}
      >
        <strong>{t("proposal.fields.status")}:</strong> {t(`labels.proposalStatus.${proposal.status}`)}
      </RecordHeader>

      <DetailSection id="regulation" title={t("proposal.sections.regulation")}>
        <DetailList>
          <DetailRow label={t("proposal.fields.agency")}>
            <Link to={`/agencies/${proposal.agency_code}`}>{proposal.agency_code}</Link> —{" "}
            {locale === "vi" ? proposal.agency_name_vi : proposal.agency_name_en}
            {proposal.original_agency_code !== proposal.agency_code
              ? ` (${t("proposal.fields.originalAgency")}: ${proposal.original_agency_code})`
              : ""}
          </DetailRow>
          <DetailRow label={t("proposal.fields.regulationType")}>{t(`labels.regulationType.${proposal.regulation_type}`)}</DetailRow>
          <DetailRow label={t("proposal.fields.sourceDocument")}>
            {proposal.source_document_id ? (
              <Link to={`/documents/${proposal.source_document_id}`}>{proposal.source_document_number}</Link>
            ) : (
              t("form.none")
            )}
          </DetailRow>
          <DetailRow label={t("proposal.fields.sourceProvision")}>{proposal.source_provision ?? t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.procedureCode")}>{proposal.procedure_code ?? t("form.none")}</DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection id="plan" title={t("proposal.sections.plan")}>
        <DetailList>
          <DetailRow label={t("proposal.fields.action")}>{t(`labels.action.${proposal.action}`)}</DetailRow>
          <DetailRow label={t("proposal.fields.proposedChange")}>{proposal.proposed_change}</DetailRow>
          <DetailRow label={t("proposal.fields.rationale")}>{proposal.rationale ?? t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.costBefore")}>{vnd(proposal.cost_before_vnd) || t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.costAfter")}>{vnd(proposal.cost_after_vnd) || t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.saving")}>{saving !== null ? vnd(saving) : t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.decision")}>
            {proposal.decision_id ? <Link to={`/decisions/${proposal.decision_id}`}>{proposal.decision_number}</Link> : t("form.none")}
          </DetailRow>
          <DetailRow label={t("proposal.fields.timeline")}>{proposal.timeline ?? t("form.none")}</DetailRow>
          <DetailRow label={t("proposal.fields.dueOn")}>{date(proposal.due_on) || t("form.none")}</DetailRow>
        </DetailList>
      </DetailSection>

      <DetailSection
        id="amendments"
        title={t("proposal.sections.amendments")}
        actions={
          canAddAmendment ? (
            <Link to={`/amendments/new?proposal=${encodeURIComponent(proposal.code)}`} className="no-print">
              {t("proposal.addAmendment")}
            </Link>
          ) : null
        }
      >
        {amendments.length === 0 ? (
          <p>{t("proposal.noAmendments")}</p>
        ) : (
          <DataTable
            className="mt-2"
            columns={[
              t("amendment.fields.document"),
              t("amendment.fields.provisions"),
              t("amendment.fields.agency"),
              t("amendment.fields.stage"),
              t("amendment.fields.deadline"),
            ]}
          >
            {amendments.map((amendment) => (
              <tr key={amendment.id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link to={`/amendments/${amendment.id}`}>{amendment.document_number}</Link>
                </td>
                <td className="p-2">{amendment.provisions ?? ""}</td>
                <td className="p-2">{amendment.agency_code}</td>
                <td className="p-2">{t(`labels.stage.${amendment.stage}`)}</td>
                <td className="p-2">{date(amendment.deadline)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </DetailSection>

      <HistorySection title={t("proposal.sections.history")} entries={history} statusLabels="proposalStatus" />
    </article>
  );
}
