import { expect } from "vitest";
// A small HTTP client for integration tests: fetch with a cookie jar, no redirects followed
// (tests assert the 302 and its Location), form posts as application/x-www-form-urlencoded.
// The server refuses a mutating request whose Origin is not its own, so posts carry the base
// URL as Origin unless a test says otherwise.

export interface PostOptions {
  /** The Origin header: the base URL by default, another origin to forge one, null to send none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export interface Client {
  baseUrl: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, fields?: Record<string, string>, options?: PostOptions): Promise<Response>;
  /** Posts a multipart form with one file, as a browser's file input sends it. */
  upload(path: string, file: { field?: string; name: string; bytes: Uint8Array; type?: string }, fields?: Record<string, string>): Promise<Response>;
  /** Posts the login form; the response is the 302 (signed in) or the login page with its error. */
  login(email: string, password: string, redirectTo?: string): Promise<Response>;
  cookie(name: string): string | undefined;
  setCookie(name: string, value: string): void;
  clearCookies(): void;
}

export function client(baseUrl: string): Client {
  const jar = new Map<string, string>();

  function remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const { name, value, expired } = parseSetCookie(header);
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
  }

  function cookieHeader(): Record<string, string> {
    return jar.size ? { Cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") } : {};
  }

  async function request(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const response = await fetch(new URL(path, baseUrl), {
      ...init,
      redirect: "manual",
      headers: { ...cookieHeader(), ...init.headers },
    });
    remember(response);
    return response;
  }

  const self: Client = {
    baseUrl,
    get: (path, headers = {}) => request(path, { method: "GET", headers }),
    post: (path, fields = {}, options = {}) => {
      const origin = options.origin === undefined ? baseUrl : options.origin;
      return request(path, {
        method: "POST",
        body: new URLSearchParams(fields).toString(),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...(origin === null ? {} : { Origin: origin }),
          ...options.headers,
        },
      });
    },
    upload: async (path, file, fields = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append(file.field ?? "file", new Blob([file.bytes.slice()], { type: file.type ?? "application/octet-stream" }), file.name);
      // a browser declares the length of a form it sends (the server refuses chunked bodies):
      // serialize the form once, keeping the boundary its content type names
      const encoded = new Response(form);
      const type = encoded.headers.get("content-type") ?? "";
      const body = new Uint8Array(await encoded.arrayBuffer());
      return request(path, { method: "POST", body, headers: { "Content-Type": type, Origin: baseUrl } });
    },
    login: (email, password, redirectTo = "") => self.post("/login", { email, password, redirectTo }),
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => void jar.set(name, value),
    clearCookies: () => jar.clear(),
  };
  return self;
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case ("httponly", "secure", "samesite", …) with their values ("" for flags). */
  attributes: Record<string, string>;
  expired: boolean;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = "", ...parts] = header.split(";");
  const index = pair.indexOf("=");
  const attributes: Record<string, string> = {};
  for (const part of parts) {
    const [key = "", ...rest] = part.split("=");
    attributes[key.trim().toLowerCase()] = rest.join("=").trim();
  }
  return {
    name: pair.slice(0, index).trim(),
    value: pair.slice(index + 1).trim(),
    attributes,
    expired: attributes["max-age"] === "0",
  };
}

/** The Set-Cookie header a response gave for one cookie, parsed. */
export function setCookieFor(response: Response, name: string): SetCookie | undefined {
  return response.headers.getSetCookie().map(parseSetCookie).find((cookie) => cookie.name === name);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'", nbsp: "\u00a0" };

/** HTML text with React's escapes undone, so assertions can use the words users see. */
export function decodeHtml(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#x27|#39|nbsp);/g, (_, entity: string) => ENTITIES[entity] ?? "");
}

/** The text shown beside a form field (the element marked data-field-error="<field>"), or undefined. */
export function fieldError(html: string, field: string): string | undefined {
  const match = new RegExp(`<[a-z]+[^>]*\\bdata-field-error="${field}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match ? decodeHtml(match[1] ?? "").replace(/<!-- -->/g, "") : undefined;
}

/** The value rendered into a form control named `field` (input value, textarea content or selected option). */
export function fieldValue(html: string, field: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bname="${field}"[^>]*>`).exec(html)?.[0];
  if (input) return decodeHtml(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? "");
  const textarea = new RegExp(`<textarea[^>]*\\bname="${field}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (textarea) return decodeHtml(textarea[1] ?? "");
  const select = new RegExp(`<select[^>]*\\bname="${field}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (select) return decodeHtml(/<option[^>]*\bselected=""[^>]*\bvalue="([^"]*)"|<option[^>]*\bvalue="([^"]*)"[^>]*\bselected=""/.exec(select[1] ?? "")?.slice(1).find((v) => v !== undefined) ?? "");
  return undefined;
}

/** The page's <main> element, where the route renders (without the header and the serialized data). */
export function mainContent(html: string): string {
  return /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? "";
}

/** The text a reader sees in an HTML fragment: tags and React's <!-- --> markers removed, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return decodeHtml(html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .replace(/\s+([.,;:)])/g, "$1")
    .replace(/\(\s+/g, "(")
    .trim();
}

/** A client signed in as this user (the login must succeed). */
export async function signedInClient(baseUrl: string, user: { email: string; password: string }): Promise<Client> {
  const browser = client(baseUrl);
  expect((await browser.login(user.email, user.password)).status).toBe(302);
  return browser;
}

/**
 * Signs each user in once and hands out clients on that session: `const as = signedInOnce(url)`,
 * then `await as(user)` logs in on the first call for an email (an scrypt check on the server,
 * ~0.4 s) and afterwards returns a new client carrying the same session cookie, so tests that
 * are not about sessions share one sign-in per user while keeping their own cookie jars.
 * Not for tests that log out, end sessions, deactivate or move the user, or count logins.
 */
export function signedInOnce(baseUrl: string): (user: { email: string; password: string }) => Promise<Client> {
  const tokens = new Map<string, Promise<string>>();
  return async (user) => {
    let token = tokens.get(user.email);
    if (!token) {
      token = signedInClient(baseUrl, user).then((browser) => {
        const value = browser.cookie("tg_session");
        expect(value).toBeTruthy();
        return value ?? "";
      });
      tokens.set(user.email, token);
      token.catch(() => tokens.delete(user.email));
    }
    const browser = client(baseUrl);
    browser.setCookie("tg_session", await token);
    return browser;
  };
}

export type SignedIn = ReturnType<typeof signedInOnce>;

/** Runs tasks `width` at a time: the server answers several requests while one waits on the database. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}
