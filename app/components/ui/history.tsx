import { Link } from "~/components/ui/link";
import type { ParseKeys } from "i18next";
import type { ReactNode } from "react";
import type { EventEntity } from "~/domain/vocabulary";
import { useFormat } from "./format";

export interface HistoryEntryView {
  id: number;
  at: string;
  /** Which record the event belongs to; older callers may leave it out and pass statusLabels. */
  entity_type?: EventEntity;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  /** JSON: { field: [before, after] } */
  changes: string | null;
  actor_name: string | null;
  /** The agency as it was when the event happened (events.agency_id). */
  agency_code: string | null;
  agency_name_vi?: string | null;
  agency_name_en?: string | null;
  /** Numbers of the legal documents the changes name by id. */
  documents?: Record<string, string>;
  /** The spreadsheet import whose commit wrote the event. */
  import_id?: number | null;
  import_file?: string | null;
}

/** The label sets of app/i18n/messages/labels.ts that stored values are translated with. */
type LabelSet =
  | "role"
  | "regulationType"
  | "action"
  | "proposalStatus"
  | "implementation"
  | "stage"
  | "form"
  | "documentType"
  | "documentStatus"
  | "decisionKind";

type ValueKind = "text" | "date" | "money" | "document" | "flag" | "timeline" | { labels: LabelSet };

interface FieldView {
  label: ParseKeys;
  /** Text people typed, in this language (titles, provisions, reasons: Vietnamese), marked so. */
  lang?: "vi" | "en";
  kind?: ValueKind;
}

// How an update event's changed columns read: the form's label and how to show the value.
// A column not listed shows under its own name with its value as stored.
const FIELDS: Record<EventEntity, Record<string, FieldView>> = {
  proposal: {
    regulation_type: { label: "proposal.fields.regulationType", kind: { labels: "regulationType" } },
    title: { label: "proposal.fields.title", lang: "vi" },
    source_document_id: { label: "proposal.fields.sourceDocument", kind: "document" },
    source_document: { label: "proposal.fields.sourceDocument" },
    source_provision: { label: "proposal.fields.sourceProvision", lang: "vi" },
    action: { label: "proposal.fields.action", kind: { labels: "action" } },
    proposed_change: { label: "proposal.fields.proposedChange", lang: "vi" },
    rationale: { label: "proposal.fields.rationale", lang: "vi" },
    procedure_code: { label: "proposal.fields.procedureCode" },
    cost_before_vnd: { label: "proposal.fields.costBefore", kind: "money" },
    cost_after_vnd: { label: "proposal.fields.costAfter", kind: "money" },
    timeline: { label: "proposal.fields.timeline", kind: "timeline" },
    due_on: { label: "proposal.fields.dueOn", kind: "date" },
    status: { label: "proposal.fields.status", kind: { labels: "proposalStatus" } },
    decision: { label: "proposal.fields.decision" },
    no_amendment_reason: { label: "history.fields.noAmendmentReason", lang: "vi" },
    implementation_progress: { label: "history.fields.implementation", kind: { labels: "implementation" } },
    agency: { label: "proposal.fields.agency" },
    provisions: { label: "amendment.fields.provisions", lang: "vi" },
  },
  amendment: {
    document: { label: "amendment.fields.document" },
    legal_document_id: { label: "amendment.fields.document", kind: "document" },
    agency: { label: "amendment.fields.agency" },
    provisions: { label: "amendment.fields.provisions", lang: "vi" },
    form: { label: "amendment.fields.form", kind: { labels: "form" } },
    stage: { label: "amendment.fields.stage", kind: { labels: "stage" } },
    deadline: { label: "amendment.fields.deadline", kind: "date" },
    amending_document_id: { label: "amendment.fields.amendingDocument", kind: "document" },
    amending_document: { label: "amendment.fields.amendingDocument" },
    cancel_reason: { label: "amendment.fields.cancelReason", lang: "vi" },
    note: { label: "amendment.fields.note", lang: "vi" },
  },
  legal_document: {
    number: { label: "document.fields.number" },
    number_recognized: { label: "history.fields.numberRecognized", kind: "flag" },
    doc_type: { label: "document.fields.type", kind: { labels: "documentType" } },
    year: { label: "document.fields.year" },
    issuer: { label: "document.fields.issuer", lang: "vi" },
    title: { label: "document.fields.title", lang: "vi" },
    issued_on: { label: "document.fields.issuedOn", kind: "date" },
    effective_on: { label: "document.fields.effectiveOn", kind: "date" },
    status: { label: "document.fields.status", kind: { labels: "documentStatus" } },
    lead_agency: { label: "document.fields.leadAgency" },
  },
  decision: {
    number: { label: "decision.fields.number" },
    signed_on: { label: "decision.fields.signedOn", kind: "date" },
    kind: { label: "decision.fields.kind", kind: { labels: "decisionKind" } },
    title_vi: { label: "decision.fields.titleVi", lang: "vi" },
    title_en: { label: "decision.fields.titleEn", lang: "en" },
    timeline: { label: "decision.fields.timeline", kind: "timeline" },
    due_on: { label: "decision.fields.dueOn", kind: "date" },
  },
  agency: {
    name_vi: { label: "agency.fields.nameVi", lang: "vi" },
    name_en: { label: "agency.fields.nameEn", lang: "en" },
    active_from: { label: "agency.fields.activeFrom", kind: "date" },
    active_to: { label: "agency.fields.activeTo", kind: "date" },
    baseline_on: { label: "baseline.fields.baselineOn", kind: "date" },
    regulations: { label: "baseline.fields.regulations" },
    yearly_cost_vnd: { label: "baseline.fields.yearlyCost", kind: "money" },
  },
  user: {
    name: { label: "user.fields.name", lang: "vi" },
    email: { label: "user.fields.email" },
    role: { label: "user.fields.role", kind: { labels: "role" } },
    agency: { label: "user.fields.agency" },
  },
};

