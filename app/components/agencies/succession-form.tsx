import { Link } from "~/components/ui/link";
import { useFormContext } from "react-hook-form";
import { failureSummary, SchemaForm, SelectField, SubmitButton, useFieldId } from "~/components/forms/schema-form";
import { useAgencyName } from "~/components/ui/agency-options";
import { DetailList, DetailRow } from "~/components/ui/details";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import { translateMessage } from "~/i18n";
import type { AmendmentStage, ProposalStatus, SuccessionScope } from "~/domain/vocabulary";
import { SuccessionSchema } from "~/schemas/succession";
import { AgencyLink } from "./agency-link";

// Step 2 of recording a succession: the plan from step 1 (carried in hidden fields), where each
// open record goes and what happens to the users, posted in one go.

export interface SuccessionPlanView {
  predecessor: { code: string; name_vi: string; name_en: string };
  effectiveOn: string;
  lastDay: string | null;
  continues: boolean;
  successors: { code: string; name_vi: string; name_en: string; scope: SuccessionScope; functions: string | null }[];
  defaultDestination: string;
  destinations: string[];
  proposals: { id: number; code: string; title: string; status: ProposalStatus }[];
  amendments: {
    id: number;
    document_number: string;
    provisions: string | null;
    stage: AmendmentStage;
    amending_effective_on: string | null;
    proposal_codes: string[];
  }[];
  userCount: number;
  activeUserCount: number;
}

