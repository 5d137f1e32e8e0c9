import { db } from "~/db.server";
import { databaseHealth } from "~/models/health.server";

// For load balancers: 200 "ready" when this server may be sent requests (its database answers
// and is migrated as far as its code needs), else 503 "not ready". Details: /healthz.

export async function loader() {
  const headers = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };
  const ready = await databaseHealth(db()).then(
    (health) => health.ready,
    () => false,
  );
  return new Response(ready ? "ready\n" : "not ready\n", { status: ready ? 200 : 503, headers });
}
