import { redirect } from "@remix-run/node";
import { formAction, safeRedirectPath } from "~/http.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n";
import { localeCookie } from "~/locale.server";

export async function loader() {
  return redirect("/");
}

/** The language switch: a plain form post, so it works before JavaScript loads. */
export const action = formAction(async ({ formData }) => {
  const requested = formData.get("locale");
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return redirect(safeRedirectPath(formData.get("redirectTo"), "/"), { headers: { "Set-Cookie": localeCookie(locale) } });
});
