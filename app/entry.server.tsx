import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDocumentRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { RequestLocaleProvider } from "./components/request-locale";
import { BUSY_RETRY_SECONDS } from "./db.server";
import { getLocale } from "./locale.server";
import { logger } from "./log.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // style attributes set by React need 'unsafe-inline'; no inline scripts are allowed
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

const handleRequest: HandleDocumentRequestFunction = (
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) => {
  const nonce = loadContext.cspNonce ?? "";
  // A page is sent whole once rendered: its loaders have answered before the render begins, so
  // streaming gained nothing but React's 2 KB chunks, each passed through a Node stream, a web
  // stream and a socket write (a sixth of a list page's CPU); one buffer also lets a late error
  // still set the status. Bots got the whole page already.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(withoutNulPadding(chunk));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RequestLocaleProvider value={getLocale(request)}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RequestLocaleProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          body.once("finish", () => {
            clearTimeout(timeout);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, process.env.NODE_ENV === "development"));
            resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          logger().error("Rendering a page failed", { error });
        },
      },
    );
    const timeout = setTimeout(abort, ABORT_DELAY);
  });
};
export default handleRequest;

/**
 * React 18.3's stream sends a whole 2 KB buffer even when a multi-byte character did not fit at
 * its end, so up to 3 NUL bytes can land mid-page (facebook/react#24985; fixed only in React 19).
 * HTML never holds NUL, so trailing NULs of a chunk are that padding.
 */
function withoutNulPadding(chunk: Buffer): Buffer {
  let end = chunk.length;
  while (end > 0 && chunk[end - 1] === 0) end--;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // aborted requests are the client's doing, not ours
  if (request.signal.aborted) return;
  logger().error("A loader or action failed", { error });
}

/**
 * Single fetch's answers (`<page>.data`, what a page's form posts and navigations fetch) are made
 * without the route headers that carry a busy answer's Retry-After to a page (app/root.tsx): a
 * 503 is only ever the busy answer (app/http.server.ts), so it says when to try again here too.
 */
export function handleDataRequest(response: Response): Response {
  if (response.status === 503 && !response.headers.has("Retry-After")) response.headers.set("Retry-After", String(BUSY_RETRY_SECONDS));
  return response;
}
