import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { createContext, useContext, useId, type ReactNode } from "react";
import { FormProvider, get, useForm, useFormContext, type FieldValues, type Resolver } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { z } from "zod";
import { translateMessage } from "~/i18n";
import { CONFIRMED } from "~/schemas/confirmation";
import type { ConflictChange } from "~/schemas/conflict";
import { fieldAnchor } from "./error-summary";
import { useSuggestions } from "./suggestions";

// One form mechanism: react-hook-form validates with the zod schema in the browser, then the
// form is posted as ordinary form data to the action, which parses it with the same schema.
// Before JavaScript loads, the form posts natively and the action's errors are shown.

/**
 * The server's errors the form shows, and whether it is the form a post refused: its controls then
 * take the ids the error summary at the top of the page links to (ErrorSummary, fieldAnchor).
 */
const ServerErrorsContext = createContext<{ errors?: Record<string, string>; refused: boolean }>({ refused: false });

interface SchemaFormProps {
  schema: z.ZodType;
  defaultValues: Record<string, unknown>;
  serverErrors?: Record<string, string>;
  /** The record's values as loaded, posted back as `_base` so a stale save can say what changed. */
  base?: Record<string, string>;
  /** After a stale save: the other person's changes, shown above the fields. */
  conflict?: ConflictChange[];
  /** Field labels for the conflict table. */
  fieldLabels?: Record<string, string>;
  /**
   * The sentence above the fields when some are wrong, for that many errors: "Chưa lưu được: …"
   * unless the form does something else than save (failureSummary, or the sign-in's own).
   */
  summary?: (count: number) => string;
  children: ReactNode;
  action?: string;
  className?: string;
  "aria-labelledby"?: string;
}

export function SchemaForm({
  schema,
  defaultValues,
  serverErrors,
  base,
  conflict,
  fieldLabels,
  summary,
  children,
  action,
  className,
  ...aria
}: SchemaFormProps) {
  const { t } = useTranslation();
  // a confirmation is given afresh each time, never carried over from a refused post
  const { [CONFIRMED]: _confirmed, ...values } = defaultValues;
  const form = useForm<FieldValues>({
    resolver: zodResolver(schema as never) as unknown as Resolver<FieldValues>,
    defaultValues: values,
    mode: "onTouched",
  });
  const submit = useSubmit();
  const clientErrors = Object.keys(form.formState.errors).length;
  // once the browser has found errors, the server's older ones no longer apply
  const showServerErrors = form.formState.isSubmitted && clientErrors ? undefined : serverErrors;
  const fieldErrorCount = clientErrors || Object.keys(showServerErrors ?? {}).filter((key) => key !== "_form").length;
  const count = fieldErrorCount + (showServerErrors?._form ? 1 : 0);
  return (
    <FormProvider {...form}>
      <ServerErrorsContext.Provider value={{ errors: showServerErrors, refused: serverErrors !== undefined }}>
        <Form
          method="post"
          action={action}
          noValidate
          className={className ?? "space-y-4"}
          onSubmit={(event) => {
            const target = event.currentTarget;
            void form.handleSubmit(() => submit(target, { method: "post", action }))(event);
          }}
          {...aria}
        >
          {count > 0 ? (
            // the browser's own findings are announced here; a post's refusal by the summary at
            // the top of the page (ErrorSummary), which is announced and focused instead
            <p role={clientErrors ? "alert" : undefined} data-form-summary="" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
              {/* a message about the whole form (a stale save, a refused sign-in) is not a field error to count */}
              {fieldErrorCount > 0 ? (summary ? summary(fieldErrorCount) : t("form.errorSummary", { count: fieldErrorCount })) : null}
              {showServerErrors?._form ? ` ${translateMessage(t, showServerErrors._form)}` : ""}
            </p>
          ) : null}
          {conflict?.length ? <ConflictTable changes={conflict} labels={fieldLabels ?? {}} /> : null}
          {base ? <input type="hidden" name="_base" value={JSON.stringify(base)} /> : null}
          {children}
        </Form>
      </ServerErrorsContext.Provider>
    </FormProvider>
  );
}

