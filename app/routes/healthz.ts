import { db } from "~/db.server";
import { databaseHealth } from "~/models/health.server";

export async function loader() {
  try {
    return Response.json({ status: "ok", ...(await databaseHealth(db())) }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", database: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
