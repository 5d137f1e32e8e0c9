import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/domain/errors";
import { translateMessage } from "~/i18n";

// A refused post's errors at the top of the page. Without JavaScript a refused post reloads the
// page at its top, and the form that was refused may be a screen or more below it: the summary
// is the first thing in the page's content, says how many errors there are, and links to each
// field in error (the refused form's controls take stable ids, fieldAnchor). With JavaScript it is
// what the page announces and takes focus to after a post (role="alert", data-result-message).

/** The id of the control of field `path` ("successors.0.agency") in the form a post refused. */
export function fieldAnchor(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** A refused form's answer (app/schemas/answer.ts FormAnswer), or whatever else an action answered. */
function errorsOf(answer: unknown): FieldErrors | undefined {
  if (!answer || typeof answer !== "object" || !("errors" in answer)) return undefined;
  const errors = (answer as { errors: unknown }).errors;
  return errors && typeof errors === "object" ? (errors as FieldErrors) : undefined;
}

/**
 * The summary of a refused post, fed from the action's data (`useActionData()`); nothing when
 * the page was not posted or the post was not refused. A message about the whole form ("_form":
 * a stale save, a step the record's state refuses) is listed first, without a link.
 */
export function ErrorSummary({ answer }: { answer: unknown }) {
  const { t } = useTranslation();
  const errors = errorsOf(answer);
  const entries = Object.entries(errors ?? {})
    .filter(([, message]) => typeof message === "string" && message !== "")
    .sort(([a], [b]) => Number(b === "_form") - Number(a === "_form"));
  if (entries.length === 0) return null;
  return (
    <div
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      data-result-message=""
      data-error-summary=""
      className="mb-6 rounded border-2 border-red-700 bg-red-50 p-4 text-red-950"
    >
      <h2 id="error-summary-title" className="text-lg font-semibold">
        {t("form.resultSummary", { count: entries.length })}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-6">
        {entries.map(([path, message]) => (
          <li key={path}>
            {path === "_form" ? (
              translateMessage(t, message)
            ) : (
              <a href={`#${fieldAnchor(path)}`} className="font-medium text-red-900 underline">
                {translateMessage(t, message)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
