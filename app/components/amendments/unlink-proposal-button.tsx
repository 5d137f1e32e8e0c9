import { useTranslation } from "react-i18next";
import { ConfirmField, failureSummary, SchemaForm, SubmitButton } from "~/components/forms/schema-form";
import { UnlinkProposalSchema } from "~/schemas/amendment";

/** Takes one proposal off the amendment once its tick confirms it; a plain post, so it works before JavaScript loads. */
export function UnlinkProposalButton({ code, serverErrors }: { code: string; serverErrors?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <SchemaForm
      schema={UnlinkProposalSchema}
      defaultValues={{ proposal: code }}
      serverErrors={serverErrors}
      summary={failureSummary(t, t("form.failed.unlink"))}
      className="space-y-2"
    >
      <input type="hidden" name="intent" value="unlink" />
      <input type="hidden" name="proposal" value={code} />
      <ConfirmField label={t("form.confirm.unlink", { code })} className="text-sm" />
      <SubmitButton tone="danger" small label={t("amendment.unlinkLabel", { code })}>
        {t("amendment.unlink")}
      </SubmitButton>
    </SchemaForm>
  );
}
