import { useFormat } from "~/components/ui/format";
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
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="p-2">{t("agency.succession.predecessor")}</th>
            <th scope="col" className="p-2"><span className="sr-only">→</span></th>
            <th scope="col" className="p-2">{t("agency.succession.successor")}</th>
            <th scope="col" className="p-2">{t("agency.succession.scope")}</th>
            <th scope="col" className="p-2">{t("agency.succession.functions")}</th>
            <th scope="col" className="p-2">{t("agency.succession.effectiveOn")}</th>
          </tr>
        </thead>
        <tbody>
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
              <td className="p-2">{s.functions ?? t("form.none")}</td>
              <td className="p-2 whitespace-nowrap">{date(s.effective_on)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
