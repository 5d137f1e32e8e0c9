import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { getLocale } from "~/locale.server";
import { download, XLSX_TYPE } from "~/services/export.server";
import { importTemplate } from "~/services/import/template.server";
import { page } from "~/http.server";

// The import template: the plan layout's headers, an example row and a guide sheet.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "proposal:create");
  return download(await importTemplate(getLocale(request)), "Mẫu kế hoạch", "xlsx", XLSX_TYPE);
});