/** The summary of a form whose purpose is not to save: "<what could not be done>: please fix the N errors below". */
export function failureSummary(t: TFunction, failed: string): (count: number) => string {
  return (count) => t("form.failedSummary", { failed, count });
}

/** What someone else saved while this user was editing, beside what this user typed. */
function ConflictTable({ changes, labels }: { changes: ConflictChange[]; labels: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto rounded border border-amber-400 bg-amber-50 p-3">
      <table className="w-full text-sm">
        <caption className="pb-2 text-left font-semibold">{t("form.conflictCaption")}</caption>
        <thead>
          <tr>
            <th scope="col" className="p-1">{t("form.conflictField")}</th>
            <th scope="col" className="p-1">{t("form.conflictBefore")}</th>
            <th scope="col" className="p-1">{t("form.conflictTheirs")}</th>
            <th scope="col" className="p-1">{t("form.conflictYours")}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.field} className="border-t border-amber-200 align-top" data-conflict-field={change.field}>
              <th scope="row" className="p-1">{labels[change.field] ?? change.field}</th>
              <td className="p-1 whitespace-pre-line">{change.before || t("form.none")}</td>
              <td className="p-1 whitespace-pre-line">{change.theirs || t("form.none")}</td>
              <td className="p-1 whitespace-pre-line">
                {change.yours === null ? <em>{t("form.conflictUntouched")}</em> : change.yours || t("form.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A missing value of a select: the schemas say a value is required, the control says how to
 * give it (chosen, not typed).
 */
export function asChoice(message: string | undefined): string | undefined {
  return message === "errors.required" ? "errors.choose" : message;
}

/**
 * The id of field `name`'s control: in the form a post refused, the one the error summary at the
 * top of the page links to (only that form has server errors, so the ids are unique); elsewhere
 * React's own. A form outside SchemaForm says itself whether it was `refused`.
 */
export function useFieldId(name: string, refused?: boolean): string {
  const generated = useId();
  const inRefusedForm = useContext(ServerErrorsContext).refused;
  return (refused ?? inRefusedForm) ? fieldAnchor(name) : generated;
}

function useFieldError(name: string): string | undefined {
  const { formState } = useFormContext();
  const serverErrors = useContext(ServerErrorsContext).errors;
  const client = (get(formState.errors, name) as { message?: string } | undefined)?.message;
  return client ?? serverErrors?.[name];
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

function FieldFrame({
  name,
  label,
  hint,
  required,
  className,
  choice,
  children,
}: FieldProps & {
  /** A value to choose rather than type: a missing one is asked for as a choice. */
  choice?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useFieldId(name);
  const fieldError = useFieldError(name);
  const error = choice ? asChoice(fieldError) : fieldError;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block font-medium">
        {label}
        {required ? <span className="text-red-700"> *<span className="sr-only"> ({t("form.required")})</span></span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800" data-field-error={name}>
          {translateMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The value a field starts with, rendered into the HTML as well: before JavaScript loads (or
 * after a refused post without it) the form must show what the user typed.
 */
function useDefaultValue(name: string): string | undefined {
  const { formState } = useFormContext();
  const value: unknown = get(formState.defaultValues, name);
  return typeof value === "string" ? value : undefined;
}

const inputClass =
  "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700 aria-[invalid=true]:bg-red-50";

/**
 * A one-line field. `lang`: record text people type (a name, an article, a timeline) is
 * Vietnamese whatever the page's language, as in TextArea; left out for dates, numbers, codes
 * and addresses, which read alike in both.
 */
export function TextField({
  type = "text",
  autoComplete,
  inputMode,
  lang,
  ...props
}: FieldProps & { type?: "text" | "email" | "password" | "search"; autoComplete?: string; inputMode?: "numeric" | "text"; lang?: "vi" | "en" }) {
  const { register } = useFormContext();
  const defaultValue = useDefaultValue(props.name);
  return (
    <FieldFrame {...props}>
      {(aria) => (
        <input
          {...aria}
          {...register(props.name)}
          defaultValue={type === "password" ? undefined : defaultValue}
          type={type}
          autoComplete={autoComplete}
          inputMode={inputMode}
          lang={lang}
          aria-required={props.required || undefined}
          className={inputClass}
        />
      )}
    </FieldFrame>
  );
}

/** A legal document's number: a text field suggesting the register's numbers as they are typed. */
export function DocumentNumberField(props: FieldProps) {
  const { register } = useFormContext();
  const defaultValue = useDefaultValue(props.name);
  const suggestions = useSuggestions("/documents/suggest");
  return (
    <FieldFrame {...props}>
      {(aria) => (
        <div className="relative">
          <input
            {...aria}
            {...register(props.name)}
            defaultValue={defaultValue}
            type="text"
            list={suggestions.list}
            onInput={suggestions.onInput}
            autoComplete="off"
            aria-required={props.required || undefined}
            className={inputClass}
          />
          {suggestions.datalist}
        </div>
      )}
    </FieldFrame>
  );
}

/**
 * A long text: what people write into a record (a title, a reason, a comment), Vietnamese
 * whatever the page's language, so marked lang="vi" (screen readers, spelling); `lang="en"` for
 * a field written in English (a decision's English title).
 */
export function TextArea({ rows = 3, lang = "vi", ...props }: FieldProps & { rows?: number; lang?: "vi" | "en" }) {
  const { register } = useFormContext();
  const defaultValue = useDefaultValue(props.name);
  return (
    <FieldFrame {...props}>
      {(aria) => (
        <textarea {...aria} {...register(props.name)} defaultValue={defaultValue} rows={rows} lang={lang} aria-required={props.required || undefined} className={inputClass} />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  options,
  placeholder,
  ...props
}: FieldProps & {
  options: { value: string; label: string }[];
  /** The empty first option's text; "" on a required select reads "— Chọn —". */
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const { register } = useFormContext();
  const defaultValue = useDefaultValue(props.name);
  // a required select's empty first option asks for a choice
  const empty = placeholder === "" && props.required ? t("form.choose") : placeholder;
  return (
    <FieldFrame {...props} choice>
      {(aria) => (
        <select {...aria} {...register(props.name)} defaultValue={defaultValue} aria-required={props.required || undefined} className={inputClass}>
          {empty !== undefined ? <option value="">{empty}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/**
 * The tick that confirms a step that cannot be undone, beside the button that takes it; the
 * form's schema refuses the post without it (confirmed() in app/schemas/confirmation.ts).
 */
export function ConfirmField({ label, className }: { label: ReactNode; className?: string }) {
  const { t } = useTranslation();
  const { register } = useFormContext();
  const id = useFieldId(CONFIRMED);
  const error = useFieldError(CONFIRMED);
  return (
    <div className={className}>
      <label className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          value="1"
          {...register(CONFIRMED)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 h-4 w-4 shrink-0 accent-red-800"
        />
        <span>{label}</span>
      </label>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800" data-field-error={CONFIRMED}>
          {translateMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}

const BUTTON_TONES = {
  primary: "bg-blue-800 text-white hover:bg-blue-900",
  /** Steps that cannot be undone: withdraw, reject, cancel, unlink, deactivate, discard. */
  danger: "bg-red-800 text-white hover:bg-red-900",
};

export function SubmitButton({
  children,
  tone = "primary",
  small = false,
  label,
}: {
  children: ReactNode;
  tone?: keyof typeof BUTTON_TONES;
  /** A row's own action in a table. */
  small?: boolean;
  label?: string;
}) {
  const navigation = useNavigation();
  return (
    <button
      type="submit"
      disabled={navigation.state === "submitting"}
      aria-label={label}
      data-tone={tone}
      className={`rounded font-medium disabled:opacity-60 ${small ? "px-2 py-1 text-sm" : "px-4 py-2"} ${BUTTON_TONES[tone]}`}
    >
      {children}
    </button>
  );
}
