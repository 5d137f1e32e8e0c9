import type { Check } from "./check";
import type { SoakLog } from "./load";

// The soak's figures as a table: requests by kind and status with their latencies, writes by
// outcome, refusals by status, then each check.

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function soakReport(log: SoakLog, checks: Check[]): string {
  const lines: string[] = [];
  const seconds = log.seconds;
  lines.push(`duration ${seconds.toFixed(1)} s, ${log.requests.length} requests, ${(log.requests.length / seconds).toFixed(1)} req/s`);

  const statuses = [...new Set(log.requests.map((request) => request.status))].sort((a, b) => a - b);
  const header = `${"kind".padEnd(18)} ${"count".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  ${statuses.map((status) => String(status).padStart(5)).join(" ")}`;
  lines.push("", header);
  const kinds = [...new Set(log.requests.map((request) => request.kind))].sort();
  for (const kind of [...kinds, "all"]) {
    const requests = kind === "all" ? log.requests : log.requests.filter((request) => request.kind === kind);
    const times = requests.map((request) => request.ms).sort((a, b) => a - b);
    const byStatus = statuses.map((status) => String(requests.filter((request) => request.status === status).length || "").padStart(5));
    lines.push(`${kind.padEnd(18)} ${String(requests.length).padStart(6)} ${percentile(times, 0.5).toFixed(1).padStart(8)} ${percentile(times, 0.95).toFixed(1).padStart(8)}  ${byStatus.join(" ")}`);
  }

  lines.push("", `${"write".padEnd(18)} ${"acknowledged".padStart(12)} ${"refused".padStart(8)} ${"unanswered".padStart(10)}`);
  for (const kind of [...new Set(log.writes.map((write) => write.kind))]) {
    const writes = log.writes.filter((write) => write.kind === kind);
    const of = (outcome: string) => String(writes.filter((write) => write.outcome === outcome).length).padStart(outcome === "acknowledged" ? 12 : outcome === "refused" ? 8 : 10);
    lines.push(`${kind.padEnd(18)} ${of("acknowledged")} ${of("refused")} ${of("unanswered")}`);
  }

  const refused = log.requests.filter((request) => request.status >= 400);
  const reasons = new Map<string, number>();
  for (const request of refused) {
    const key = `${request.status} ${request.kind}: ${request.reason || "(no reason)"}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  lines.push("", `refusals ${refused.length}`);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)}  ${reason}`);

  lines.push("", "checks");
  for (const check of checks) lines.push(`  ${check.ok ? "ok  " : "FAIL"}  ${check.name}${check.detail ? `: ${check.detail}` : ""}`);
  return lines.join("\n");
}
