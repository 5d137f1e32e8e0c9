import { useSearchParams } from "@remix-run/react";
import { isoDate } from "~/domain/dates";
import { useFormat } from "~/components/ui/format";

function dayAfter(iso: string): string {
  const [year = 1970, month = 1, day = 1] = iso.split("-").map(Number);
  // UTC arithmetic on a calendar date: no time zone can move it
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) ?? iso;
}

/** On a predecessor's page: from which day it is inactive, and who took its open cases over. */
export function SuccessionNotice({ code, activeTo, successors }: { code: string; activeTo: string | null; successors: string[] }) {
  const { t, date } = useFormat();
  if (!activeTo) return null;
  return (
    <div className="rounded border border-amber-400 bg-amber-50 p-3">
      <p>{t("agency.endsOn", { date: date(dayAfter(activeTo)) })}</p>
      {successors.length ? <p>{t("agency.continuedBy", { codes: [...new Set(successors)].join(", "), code })}</p> : null}
    </div>
  );
}

/** What a succession just recorded did, from the address the succession page redirected to. */
export function SuccessionRecorded() {
  const [params] = useSearchParams();
  const { t } = useFormat();
  const kind = params.get("succession");
  if (kind !== "recorded" && kind !== "deactivated") return null;
  const count = (name: string) => Number(params.get(name)) || 0;
  const values = { proposals: count("proposals"), amendments: count("amendments"), users: count("users") };
  return (
    <p role="status" aria-live="polite" className="rounded border border-green-600 bg-green-50 p-3 text-green-900">
      {kind === "recorded" ? t("agency.successionForm.recorded", values) : t("agency.successionForm.recordedDeactivated", values)}
    </p>
  );
}
