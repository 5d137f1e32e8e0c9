import autocannon from "autocannon";

// One load run with autocannon, used as a library. Latencies are kept per response (autocannon's
// own histogram has no p95), and a run with any answer other than 2xx, or any connection error,
// throws: such a run measured refusals or failures, not the page.

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  seconds?: number;
  /** A fixed number of requests instead of a duration (the export). */
  amount?: number;
  cookie?: string;
  /** Seconds to wait for one answer (autocannon's default of 10 is too short for an export). */
  timeoutSeconds?: number;
  /** Whether other than 2xx answers or errors are tolerated (never for a measured page). */
  tolerateFailures?: boolean;
}

export interface LoadResult {
  url: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  bytesPerRequest: number;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface RunningLoad {
  /** Ends the run early (a stall measurement ends it when the stalling request is done). */
  stop(): void;
  result: Promise<LoadResult>;
}

export function startLoad(options: LoadOptions): RunningLoad {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let bytes = 0;
  let errors = 0;
  const started = performance.now();
  let resolve!: (result: LoadResult) => void;
  let reject!: (error: unknown) => void;
  const result = new Promise<LoadResult>((yes, no) => ((resolve = yes), (reject = no)));
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.seconds ?? 10,
      amount: options.amount,
      timeout: options.timeoutSeconds ?? 10,
      headers: options.cookie ? { cookie: options.cookie } : {},
    },
    (error: unknown, summary: autocannon.Result) => {
      if (error) return reject(error);
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const non2xx = Object.entries(statusCodes).reduce((sum, [code, count]) => (code.startsWith("2") ? sum : sum + count), 0);
      const measured: LoadResult = {
        url: options.url,
        connections: options.connections,
        seconds,
        requests: latencies.length,
        requestsPerSecond: latencies.length / seconds,
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        p99: percentile(latencies, 0.99),
        max: latencies.at(-1) ?? Number.NaN,
        non2xx,
        errors: errors + summary.errors,
        statusCodes,
        bytesPerRequest: latencies.length ? bytes / latencies.length : 0,
      };
      if (!options.tolerateFailures && (measured.non2xx || measured.errors || !measured.requests)) {
        return reject(
          new Error(
            `${options.url} at ${options.connections} connection(s): ${measured.requests} answers, status codes ${JSON.stringify(statusCodes)}, ${measured.errors} errors (${summary.timeouts} timeouts). A failed answer means the measurement is wrong.`,
          ),
        );
      }
      resolve(measured);
    },
  );
  instance.on("response", (_client, statusCode, resBytes, responseTime) => {
    latencies.push(responseTime);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    bytes += resBytes;
  });
  instance.on("reqError", () => errors++);
  return { stop: () => instance.stop(), result };
}

export function load(options: LoadOptions): Promise<LoadResult> {
  return startLoad(options).result;
}

/** One GET that must answer 2xx: the warm-up before a page is measured, and its check. */
export async function fetchOk(url: string, cookie: string | undefined): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const body = await response.arrayBuffer();
  if (response.status < 200 || response.status > 299) throw new Error(`${url} answered ${response.status}: the bench would measure a refusal`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}
