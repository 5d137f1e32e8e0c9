import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, endSession, sessionToken } from "~/auth/session.server";
import { db } from "~/db.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = sessionToken(request);
  if (token) await endSession(db(), token);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
}
