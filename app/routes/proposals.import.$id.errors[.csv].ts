import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { download, idParam, page } from "~/http.server";
import { translator } from "~/i18n";
import { getLocale } from "~/locale.server";
import { csvFile } from "~/services/export.server";
import { issueMessage } from "~/services/import/report-text";
import { readImportErrors } from "~/services/import/pages.server";

// Every error of an import's report as CSV, in the user's language: a file of thousands of
// rows is fixed from a spreadsheet, not from the page.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:create");
  const { fileName, errors } = await readImportErrors(db(), user, { id: idParam(params.id) });
  const t = translator(getLocale(request));
  const file = csvFile({
    name: `Lỗi nhập ${fileName.replace(/\.[^.]+$/, "")}`,
    columns: [
      { header: t("imports.row"), width: 8, value: (issue) => issue.row },
      { header: t("imports.column"), width: 24, value: (issue) => issue.header },
      { header: t("imports.value"), width: 30, value: (issue) => issue.value },
      { header: t("imports.message"), width: 60, value: (issue) => issueMessage(t, issue) },
    ],
    rows: errors,
  });
  return download(file);
});
