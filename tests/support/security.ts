import { expect } from "vitest";

// The headers every answer of the server carries, page or not: what each one is for is in
// scripts/server.ts (the shared ones) and app/entry.server.tsx (a page's own policy).

/** The nonce of a page's policy; undefined for an answer that is no page. */
export function cspNonce(response: Response): string | undefined {
  return response.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
}

/**
 * What is wrong with one answer's security headers, as readable lines (none when all is well).
 * A page (HTML from Remix) has a policy that runs only its own scripts, by nonce; anything else
 * has one that allows nothing at all.
 */
export function securityHeaderProblems(response: Response, options: { secure: boolean } = { secure: true }): string[] {
  const headers = response.headers;
  const problems: string[] = [];
  const expectHeader = (name: string, value: string | null) => {
    if (headers.get(name) !== value) problems.push(`${name}: ${JSON.stringify(headers.get(name))}, expected ${JSON.stringify(value)}`);
  };
  expectHeader("x-content-type-options", "nosniff");
  expectHeader("x-frame-options", "DENY");
  expectHeader("referrer-policy", "same-origin");
  expectHeader("strict-transport-security", options.secure ? "max-age=31536000" : null);
  const policies = headers.get("content-security-policy")?.split(", ") ?? [];
  if (policies.length !== 1) return [...problems, `${policies.length} Content-Security-Policy headers, expected 1`];
  const policy = policies[0] ?? "";
  const wanted = cspNonce(response)
    ? [/script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}'(;|$)/, /object-src 'none'/, /frame-ancestors 'none'/]
    : [/^default-src 'none';/, /frame-ancestors 'none'/];
  for (const pattern of wanted) if (!pattern.test(policy)) problems.push(`Content-Security-Policy "${policy}" lacks ${pattern}`);
  if (policy.includes("unsafe-eval")) problems.push(`Content-Security-Policy "${policy}" allows eval`);
  return problems;
}

export function expectSecurityHeaders(response: Response, context: string, options?: { secure: boolean }) {
  expect(securityHeaderProblems(response, options), context).toEqual([]);
}
