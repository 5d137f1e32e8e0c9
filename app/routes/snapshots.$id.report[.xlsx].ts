import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { download, idParam, page } from "~/http.server";
import { readSnapshotReport } from "~/services/snapshot.server";
import { translator } from "~/i18n";
import { reportWorkbook, reportFile } from "~/services/report-xlsx.server";

// A meeting's frozen figures as XLSX, with the changes since the previous meeting.

export const loader = page(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "report:export");
  const view = await readSnapshotReport(db(), user, idParam(params.id));
  const title = translator("vi")("reports.snapshotTitle", { title: view.snapshot.title, date: formatDate(view.snapshot.held_on, "vi") });
  return download(reportFile(await reportWorkbook(view.report, { title, changes: view.changes }), title));
});
