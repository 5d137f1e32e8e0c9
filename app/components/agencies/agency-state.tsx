import { useFormat } from "~/components/ui/format";

/** "Active", or "No longer active (until 28/02/2025)". */
export function AgencyState({ active, activeTo }: { active: boolean; activeTo: string | null }) {
  const { t, date } = useFormat();
  if (active) return <span>{t("agency.active")}</span>;
  return (
    <span className="font-medium text-amber-900">
      {activeTo ? t("agency.inactiveUntil", { date: date(activeTo) }) : t("agency.fields.inactive")}
    </span>
  );
}
