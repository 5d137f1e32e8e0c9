import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  BusyError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidError,
  LimitError,
  NotFoundError,
  StaleVersionError,
} from "~/domain/errors";
import { foldVietnamese } from "~/domain/text";
import { DEFAULT_LOCALE, translator } from "~/i18n";
import { getLocale } from "~/locale.server";
import type { FormAnswer } from "~/schemas/answer";
import type { ExportFile } from "~/services/export.server";
import type { ExportDownload } from "~/services/export-stream.server";
import { staleVersionConflict, typedValues } from "~/schemas/parse.server";

// The pages' one mapping of the domain's refusals (app/domain/errors.ts) to HTTP. A loader is
// wrapped in page(), an action in formAction(): each reads "authenticate, parse, call, return",
// and whatever a service refuses becomes the same answer on every page. The ErrorBoundary renders
// thrown answers in the user's language inside the app layout.

/**
 * The thrown answer to a refusal outside a form, or the error itself when it is no refusal. A
 * limit reached (too many exports at once) is said in the request's language: it answers a
 * download, which no error page renders.
 */
export function errorResponse(error: unknown, request?: Request): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error instanceof LimitError) {
    const locale = request ? getLocale(request) : DEFAULT_LOCALE;
    const t = translator(locale);
    return new Response(
      `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${t("pages.exportLimitTitle")}</title><h1>${t("pages.exportLimitTitle")}</h1><p>${t(error.reason as "pages.exportLimit", { count: error.limit })}</p></html>`,
      {
        status: 429,
        statusText: "Too Many Requests",
        headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(error.retryAfterSeconds), "Cache-Control": "no-store" },
      },
    );
  }
  if (error instanceof NotFoundError) return new Response("Not found", { status: 404, statusText: "Not Found" });
  if (error instanceof ForbiddenError) return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  if (error instanceof BusyError) {
    // the reason, a message key, is the body: the error page says a reason of its own (a commit
    // still being written) where it has one (app/root.tsx)
    return new Response(error.reason, {
      status: 503,
      statusText: "Service Unavailable",
      headers: { "Retry-After": String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof InvalidError) return new Response("Bad request", { status: 400, statusText: "Bad Request" });
  return new Response("Conflict", { status: 409, statusText: "Conflict" });
}

/**
 * A form's answer to a refusal, beside what the user typed: 422 with the messages per field,
 * 409 with the reason or (after a stale save) the conflict view. Not found, forbidden and busy
 * are thrown as pages; anything that is no refusal is rethrown.
 */
export function formAnswer(error: unknown, formData: FormData) {
  const intent = formData.get("intent");
  const typed = withoutSecrets(typedValues(formData));
  const answer = (body: Omit<FormAnswer, "intent">, status: 409 | 422) =>
    data<FormAnswer>(typeof intent === "string" ? { intent, ...body } : body, { status });
  if (error instanceof InvalidError) return answer({ errors: error.errors, values: typed }, 422);
  if (error instanceof ConflictError) return answer({ errors: { _form: error.reason }, refused: error.reason, values: typed }, 409);
  if (error instanceof StaleVersionError) {
    const current = error.current ? { ...error.current } : {};
    return answer(staleVersionConflict(formData, typed, current, error.currentVersion), 409);
  }
  throw errorResponse(error);
}

/** What was typed, less what is never sent back: a password stays with the one who typed it. */
function withoutSecrets(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([field]) => !/password/i.test(field)));
}

/** A loader whose refusals (not found, forbidden, …) become the error pages. */
export function page<Args extends LoaderFunctionArgs, Result>(load: (args: Args) => Promise<Result>) {
  return async (args: Args): Promise<Result> => {
    try {
      return await load(args);
    } catch (error) {
      throw errorResponse(error, args.request);
    }
  };
}

/**
 * An action that reads the posted form once and answers a refusal with formAnswer(): the route
 * authenticates, parses (formInput throws InvalidError), calls the service and returns.
 */
export function formAction<Result>(act: (args: ActionFunctionArgs & { formData: FormData }) => Promise<Result>) {
  return async (args: ActionFunctionArgs) => {
    const formData = await readForm(args.request);
    try {
      return await act({ ...args, formData });
    } catch (error) {
      return formAnswer(error, formData);
    }
  };
}

