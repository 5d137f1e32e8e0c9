import type { ParseKeys } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import { escapeMessageValue } from "~/i18n/message-values";

/**
 * A message with Vietnamese in it whatever the page's language: what people typed (a title, a
 * person's name) or a Vietnamese example. The message marks each such part `<vi>…</vi>`, which is
 * rendered lang="vi", so screen readers pronounce it right.
 */
export function DataMessage({ i18nKey, values = {} }: { i18nKey: ParseKeys; values?: Record<string, string> }) {
  const { t } = useTranslation();
  // Trans reads the message, values put in, as markup: a value is escaped on the way in (a search
  // typed as "<strong>…</strong>", "<vi>…" or "{{q}}" is text, never an element or a placeholder)
  // and its text unescaped on the way out (app/i18n/message-values.ts, the app's react option
  // `unescape`), so it shows as typed. The key is checked where it is given; Trans's own typing
  // of every key is too large for TypeScript.
  return (
    <Trans
      i18nKey={i18nKey as never}
      t={t}
      values={values}
      tOptions={{ interpolation: { escapeValue: true, escape: escapeMessageValue } }}
      shouldUnescape
      components={{ vi: <span lang="vi" /> }}
    />
  );
}