/** What from_status and to_status hold, per record and action. */
function statusLabelSet(entity: EventEntity | undefined, action: string, fallback?: string): LabelSet | undefined {
  if (entity === "proposal" && (action === "create" || action === "status")) return "proposalStatus";
  if (entity === "amendment" && (action === "create" || action === "stage")) return "stage";
  if (entity === "user" && action === "create") return "role";
  if (entity === undefined && fallback) return fallback as LabelSet;
  return undefined;
}

/** The append-only history of a record, newest first. */
export function History({ entries, statusLabels }: { entries: HistoryEntryView[]; statusLabels?: string }) {
  const { t } = useFormat();
  if (entries.length === 0) return <p>{t("history.empty")}</p>;
  return (
    <ol className="space-y-2">
      {entries.map((entry) => (
        <HistoryItem key={entry.id} entry={entry} statusLabels={statusLabels} />
      ))}
    </ol>
  );
}

function HistoryItem({ entry, statusLabels }: { entry: HistoryEntryView; statusLabels?: string }) {
  const { t, locale, dateTime } = useFormat();
  const labelSet = statusLabelSet(entry.entity_type, entry.action, statusLabels);
  const status = (value: string | null) =>
    value === null ? t("form.none") : labelSet ? t(`labels.${labelSet}.${value}` as ParseKeys, { defaultValue: value }) : value;
  const agencyName = locale === "vi" ? entry.agency_name_vi : entry.agency_name_en;
  return (
    <li className="rounded border border-slate-200 bg-white p-2 break-inside-avoid" data-history-action={entry.action}>
      <p>
        <strong>{t(`history.actions.${entry.action}` as ParseKeys, { defaultValue: entry.action })}</strong>
        <Summary entry={entry} status={status} />
      </p>
      <p className="text-sm text-slate-700">
        <time dateTime={entry.at}>{dateTime(entry.at)}</time>
        {" · "}
        {entry.actor_name ? <span lang="vi">{entry.actor_name}</span> : t("history.system")}
        {entry.agency_code ? (
          <>
            {" · "}
            {t("history.agencyAtTime")}{" "}
            <abbr title={agencyName ?? undefined} className="no-underline">
              {entry.agency_code}
            </abbr>
          </>
        ) : null}
        {entry.import_id ? (
          <>
            {" · "}
            <span data-import={entry.import_id}>{t("imports.history", { file: entry.import_file ?? "", id: entry.import_id })}</span>
          </>
        ) : null}
      </p>
      <Details entry={entry} />
    </li>
  );
}

/** The rest of the first line: what moved where. */
function Summary({ entry, status }: { entry: HistoryEntryView; status: (value: string | null) => string }) {
  const { t } = useFormat();
  switch (entry.action) {
    case "create":
      return entry.to_status ? <>: {status(entry.to_status)}</> : null;
    case "status":
    case "stage":
      return (
        <>
          : {status(entry.from_status)} <span aria-hidden="true">→</span>
          <span className="sr-only">{t("history.to")}</span> {status(entry.to_status)}
        </>
      );
    case "merge":
      return entry.from_status && entry.to_status ? <> {t("history.mergeMove", { from: entry.from_status, to: entry.to_status })}</> : null;
    case "deactivate":
      // a user deactivated because their agency merged away names that agency
      return entry.from_status ? <> ({t("history.byMerge", { from: entry.from_status })})</> : null;
    case "sign_in_failed":
      return entry.comment ? <> {t("history.signInFrom", { ip: entry.comment })}</> : null;
    default:
      return null;
  }
}