export interface SuccessionFormProps {
  plan: SuccessionPlanView;
  /** Step 1's fields as typed, posted again with step 2. */
  planValues: Record<string, string>;
  /** The step 1 address to go back and change it. */
  changeHref: string;
  /** After a refused post: what was chosen and the errors. */
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

const PLAN_FIELDS = /^(kind|effective_on|main|partial_\d|functions_\d)$/;

export function SuccessionForm({ plan, planValues, changeHref, values, errors }: SuccessionFormProps) {
  const { t, date, stage } = useFormat();
  const name = useAgencyName();
  const { predecessor } = plan;
  const main = plan.continues ? null : plan.successors[0];
  const destinationOptions = plan.destinations.map((code) => ({
    value: code,
    label: code === predecessor.code ? t("agency.successionForm.stays", { code }) : code,
  }));
  const defaults: Record<string, string> = { ...planValues, users: main ? "move" : "" };
  for (const p of plan.proposals) defaults[`proposal_${p.id}`] = plan.defaultDestination;
  for (const a of plan.amendments) defaults[`amendment_${a.id}`] = plan.defaultDestination;
  // what the admin chose before a refused post, over the defaults; step 1's fields stay as planned
  for (const [field, value] of Object.entries(values ?? {})) if (!PLAN_FIELDS.test(field)) defaults[field] = value;
  const planErrors = Object.entries(errors ?? {}).filter(([field]) => PLAN_FIELDS.test(field) || field === "predecessor");
  const choose = plan.destinations.length > 1;

  return (
    <div className="space-y-6">
      <section aria-labelledby="succession-plan" className="space-y-2 rounded border border-slate-300 bg-white p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="succession-plan" className="text-lg font-semibold">{t("agency.successionForm.plan")}</h2>
          <Link to={changeHref} className="no-print">{t("agency.successionForm.change")}</Link>
        </div>
        <DetailList>
          <DetailRow label={t("agency.successionForm.predecessor")}>
            <AgencyLink code={predecessor.code} /> — {name(predecessor)}
          </DetailRow>
          <DetailRow label={t("agency.successionForm.effectiveOn")}>{date(plan.effectiveOn)}</DetailRow>
          <DetailRow label={t("agency.successionForm.lastDay")}>
            {plan.lastDay ? date(plan.lastDay) : t("agency.successionForm.continues")}
          </DetailRow>
          <DetailRow label={t("agency.fields.successors")}>
            <ul>
              {plan.successors.map((s) => (
                <li key={s.code}>
                  <AgencyLink code={s.code} /> — {name(s)} ({t(`labels.successionScope.${s.scope}`)}
                  {s.functions ? (
                    <>
                      : <span lang="vi">{s.functions}</span>
                    </>
                  ) : null}
                  )
                </li>
              ))}
            </ul>
          </DetailRow>
        </DetailList>
      </section>

      {planErrors.length ? (
        <div role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
          <p>{t("agency.successionForm.planErrors")}</p>
          <ul className="list-disc pl-6">
            {planErrors.map(([field, message]) => (
              <li key={field} data-field-error={field}>{translateMessage(t, message)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <SchemaForm
        schema={SuccessionSchema}
        defaultValues={defaults}
        serverErrors={errors}
        summary={failureSummary(t, t("form.failed.succession"))}
        aria-labelledby="succession-step2"
        className="space-y-6"
      >
        {Object.entries(planValues).map(([field, value]) => (
          <input key={field} type="hidden" name={field} value={value} />
        ))}

        <section aria-labelledby="succession-users" className="space-y-2">
          <h3 id="succession-users" className="text-lg font-semibold">{t("agency.successionForm.users", { code: predecessor.code })}</h3>
          <p>{t("agency.successionForm.usersCount", { count: plan.userCount, active: plan.activeUserCount })}</p>
          {main ? (
            <SelectField
              name="users"
              label={t("agency.successionForm.usersChoice")}
              required
              className="max-w-md"
              options={[
                { value: "move", label: t("agency.successionForm.usersMove", { code: main.code }) },
                { value: "deactivate", label: t("agency.successionForm.usersDeactivate") },
              ]}
            />
          ) : (
            <p>{t("agency.successionForm.usersStay", { code: predecessor.code })}</p>
          )}
        </section>

        <section aria-labelledby="succession-proposals" className="space-y-2">
          <h3 id="succession-proposals" className="text-lg font-semibold">
            {t("agency.successionForm.openProposals", { count: plan.proposals.length })}
          </h3>
          <p className="text-sm text-slate-700">{t("agency.successionForm.openHint", { code: predecessor.code })}</p>
          {plan.proposals.length === 0 ? (
            <p>{t("agency.successionForm.noOpenProposals")}</p>
          ) : (
            <DataTable
              caption={t("agency.successionForm.openProposals", { count: plan.proposals.length })}
              columns={[t("proposal.fields.code"), t("proposal.fields.title"), t("proposal.fields.status"), t("agency.successionForm.goesTo")]}
            >
              {plan.proposals.map((p) => (
                <tr key={p.id} className="border-t border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">
                    <Link to={`/proposals/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                  </td>
                  <td className="p-2" lang="vi">{p.title}</td>
                  <td className="p-2">{t(`labels.proposalStatus.${p.status}`)}</td>
                  <td className="p-2">
                    {choose ? (
                      <DestinationSelect
                        name={`proposal_${p.id}`}
                        label={t("agency.successionForm.goesToRecord", { record: p.code })}
                        options={destinationOptions}
                        defaultValue={defaults[`proposal_${p.id}`]}
                        error={errors?.[`proposal_${p.id}`]}
                      />
                    ) : (
                      plan.defaultDestination
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <section aria-labelledby="succession-amendments" className="space-y-2">
          <h3 id="succession-amendments" className="text-lg font-semibold">
            {t("agency.successionForm.openAmendments", { count: plan.amendments.length })}
          </h3>
          {plan.amendments.length === 0 ? (
            <p>{t("agency.successionForm.noOpenAmendments")}</p>
          ) : (
            <DataTable
              caption={t("agency.successionForm.openAmendments", { count: plan.amendments.length })}
              columns={[
                t("amendment.fields.document"),
                t("amendment.fields.provisions"),
                t("amendment.fields.stage"),
                t("agency.successionForm.linkedProposals"),
                t("agency.successionForm.goesTo"),
              ]}
            >
              {plan.amendments.map((a) => (
                <tr key={a.id} className="border-t border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">
                    <Link to={`/amendments/${a.id}`}>{a.document_number}</Link>
                  </td>
                  <td className="p-2" lang="vi">{a.provisions ?? t("form.none")}</td>
                  <td className="p-2">{stage(a.stage, a.amending_effective_on)}</td>
                  <td className="p-2">{a.proposal_codes.join(", ") || t("form.none")}</td>
                  <td className="p-2">
                    {choose ? (
                      <DestinationSelect
                        name={`amendment_${a.id}`}
                        label={t("agency.successionForm.goesToRecord", { record: `${a.document_number} (#${a.id})` })}
                        options={destinationOptions}
                        defaultValue={defaults[`amendment_${a.id}`]}
                        error={errors?.[`amendment_${a.id}`]}
                      />
                    ) : (
                      plan.defaultDestination
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <SubmitButton>{t("agency.successionForm.submit")}</SubmitButton>
      </SchemaForm>
    </div>
  );
}

/**
 * Where one record goes: a select in the table's "goes to" column. Its label names the record
 * for screen readers; sighted users read the row and the column header.
 */
function DestinationSelect({
  name,
  label,
  options,
  defaultValue,
  error,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
}) {
  const { t } = useFormat();
  const { register } = useFormContext();
  const id = useFieldId(name);
  return (
    <>
      <label htmlFor={id} className="sr-only">{label}</label>
      <select
        {...register(name)}
        id={id}
        defaultValue={defaultValue}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block w-full min-w-24 rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-700 aria-[invalid=true]:bg-red-50"
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800" data-field-error={name}>
          {translateMessage(t, error)}
        </p>
      ) : null}
    </>
  );
}
