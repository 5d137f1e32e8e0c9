import { Form, useNavigate } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useFieldId } from "~/components/forms/schema-form";
import { useFormat } from "~/components/ui/format";
import { translateMessage } from "~/i18n";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, ImportUploadSchema } from "~/schemas/import";

// The upload form: a plain multipart POST that works before JavaScript loads. With JavaScript,
// the chosen file is checked against the server's schema before it is sent, and sent with a
// progress indicator: the share uploaded, then the phase while the server reads and checks it.

type Phase = { step: "uploading"; percent: number } | { step: "checking" };

export function ImportUploadForm({ error }: { error?: string }) {
  const { t, count } = useFormat();
  // refused by the server: the id the error summary at the top of the page links to
  const id = useFieldId("file", Boolean(error));
  const navigate = useNavigate();
  const [clientError, setClientError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase | null>(null);
  const shown = clientError ?? error;

  function send(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const input = form.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const parsed = ImportUploadSchema.safeParse({ name: file?.name ?? "", size: file?.size ?? 0 });
    event.preventDefault();
    if (!parsed.success) return setClientError(parsed.error.issues[0]?.message);
    setClientError(undefined);
    setPhase({ step: "uploading", percent: 0 });
    const request = new XMLHttpRequest();
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) setPhase({ step: "uploading", percent: Math.round((progress.loaded / progress.total) * 100) });
    });
    request.upload.addEventListener("load", () => setPhase({ step: "checking" }));
    request.addEventListener("load", () => {
      // the server answers with a redirect to the report, which the request has followed
      const landed = new URL(request.responseURL || window.location.href);
      if (request.status === 200 && landed.pathname !== "/proposals/import") navigate(landed.pathname);
      else form.submit(); // anything else: let the browser post the form and show the server's answer
    });
    request.addEventListener("error", () => form.submit());
    request.open("POST", form.action);
    request.send(new FormData(form));
  }

  return (
    <Form method="post" encType="multipart/form-data" action="/proposals/import" onSubmit={send} noValidate className="space-y-3 rounded border border-slate-300 bg-white p-4">
      <div>
        <label htmlFor={id} className="block font-medium">
          {t("imports.file")}
        </label>
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {t("imports.fileHint", { maxMb: IMPORT_MAX_BYTES / 1024 / 1024, maxRows: count(IMPORT_MAX_ROWS) })}
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
      <button type="submit" disabled={phase !== null} className="rounded bg-blue-800 px-4 py-2 text-white disabled:opacity-60">
        {t("imports.check")}
      </button>
      <Progress
        active={phase !== null}
        label={phase?.step === "uploading" ? t("imports.uploading", { percent: phase.percent }) : t("imports.checking")}
        value={phase?.step === "uploading" ? phase.percent : undefined}
      />
    </Form>
  );
}

/** A progress bar (indeterminate without a value) with its phase, announced to screen readers. */
export function Progress({ active, label, value }: { active: boolean; label: string; value?: number }) {
  return (
    <div role="status" aria-live="polite" className="min-h-6">
      {active ? (
        <p className="flex items-center gap-3" data-import-progress>
          <progress className="h-2 w-48" aria-label={label} max={100} value={value} />
          <span>{label}</span>
        </p>
      ) : null}
    </div>
  );
}
