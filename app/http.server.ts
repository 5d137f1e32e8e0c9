// Error responses thrown from loaders and actions; the ErrorBoundary renders them in the
// user's language inside the app layout.

export function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function badRequest(): never {
  throw new Response("Bad request", { status: 400, statusText: "Bad Request" });
}

/** The posted form; a body that is not one (JSON, plain text, a broken multipart) is a 400, not a 500. */
export async function readForm(request: Request): Promise<FormData> {
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

/** The safe place to go after a form: a local path, never another site. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
