import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { getLocale } from "~/locale.server";
import { XLSX_TYPE } from "~/services/export.server";
import { importTemplate } from "~/services/import/template.server";
import { download, page } from "~/http.server";

// The import template: the plan layout's headers, an example row and a guide sheet.

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "proposal:create");
  return download({ body: await importTemplate(getLocale(request)), name: "Mẫu kế hoạch", extension: "xlsx", contentType: XLSX_TYPE });
});
