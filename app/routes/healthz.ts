import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { databaseHealth } from "~/models/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  // which worker answered: for operators, and for tests that must reach each one
  const worker = context.worker ?? 0;
  try {
    return Response.json({ status: "ok", worker, ...(await databaseHealth(db())) }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", worker, database: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