/** Below the first lines: the fields an update changed, or the comment given. */
function Details({ entry }: { entry: HistoryEntryView }) {
  const changes = entry.changes ? (JSON.parse(entry.changes) as Record<string, [unknown, unknown]>) : null;
  return (
    <>
      {changes ? <Changes entry={entry} changes={changes} /> : null}
      {entry.comment && entry.action !== "sign_in_failed" ? <Comment entry={entry} /> : null}
    </>
  );
}

function Changes({ entry, changes }: { entry: HistoryEntryView; changes: Record<string, [unknown, unknown]> }) {
  const { t } = useFormat();
  const fields = entry.entity_type ? FIELDS[entry.entity_type] : {};
  return (
    <dl className="mt-1 space-y-1 text-sm">
      {Object.entries(changes).map(([field, [before, after]]) => {
        const view = fields[field];
        return (
          <div key={field} data-history-field={field}>
            <dt className="font-medium">{view ? t(view.label) : field}</dt>
            <dd className="pl-3 whitespace-pre-line">
              <span className="sr-only">{t("history.before")}: </span>
              <del className="text-slate-700" lang={view?.lang}>
                <Value value={before} kind={view?.kind} entry={entry} />
              </del>{" "}
              <span aria-hidden="true">→</span> <span className="sr-only">{t("history.after")}: </span>
              <ins className="no-underline font-medium" lang={view?.lang}>
                <Value value={after} kind={view?.kind} entry={entry} />
              </ins>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function Value({ value, kind = "text", entry }: { value: unknown; kind?: ValueKind; entry: HistoryEntryView }): ReactNode {
  const { t, date, vnd, timeline } = useFormat();
  if (value === null || value === undefined || value === "") return t("form.none");
  if (typeof kind === "object") return t(`labels.${kind.labels}.${String(value)}` as ParseKeys, { defaultValue: String(value) });
  switch (kind) {
    case "date":
      return typeof value === "string" ? date(value) || value : String(value);
    case "money":
      return typeof value === "number" ? vnd(value) : String(value);
    case "timeline":
      return timeline(String(value));
    case "flag":
      return value === 1 || value === true ? t("history.yes") : t("history.no");
    case "document": {
      const number = entry.documents?.[String(value)];
      return <Link to={`/documents/${String(value)}`}>{number ?? `#${String(value)}`}</Link>;
    }
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

/**
 * A comment, reason or reference. Link events name the other side: "#12" (an amendment) on a
 * proposal, proposal codes on an amendment; those become links.
 */
function Comment({ entry }: { entry: HistoryEntryView }) {
  const { t } = useFormat();
  const comment = entry.comment ?? "";
  if (entry.action === "link" || entry.action === "unlink") {
    const amendment = /^#(\d+)$/.exec(comment);
    if (amendment) {
      return (
        <p className="mt-1 text-sm">
          <Link to={`/amendments/${amendment[1]}`}>{t("history.amendmentRef", { id: amendment[1] })}</Link>
        </p>
      );
    }
    const codes = comment.split(",").map((code) => code.trim());
    if (codes.every((code) => /^[\p{Lu}\d]+-\d+$/u.test(code))) {
      return (
        <ul className="mt-1 flex flex-wrap gap-x-3 text-sm">
          {codes.map((code) => (
            <li key={code}>
              <Link to={`/proposals/${code}`}>{code}</Link>
            </li>
          ))}
        </ul>
      );
    }
  }
  // people's own words (a comment, the reason for a status change) stand as a quote; what a
  // system step notes (the amending document, a reason to move back) as a note
  if (entry.action === "comment" || entry.action === "status") {
    return (
      <blockquote className="mt-1 border-l-4 border-slate-300 pl-2 whitespace-pre-line" lang="vi">
        {comment}
      </blockquote>
    );
  }
  return (
    <p className="mt-1 text-sm whitespace-pre-line">
      <span className="font-medium">{t("history.note")}:</span> <span lang="vi">{comment}</span>
    </p>
  );
}

/** The history as the last part of a record's page. */
export function HistorySection({ title, entries, statusLabels }: { title: string; entries: HistoryEntryView[]; statusLabels?: string }) {
  return (
    <section aria-labelledby="history" className="space-y-2">
      <h2 id="history" className="text-lg font-semibold">{title}</h2>
      <History entries={entries} statusLabels={statusLabels} />
    </section>
  );
}
