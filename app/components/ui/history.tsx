import { useFormat } from "./format";

export interface HistoryEntryView {
  id: number;
  at: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  changes: string | null;
  actor_name: string | null;
  agency_code: string | null;
}

/** The append-only history of a record, newest first. */
export function History({ entries, statusLabels }: { entries: HistoryEntryView[]; statusLabels?: string }) {
  const { t, dateTime } = useFormat();
  if (entries.length === 0) return <p>{t("history.empty")}</p>;
  const label = (value: string | null) =>
    value && statusLabels ? t(`labels.${statusLabels}.${value}` as never, { defaultValue: value }) : value;
  return (
    <ol className="space-y-2">
      {entries.map((entry) => {
        const changes = entry.changes ? (JSON.parse(entry.changes) as Record<string, [unknown, unknown]>) : null;
        return (
          <li key={entry.id} className="rounded border border-slate-200 bg-white p-2">
            <p>
              <time dateTime={entry.at} className="text-slate-600">{dateTime(entry.at)}</time>{" "}
              <strong>{t(`history.actions.${entry.action}` as never, { defaultValue: entry.action })}</strong>
              {entry.from_status || entry.to_status ? (
                <span>: {label(entry.from_status) ?? "—"} → {label(entry.to_status) ?? "—"}</span>
              ) : null}
              {" · "}
              {entry.actor_name ?? t("history.system")}
              {entry.agency_code ? ` (${entry.agency_code})` : ""}
            </p>
            {entry.comment ? <p className="mt-1 whitespace-pre-line">{entry.comment}</p> : null}
            {changes ? (
              <ul className="mt-1 text-sm text-slate-700">
                {Object.entries(changes).map(([field, [before, after]]) => (
                  <li key={field}>
                    <code>{field}</code>: <del>{String(before ?? "—")}</del> → <ins>{String(after ?? "—")}</ins>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
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
