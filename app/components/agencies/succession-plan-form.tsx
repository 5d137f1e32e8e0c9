import { Form } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { useAgencyOptions, type AgencyChoice } from "~/components/ui/agency-options";
import { useFormat } from "~/components/ui/format";
import { translateMessage } from "~/i18n";
import { PARTIAL_SLOTS } from "~/schemas/succession";

// Step 1 of recording a succession: a plain GET form, so that step 2 is a page of its own (with
// the plan in its address) and everything works before JavaScript loads. The loader validates
// it and answers 422 with the messages shown beside the fields.

const CONTROL =
  "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700 aria-[invalid=true]:bg-red-50";

export interface SuccessionPlanFormProps {
  predecessor: string;
  /** Agencies that can succeed it: active ones, the predecessor excluded. */
  candidates: AgencyChoice[];
  /** What the form shows: the query string as typed. */
  values: Record<string, string>;
  errors: Record<string, string>;
}

function Field({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (aria: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const { t } = useFormat();
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {children({ id, name, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800" data-field-error={name}>
          {translateMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}

export function SuccessionPlanForm({ predecessor, candidates, values, errors }: SuccessionPlanFormProps) {
  const { t } = useFormat();
  const agencyOptions = useAgencyOptions();
  const options = agencyOptions(candidates);
  const kind = values.kind === "transfer" ? "transfer" : "merge";
  const count = Object.keys(errors).length;
  const select = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} hint={hint} error={errors[name]}>
      {(aria) => (
        <select {...aria} defaultValue={values[name] ?? ""} className={CONTROL}>
          <option value="">{t("agency.successionForm.choose")}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <Form method="get" className="space-y-4" aria-labelledby="succession-step1" noValidate>
      {count > 0 ? (
        <div role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
          <p>{t("form.failedSummary", { failed: t("form.failed.successionPlan"), count })}</p>
          {errors.predecessor ? <p data-field-error="predecessor">{translateMessage(t, errors.predecessor)}</p> : null}
        </div>
      ) : null}
      <fieldset>
        <legend className="font-medium">{t("agency.successionForm.kind")}</legend>
        <label className="mt-1 flex items-start gap-2">
          <input type="radio" name="kind" value="merge" defaultChecked={kind === "merge"} className="mt-1" />
          <span>{t("agency.successionForm.kindMerge", { code: predecessor })}</span>
        </label>
        <label className="mt-1 flex items-start gap-2">
          <input type="radio" name="kind" value="transfer" defaultChecked={kind === "transfer"} className="mt-1" />
          <span>{t("agency.successionForm.kindTransfer", { code: predecessor })}</span>
        </label>
        {errors.kind ? (
          <p className="mt-1 text-sm font-medium text-red-800" data-field-error="kind">
            {translateMessage(t, errors.kind)}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          name="effective_on"
          label={t("agency.successionForm.effectiveOn")}
          hint={t("agency.successionForm.effectiveOnHint", { code: predecessor })}
          error={errors.effective_on}
        >
          {(aria) => (
            <input {...aria} defaultValue={values.effective_on ?? ""} placeholder={t("form.dateHint")} aria-required className={CONTROL} />
          )}
        </Field>
        {select("main", t("agency.successionForm.main"), t("agency.successionForm.mainHint"))}
      </div>
      {PARTIAL_SLOTS.map((slot) => (
        <fieldset key={slot} className="grid gap-4 rounded border border-slate-200 p-3 md:grid-cols-2">
          <legend className="px-1 font-medium">{t("agency.successionForm.partial", { n: slot })}</legend>
          {select(`partial_${slot}`, t("agency.successionForm.partialAgency"))}
          <Field name={`functions_${slot}`} label={t("agency.successionForm.functions")} error={errors[`functions_${slot}`]}>
            {(aria) => <input {...aria} defaultValue={values[`functions_${slot}`] ?? ""} className={CONTROL} />}
          </Field>
        </fieldset>
      ))}
      <button type="submit" className="rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">
        {t("agency.successionForm.next")}
      </button>
    </Form>
  );
}
