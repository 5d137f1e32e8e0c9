import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { page, readForm, safeRedirectPath } from "~/http.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n";
import { localeCookie } from "~/locale.server";

export async function loader() {
  return redirect("/");
}

/** The language switch: a plain form post, so it works before JavaScript loads. */
export const action = page(async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const requested = form.get("locale");
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return redirect(safeRedirectPath(form.get("redirectTo"), "/"), { headers: { "Set-Cookie": localeCookie(locale) } });
});