/**
 * A page a GET form asked for (a query string), shown with the messages of what it refused:
 * 422 when `refused`, else 200. The loader's counterpart of a form action's 422.
 */
export function pageAnswer<Body>(body: Body, refused: boolean) {
  return data(body, { status: refused ? 422 : 200 });
}

/** Not found, thrown by a route about its URL (services throw NotFoundError). */
export function notFound(): never {
  throw errorResponse(new NotFoundError("page"));
}

/** Forbidden, thrown by a route (services throw ForbiddenError). */
export function forbidden(): never {
  throw errorResponse(new ForbiddenError());
}

export function badRequest(): never {
  throw new Response("Bad request", { status: 400, statusText: "Bad Request" });
}

/** What a route with several kinds of post exports: the `intent` each of its forms posts. */
export interface IntentsHandle<Intent extends string = string> {
  intents: readonly Intent[];
}

/**
 * The posted form's `intent`, one of those the route's `handle` lists; any other is a 400. The list
 * is in the route manifest, so a test can ask every kind of post of every route
 * (tests/integration/route-matrix.test.ts), and the action's dispatch is typed by it.
 */
export function intentOf<Intent extends string>(formData: FormData, handle: IntentsHandle<Intent>): Intent {
  const intent = formData.get("intent");
  const known = handle.intents.find((name) => name === intent);
  if (known === undefined) badRequest();
  return known;
}

/**
 * A file as an attachment: an ASCII filename for old clients, the Vietnamese one (RFC 5987) for
 * the rest. A streamed export's body is passed on as the client reads it (scripts/server.ts).
 */
export function download(file: ExportFile | ExportDownload): Response {
  const ascii = foldVietnamese(file.name).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "tai-lieu";
  const utf8 = encodeURIComponent(`${file.name}.${file.extension}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const body = file.body instanceof ReadableStream || typeof file.body === "string" ? file.body : new Blob([file.body as Uint8Array<ArrayBuffer>]);
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${ascii}.${file.extension}"; filename*=UTF-8''${utf8}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** The posted form; a body that is not one (JSON, plain text, a broken multipart) is a 400, not a 500. */
async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    badRequest();
  }
}

/** A numeric record id from the URL ("/documents/42"); anything else is a 404, not a 500. */
export function idParam(value: string | undefined): number {
  if (value === undefined || !/^[1-9]\d{0,14}$/.test(value)) notFound();
  return Number(value);
}

/** Longer addresses go home: a Location header that long is no page of this site, and proxies refuse it. */
const MAX_REDIRECT_LENGTH = 2000;
const PLACEHOLDER_ORIGIN = "http://site.invalid";

/**
 * The safe place to go after a form: a path on this site, or `fallback`. The path is read as a
 * browser reads a Location header (the WHATWG URL parser, which drops tabs and line breaks, takes
 * a backslash for "/" and resolves "/./"), so "/\t/evil.example" is the other site it would be, and
 * is returned serialized: percent-encoded ASCII, always a valid header ("/proposals?q=giấy"
 * becomes "/proposals?q=gi%E1%BA%A5y", the same page).
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  const path = sameSitePath(to);
  // the serialized path must itself read back as the same path: "/.//evil.example" serializes to "//evil.example"
  return path !== null && path.length <= MAX_REDIRECT_LENGTH && sameSitePath(path) === path ? path : fallback;
}

function sameSitePath(to: string): string | null {
  let url: URL;
  try {
    url = new URL(to, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : null;
}

/**
 * The origin every mutating request must come from: PUBLIC_URL's when the deployment sets it,
 * else the request's own, from its Host header and the scheme Express derives (https when a
 * trusted proxy says X-Forwarded-Proto: https). Null when the Host is not a host.
 */
export function expectedOrigin(publicUrl: string | undefined, protocol: string, host: string | undefined): string | null {
  if (publicUrl) return publicUrl;
  if (!host || !/^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(host)) return null;
  try {
    return new URL(`${protocol}://${host}`).origin;
  } catch {
    return null;
  }
}

/** Whether an Origin (or a Referer) names exactly this origin: scheme, host and port. Anything unparsable does not. */
export function isSameOrigin(source: string | null | undefined, expected: string | null): boolean {
  if (!source || !expected) return false;
  try {
    return new URL(source).origin === expected;
  } catch {
    return false;
  }
}
