import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { useFormat } from "~/components/ui/format";
import { DataTable, ListHeader, NewRecordLink } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { page } from "~/http.server";
import { readSnapshots } from "~/services/snapshot.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "snapshot.listTitle");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  return readSnapshots(db(), user);
});

export default function SnapshotsPage() {
  const { snapshots, allowed } = useLoaderData<typeof loader>();
  const { t, date, dateTime } = useFormat();
  return (
    <div className="space-y-4">
      <ListHeader title={t("snapshot.listTitle")}>
        {allowed.create ? <NewRecordLink to="/snapshots/new">{t("snapshot.newLink")}</NewRecordLink> : null}
      </ListHeader>
      <p>{t("snapshot.listIntro")}</p>
      {snapshots.length === 0 ? (
        <p>{t("snapshot.empty")}</p>
      ) : (
        <DataTable
          caption={t("snapshot.listTitle")}
          columns={[t("snapshot.fields.heldOn"), t("snapshot.fields.title"), t("snapshot.fields.createdAt"), t("snapshot.fields.createdBy")]}
        >
          {snapshots.map((snapshot) => (
            <tr key={snapshot.id} className="border-t border-slate-200">
              <td className="p-2 whitespace-nowrap">{date(snapshot.held_on)}</td>
              <td className="p-2">
                <Link to={`/snapshots/${snapshot.id}`} lang="vi">{snapshot.title}</Link>
              </td>
              <td className="p-2 whitespace-nowrap">{dateTime(snapshot.created_at)}</td>
              <td className="p-2" lang="vi">{snapshot.created_by_name}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
