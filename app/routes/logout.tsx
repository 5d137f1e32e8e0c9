import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, endSession, sessionToken } from "~/auth/session.server";
import { db } from "~/db.server";
import { page } from "~/http.server";

export async function loader() {
  return redirect("/");
}

export const action = page(async ({ request }: ActionFunctionArgs) => {
  const token = sessionToken(request);
  if (token) await endSession(db(), token);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
});
