import { useTranslation } from "react-i18next";

/** The "overdue" mark beside a deadline, with how many days late when known. */
export function OverdueMark({ daysLate }: { daysLate?: number }) {
  const { t } = useTranslation();
  return (
    <strong className="ml-1 inline-block rounded border border-red-700 px-1 text-xs font-semibold text-red-800">
      {t("amendment.overdue")}
      {daysLate ? ` · ${t("amendment.daysLate", { count: daysLate })}` : ""}
    </strong>
  );
}
