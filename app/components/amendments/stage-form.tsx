import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ConfirmField, DocumentNumberField, failureSummary, SchemaForm, SelectField, SubmitButton, TextArea, TextField } from "~/components/forms/schema-form";
import { stageMoveNeedsReason } from "~/domain/amendment";
import { AMENDMENT_STAGES, DOCUMENT_TYPES, type AmendmentStage } from "~/domain/vocabulary";
import type { ConflictChange } from "~/schemas/conflict";
import { AmendmentStageFormSchema } from "~/schemas/amendment";

export interface StageFormProps {
  /** The stage the amendment is at: which moves need a reason depends on it. */
  current: AmendmentStage;
  /** The form's values, including the version it was opened at. */
  defaultValues: Record<string, string>;
  serverErrors?: Record<string, string>;
  /** The stored values and, after a stale save, what someone else changed. */
  base?: Record<string, string>;
  conflict?: ConflictChange[];
}

/**
 * Moves an amendment along the law-making pipeline. Every stage can be chosen; those that need
 * a reason from here say so in their label. The amending document's fields are always shown
 * (the schema requires them from "promulgated" on), so the form works without JavaScript.
 */
export function StageForm({ current, defaultValues, serverErrors, base, conflict }: StageFormProps) {
  const { t } = useTranslation();
  const stageLabel = (stage: AmendmentStage) => {
    const label = t(`labels.stage.${stage}`);
    if (stage === current) return t("amendment.stageOption.current", { stage: label });
    return stageMoveNeedsReason(current, stage) ? t("amendment.stageOption.needsReason", { stage: label }) : label;
  };
  const fieldLabels = {
    stage: t("amendment.fields.stage"),
    amending_number: t("amendment.fields.amendingNumber"),
    amending_type: t("amendment.fields.amendingType"),
    promulgated_on: t("amendment.fields.promulgatedOn"),
    effective_on: t("amendment.fields.effectiveOn"),
    reason: t("amendment.fields.reason"),
  };
  return (
    <section aria-labelledby="stage-form-title" className="no-print space-y-4 rounded border border-slate-300 bg-white p-4">
      <h2 id="stage-form-title" className="text-lg font-semibold">{t("amendment.moveStage")}</h2>
      <SchemaForm
        schema={AmendmentStageFormSchema}
        defaultValues={defaultValues}
        serverErrors={serverErrors}
        base={base}
        conflict={conflict}
        fieldLabels={fieldLabels}
        summary={failureSummary(t, t("form.failed.moveStage"))}
        aria-labelledby="stage-form-title"
      >
        <input type="hidden" name="intent" value="stage" />
        <input type="hidden" name="version" value={defaultValues.version} />
        <div className="grid gap-4 md:grid-cols-2">
          <SelectField
            name="stage"
            label={t("amendment.fields.stage")}
            hint={t("amendment.stageRules")}
            required
            options={AMENDMENT_STAGES.map((stage) => ({ value: stage, label: stageLabel(stage) }))}
          />
          <ReasonField current={current} />
          <DocumentNumberField name="amending_number" label={t("amendment.fields.amendingNumber")} hint={t("amendment.hints.amending")} />
          <SelectField
            name="amending_type"
            label={t("amendment.fields.amendingType")}
            hint={t("amendment.hints.documentType")}
            placeholder=""
            options={DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`labels.documentType.${type}`) }))}
          />
          <TextField name="promulgated_on" label={t("amendment.fields.promulgatedOn")} hint={t("amendment.hints.amending")} />
          <TextField name="effective_on" label={t("amendment.fields.effectiveOn")} hint={t("amendment.hints.effectiveOn")} />
        </div>
        <ConfirmField label={t("form.confirm.cancelStage")} />
        <StageSubmit />
      </SchemaForm>
    </section>
  );
}

/** Saving a move to "cancelled" looks as destructive as it is (after hydration; the tick is asked for regardless). */
function StageSubmit() {
  const { t } = useTranslation();
  const chosen = useWatch({ name: "stage" }) as AmendmentStage | undefined;
  return <SubmitButton tone={chosen === "cancelled" ? "danger" : "primary"}>{t("actions.save")}</SubmitButton>;
}

/** The reason, marked required once the chosen stage needs one (after hydration; the server checks regardless). */
function ReasonField({ current }: { current: AmendmentStage }) {
  const { t } = useTranslation();
  const chosen = useWatch({ name: "stage" }) as AmendmentStage | undefined;
  return (
    <TextArea
      name="reason"
      label={t("amendment.fields.reason")}
      hint={t("amendment.hints.reason")}
      required={chosen !== undefined && stageMoveNeedsReason(current, chosen)}
      rows={2}
    />
  );
}
