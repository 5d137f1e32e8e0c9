import type { ParseKeys } from "i18next";
import { Trans, useTranslation } from "react-i18next";

/**
 * A message with Vietnamese in it whatever the page's language: what people typed (a title, a
 * person's name) or a Vietnamese example. The message marks each such part `<vi>…</vi>`, which is
 * rendered lang="vi", so screen readers pronounce it right.
 */
export function DataMessage({ i18nKey, values = {} }: { i18nKey: ParseKeys; values?: Record<string, string> }) {
  const { t } = useTranslation();
  // Trans reads the message, values put in, as markup: a value is escaped on the way in (a search
  // typed as "<strong>…</strong>" or "<vi>…" is text, never an element) and its text unescaped
  // on the way out, so it shows as typed. The key is checked where it is given; Trans's own
  // typing of every key is too large for TypeScript.
  return (
    <Trans
      i18nKey={i18nKey as never}
      t={t}
      values={values}
      tOptions={{ interpolation: { escapeValue: true } }}
      shouldUnescape
      components={{ vi: <span lang="vi" /> }}
    />
  );
}
