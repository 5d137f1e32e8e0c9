import { SchemaForm, SubmitButton, TextField } from "~/components/forms/schema-form";
import { useFormat } from "~/components/ui/format";
import { SnapshotSchema } from "~/schemas/snapshot";

/** Freezes the current figures under a meeting's title and date. */
export function SnapshotForm({ defaultValues, serverErrors }: { defaultValues: Record<string, string>; serverErrors?: Record<string, string> }) {
  const { t } = useFormat();
  return (
    <SchemaForm schema={SnapshotSchema} defaultValues={defaultValues} serverErrors={serverErrors} className="space-y-6">
      <fieldset className="grid gap-4 rounded border border-slate-300 bg-white p-4 md:grid-cols-2">
        <legend className="px-1 font-semibold">{t("snapshot.title")}</legend>
        <TextField name="title" label={t("snapshot.fields.title")} hint={t("snapshot.hints.title")} lang="vi" required />
        <TextField name="held_on" label={t("snapshot.fields.heldOn")} hint={t("snapshot.hints.heldOn")} required />
      </fieldset>
      <SubmitButton>{t("snapshot.create")}</SubmitButton>
    </SchemaForm>
  );
}

export const EMPTY_SNAPSHOT_VALUES = { title: "", held_on: "" };
