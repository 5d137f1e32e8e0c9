import { Form, useNavigation } from "@remix-run/react";
import { useId, useState, type FormEvent } from "react";
import { useFormat } from "~/components/ui/format";
import { translateMessage } from "~/i18n";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, ImportUploadSchema } from "~/schemas/import";

// The upload form: a plain multipart POST that works before JavaScript loads. With JavaScript,
// the chosen file is checked against the server's schema before it is sent, and a progress
// indicator shows while the server reads and checks it.

export function ImportUploadForm({ error }: { error?: string }) {
  const { t, locale } = useFormat();
  const id = useId();
  const [clientError, setClientError] = useState<string | undefined>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formMethod === "POST" && navigation.formAction === "/proposals/import";
  const shown = clientError ?? error;

  function check(event: FormEvent<HTMLFormElement>) {
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const parsed = ImportUploadSchema.safeParse({ name: file?.name ?? "", size: file?.size ?? 0 });
    if (parsed.success) return setClientError(undefined);
    event.preventDefault();
    setClientError(parsed.error.issues[0]?.message);
  }

  return (
    <Form method="post" encType="multipart/form-data" action="/proposals/import" onSubmit={check} noValidate className="space-y-3 rounded border border-slate-300 bg-white p-4">
      <div>
        <label htmlFor={id} className="block font-medium">
          {t("imports.file")}
        </label>
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {t("imports.fileHint", { maxMb: IMPORT_MAX_BYTES / 1024 / 1024, maxRows: IMPORT_MAX_ROWS.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB") })}
        </p>
        <input
          id={id}
          type="file"
          name="file"
          required
          accept=".xlsx,.csv,.txt,.tsv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,text/plain"
          aria-invalid={Boolean(shown)}
          aria-describedby={[`${id}-hint`, shown ? `${id}-error` : null].filter(Boolean).join(" ")}
          onChange={() => setClientError(undefined)}
          className="mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5"
        />
        {shown ? (
          <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800" data-field-error="file">
            {translateMessage(t, shown)}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={busy} className="rounded bg-blue-800 px-4 py-2 text-white disabled:opacity-60">
        {t("imports.check")}
      </button>
      <Progress active={busy} label={t("imports.checking")} />
    </Form>
  );
}

/** An indeterminate progress bar with its phase, announced to screen readers. */
export function Progress({ active, label }: { active: boolean; label: string }) {
  return (
    <div role="status" aria-live="polite" className="min-h-6">
      {active ? (
        <p className="flex items-center gap-3" data-import-progress>
          <progress className="h-2 w-48" aria-label={label} />
          <span>{label}</span>
        </p>
      ) : null}
    </div>
  );
}
