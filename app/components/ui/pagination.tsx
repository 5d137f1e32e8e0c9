import { useLocation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useTranslation } from "react-i18next";

/** Previous/next links that keep every other query parameter, so a link reproduces the view. */
export function Pagination({ page, total, pageSize }: { page: number; total: number; pageSize: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target === 1) params.delete("page");
    else params.set("page", String(target));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return (
    <nav aria-label={t("list.pagination")} className="pagination mt-4 flex items-center gap-4">
      {page > 1 ? <Link to={hrefFor(page - 1)} rel="prev">{t("actions.previous")}</Link> : null}
      <span>{t("list.page", { page, pages })}</span>
      {page < pages ? <Link to={hrefFor(page + 1)} rel="next">{t("actions.next")}</Link> : null}
    </nav>
  );
}
