import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import type { SuccessionScope } from "~/domain/vocabulary";
import { AgencyLink } from "./agency-link";

export interface SuccessionView {
  id: number;
  effective_on: string;
  scope: SuccessionScope;
  functions: string | null;
  predecessor_code: string;
  predecessor_name_vi: string;
  predecessor_name_en: string;
  successor_code: string;
  successor_name_vi: string;
  successor_name_en: string;
}

/** Predecessor → successor, with what moved and from when. */
export function SuccessionTable({ successions, caption }: { successions: SuccessionView[]; caption: string }) {
  const { t, locale, date } = useFormat();
  if (successions.length === 0) return <p>{t("agency.succession.empty")}</p>;
  return (
    <DataTable
      caption={caption}
      columns={[
        t("agency.succession.predecessor"),
        { label: <span className="sr-only">→</span> },
        t("agency.succession.successor"),
        t("agency.succession.scope"),
        t("agency.succession.functions"),
        t("agency.succession.effectiveOn"),
      ]}
    >
      {successions.map((s) => (
        <tr key={s.id} className="border-t border-slate-200 align-top">
          <td className="p-2">
            <AgencyLink code={s.predecessor_code} /> — {locale === "vi" ? s.predecessor_name_vi : s.predecessor_name_en}
          </td>
          <td className="p-2" aria-hidden="true">→</td>
          <td className="p-2">
            <AgencyLink code={s.successor_code} /> — {locale === "vi" ? s.successor_name_vi : s.successor_name_en}
          </td>
          <td className="p-2">{t(`labels.successionScope.${s.scope}`)}</td>
          <td className="p-2" lang="vi">{s.functions ?? t("form.none")}</td>
          <td className="p-2 whitespace-nowrap">{date(s.effective_on)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
