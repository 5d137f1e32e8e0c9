import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Link } from "~/components/ui/link";
import { requirePermission } from "~/auth/session.server";
import { ImportUploadForm } from "~/components/imports/upload-form";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { formAction, page } from "~/http.server";
import { uploadInput } from "~/schemas/import";
import { readImportsPage } from "~/services/import/pages.server";
import { stageImport } from "~/services/import/staged.server";

// Upload a plan: the file is read and checked (nothing written) and kept for the report page,
// where its uploader confirms or discards it.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "proposal:create");
  return readImportsPage(db(), user);
});

export const action = formAction(async ({ request, formData }) => {
  const user = await requirePermission(request, "proposal:create");
  const id = await stageImport(db(), user, await uploadInput(formData.get("file")));
  return redirect(`/proposals/import/${id}`);
});

export default function ImportPage() {
  const { imports, ownAgency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useFormat();
  return (
    <div className="space-y-4">
      <ErrorSummary answer={actionData} />
      <h1 className="text-2xl font-semibold">{t("imports.title")}</h1>
      <p>{t("imports.intro")}</p>
      <p>{t("imports.rules")}</p>
      {ownAgency ? <p>{t("imports.officerRule", { agency: ownAgency })}</p> : null}
      <p>
        <a href="/proposals/import/template.xlsx" download>
          {t("imports.template")}
        </a>
      </p>
      <ImportUploadForm error={actionData?.errors.file} />
      <section className="space-y-2">
        <h2 className="text-xl font-semibold">{t("imports.recent")}</h2>
        {imports.length === 0 ? (
          <p>{t("imports.noRecent")}</p>
        ) : (
          <DataTable
            columns={[
              t("imports.when"),
              t("imports.file"),
              t("imports.by"),
              t("imports.outcome"),
              { label: t("imports.counts.new"), numeric: true },
              { label: t("imports.counts.updated"), numeric: true },
            ]}
          >
            {imports.map((item) => (
              <tr key={item.id} className="border-t border-slate-200">
                <td className="p-2 whitespace-nowrap">{dateTime(item.committed_at ?? item.created_at)}</td>
                <td className="p-2">
                  <Link to={`/proposals/import/${item.id}`}>{item.file_name}</Link>
                </td>
                <td className="p-2" lang="vi">{item.actor_name}</td>
                <td className="p-2">{t(`imports.status.${item.status}`)}</td>
                <td className="p-2 text-right">{item.status === "committed" ? item.new_count : ""}</td>
                <td className="p-2 text-right">{item.status === "committed" ? item.updated_count : ""}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}
