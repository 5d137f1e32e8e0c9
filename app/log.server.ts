import { AsyncLocalStorage } from "node:async_hooks";
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { env, type LogFormat } from "~/env.server";

// The server's log (issue 13): one line per request, written when its answer is finished or its
// client gone, and one per event the server reports. JSON lines for a log collector
// (LOG_FORMAT=json, production's default) or readable lines on a terminal (LOG_FORMAT=text). A
// request's line names its path only: query strings (a search's words), cookies and bodies are
// never logged.

export type LogLevel = "info" | "warn" | "error";

/** What the app learns of a request for its log line: made by the server, passed in the load context. */
export interface RequestLog {
  /** Also sent back in the X-Request-Id header. */
  readonly id: string;
  /** The signed-in user, once a loader or action has resolved the session; null when anonymous. */
  userId: number | null;
}

export interface RequestEntry {
  /** When the answer was finished (ISO-8601 UTC). */
  time: string;
  requestId: string;
  userId: number | null;
  method: string;
  /** The path, without the query string. */
  route: string;
  status: number;
  durationMs: number;
  /** The serving worker (node:cluster's id). */
  worker: number;
  /** The client went away before the answer was finished. */
  aborted?: boolean;
}

export interface MessageEntry {
  time: string;
  level: LogLevel;
  msg: string;
  /** Absent on the primary's lines. */
  worker?: number;
  requestId?: string;
  error?: ErrorDetails;
}

interface ErrorDetails {
  message: string;
  stack?: string;
}

/** A 5xx answer is an error of ours; anything else, the client's doing or a success. */
export function requestLevel(status: number): LogLevel {
  return status >= 500 ? "error" : "info";
}

/** One request's line: `{"time":…,"msg":"request",…}`, or `<time> GET /proposals 200 12.3 ms user=5 req=… worker=1`. */
export function requestLine(entry: RequestEntry, format: LogFormat): string {
  const durationMs = Math.round(entry.durationMs * 10) / 10;
  if (format === "json") {
    const { time, requestId, userId, method, route, status, worker } = entry;
    return JSON.stringify({
      time,
      level: requestLevel(status),
      msg: "request",
      requestId,
      userId,
      method,
      route,
      status,
      durationMs,
      worker,
      ...(entry.aborted ? { aborted: true } : {}),
    });
  }
  const words = [entry.time, entry.method, printable(entry.route), String(entry.status), `${durationMs.toFixed(1)} ms`, `user=${entry.userId ?? "-"}`, `req=${entry.requestId}`, `worker=${entry.worker}`];
  if (entry.aborted) words.push("aborted");
  return words.join(" ");
}

/** Any other line: `{"time":…,"level":"error","msg":…,"error":{"message":…,"stack":…}}`, or the time, the level unless info, the message and the stack below. */
export function messageLine(entry: MessageEntry, format: LogFormat): string {
  if (format === "json") {
    const { time, level, msg, worker, requestId, error } = entry;
    return JSON.stringify({ time, level, msg, worker, requestId, error });
  }
  const words = [entry.time, ...(entry.level === "info" ? [] : [entry.level.toUpperCase()]), entry.msg];
  if (entry.requestId) words.push(`req=${entry.requestId}`);
  const line = words.join(" ");
  if (!entry.error) return line;
  return entry.error.stack ? `${line}\n${entry.error.stack}` : `${line}: ${entry.error.message}`;
}

/** What a thrown value says, for the log only: never for a client. */
export function errorDetails(error: unknown): ErrorDetails {
  if (error instanceof Error) return { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { message: typeof error === "string" ? error : inspect(error, { breakLength: Infinity }) };
}

/** Control characters and spaces in a path (an HTTP parser lets none through, but a text line must stay one line) as %XX. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/g, (character) => encodeURIComponent(character));
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  /** An error's message and stack go into the line's `error`; the request's id is the running request's unless given. */
  error(msg: string, details?: { error?: unknown; requestId?: string }): void;
  request(entry: Omit<RequestEntry, "time" | "worker">): void;
}

export interface LoggerOptions {
  /** The worker whose lines these are (none: the primary, or a process outside the cluster). */
  worker?: number;
  /** Where a line goes: info to standard output, warnings and errors to standard error. */
  write?: (line: string, level: LogLevel) => void;
}

function writeToConsole(line: string, level: LogLevel): void {
  // one write per line: lines of the cluster's processes never interleave mid-line
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
}

export function createLogger(format: LogFormat, { worker, write = writeToConsole }: LoggerOptions = {}): Logger {
  const message = (level: LogLevel, msg: string, details: { error?: unknown; requestId?: string } = {}) => {
    const requestId = details.requestId ?? currentRequestLog()?.id;
    const entry: MessageEntry = { time: new Date().toISOString(), level, msg, worker, requestId };
    if (details.error !== undefined) entry.error = errorDetails(details.error);
    write(messageLine(entry, format), level);
  };
  return {
    info: (msg) => message("info", msg),
    warn: (msg) => message("warn", msg),
    error: (msg, details) => message("error", msg, details),
    request: (entry) => write(requestLine({ ...entry, time: new Date().toISOString(), worker: worker ?? 0 }, format), requestLevel(entry.status)),
  };
}

let processLogger: Logger | undefined;

/** The log of the app's own reports (errors while answering), in the configured format. */
export function logger(): Logger {
  processLogger ??= createLogger(env().LOG_FORMAT, { worker: cluster.worker?.id });
  return processLogger;
}

/** A proxy's X-Request-Id if it is a short plain token (it is written into every line as it is), else a new id. */
export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(header) ? header : randomUUID();
}

// The server runs Remix for each request inside this store, holding the RequestLog its load
// context carries, so that code handed no context (the session lookup behind requireUser, which
// every loader calls with its request alone) reaches the same object. Kept on globalThis: the
// server and the Remix build each bundle a copy of this module, and both must use one store.
const STORE_KEY = Symbol.for("tinhgon.requestLog");
const requestLogs = ((globalThis as Record<symbol, AsyncLocalStorage<RequestLog> | undefined>)[STORE_KEY] ??= new AsyncLocalStorage<RequestLog>());

/** Runs `answer` (and all it starts) as the request of `requestLog`. */
export function withRequestLog<T>(requestLog: RequestLog, answer: () => T): T {
  return requestLogs.run(requestLog, answer);
}

/** The log of the request this code runs for, if any. */
export function currentRequestLog(): RequestLog | undefined {
  return requestLogs.getStore();
}

/** Names the signed-in user on the running request's log line (nothing outside a request). */
export function noteUser(userId: number): void {
  const requestLog = currentRequestLog();
  if (requestLog) requestLog.userId = userId;
}
