import { createContext, useContext } from "react";
import { isLocale, type Locale } from "~/i18n";

// The language the request asked for (its tg_lang cookie, app/locale.server.ts), for a page drawn
// without the root loader's data: an action refused (a busy 503) is shown by the root's error
// boundary, and Remix then runs no root loader. The server reads the request; the browser, on
// hydrating that page, reads the same cookie (it is no HttpOnly cookie), so both draw alike.
const RequestLocaleContext = createContext<Locale | undefined>(undefined);
export const RequestLocaleProvider = RequestLocaleContext.Provider;

export function useRequestLocale(): Locale | undefined {
  const fromServer = useContext(RequestLocaleContext);
  if (fromServer || typeof document === "undefined") return fromServer;
  const value = /(?:^|;\s*)tg_lang=([^;]*)/.exec(document.cookie)?.[1];
  return isLocale(value) ? value : undefined;
}
