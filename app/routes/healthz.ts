import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { databaseHealth } from "~/models/health.server";

// For operators and monitoring: the database's reachability and migration state, and which
// worker answered (tests reach each one by it). 503 when the database does not answer or has
// not applied a migration this code needs; /readyz says the same to a load balancer in one word.

export async function loader({ context }: LoaderFunctionArgs) {
  const worker = context.worker ?? 0;
  const headers = { "Cache-Control": "no-store" };
  try {
    const health = await databaseHealth(db());
    return Response.json({ status: health.ready ? "ok" : "not_ready", worker, ...health }, { status: health.ready ? 200 : 503, headers });
  } catch {
    return Response.json({ status: "error", worker, database: "error", ready: false }, { status: 503, headers });
  }
}
