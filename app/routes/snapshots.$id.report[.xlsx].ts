import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { idParam, notFound, page } from "~/http.server";
import { translator } from "~/i18n";
import { reportWorkbook, xlsxResponse } from "~/services/report-xlsx.server";
import { loadSnapshot } from "~/services/snapshot.server";

// A meeting's frozen figures as XLSX, with the changes since the previous meeting.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, "report:export");
  const view = await loadSnapshot(db(), idParam(params.id));
  if (!view) notFound();
  const title = translator("vi")("reports.snapshotTitle", { title: view.snapshot.title, date: formatDate(view.snapshot.held_on, "vi") });
  return xlsxResponse(await reportWorkbook(view.report, { title, changes: view.changes }), title);
});
