import { useLocation } from "@remix-run/react";
import { useFormat } from "./format";

/**
 * "Tải CSV" / "Tải Excel" beside a list's result count: the list's own query string (without
 * the page, since an export holds every matching row) sent to `${base}/export.csv` and `.xlsx`.
 * Plain links, so a download never goes through client-side navigation.
 */
export function ExportLinks({ base }: { base: string }) {
  const { t } = useFormat();
  const search = new URLSearchParams(useLocation().search);
  search.delete("page");
  const query = search.toString() ? `?${search.toString()}` : "";
  return (
    <nav aria-label={t("list.downloads")} className="no-print flex gap-3 text-sm">
      <a href={`${base}/export.csv${query}`} download className="underline">
        {t("list.downloadCsv")}
      </a>
      <a href={`${base}/export.xlsx${query}`} download className="underline">
        {t("list.downloadXlsx")}
      </a>
    </nav>
  );
}
