import { useTranslation } from "react-i18next";
import type { ImplementationProgress } from "~/domain/implementation";
import { implementationStatus } from "~/domain/implementation";
import type { ImplementationStatus } from "~/domain/vocabulary";

const STYLE: Record<ImplementationStatus, string> = {
  not_started: "border-slate-400 text-slate-800",
  in_progress: "border-blue-600 text-blue-900",
  needs_amendment: "border-amber-600 bg-amber-50 text-amber-950 font-semibold",
  implemented: "border-green-700 text-green-900",
  overdue: "border-red-700 bg-red-50 text-red-900 font-semibold",
};

/**
 * An approved proposal's implementation status, derived from its stored progress, its due date
 * and today (the page passes today from the loader, so server and browser agree).
 */
export function ImplementationBadge({
  progress,
  dueOn,
  today,
}: {
  progress: ImplementationProgress | null;
  dueOn: string | null;
  today: string;
}) {
  const { t } = useTranslation();
  const status = implementationStatus(progress, dueOn, today);
  if (!status) return null;
  return (
    <span className={`inline-block rounded border px-1.5 py-0.5 text-xs whitespace-nowrap ${STYLE[status]}`} data-implementation={status}>
      {t(`labels.implementation.${status}`)}
    </span>
  );
}
