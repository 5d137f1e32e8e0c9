import type { RequestLog } from "./log.server";

// What the HTTP server hands every loader and action besides the request.
declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp: string;
    cspNonce: string;
    /** Which of the server's worker processes answers (node:cluster's id; 0 outside a cluster). */
    worker?: number;
    /** What the request's log line will say that only the app learns (app/log.server.ts). */
    requestLog?: RequestLog;
  }
}
export {};
