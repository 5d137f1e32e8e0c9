import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { page } from "~/http.server";

// Home is the dashboard; an officer lands on their own agency's figures, with a link to the whole.
export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  if (user.role === "officer" && user.agency_code) return redirect(`/dashboard?agency=${encodeURIComponent(user.agency_code)}`);
  return redirect("/dashboard");
});
