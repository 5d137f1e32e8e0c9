import { expect } from "vitest";

// The headers every answer of the server carries, page or not: what each one is for is in
// scripts/server.ts (the shared ones) and app/entry.server.tsx (a page's own policy).

/** The nonce of a page's policy; undefined for an answer that is no page. */
export function cspNonce(response: Response): string | undefined {
  return response.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
}

/**
 * Checks the security headers of one answer. A page (HTML from Remix) has a policy that runs
 * only its own scripts, by nonce; anything else has one that allows nothing at all.
 */
export function expectSecurityHeaders(response: Response, context: string, options: { secure: boolean } = { secure: true }) {
  const headers = response.headers;
  expect(headers.get("x-content-type-options"), context).toBe("nosniff");
  expect(headers.get("x-frame-options"), context).toBe("DENY");
  expect(headers.get("referrer-policy"), context).toBe("same-origin");
  expect(headers.get("strict-transport-security"), context).toBe(options.secure ? "max-age=31536000" : null);
  const policies = headers.get("content-security-policy")?.split(", ") ?? [];
  expect(policies, `${context}: one Content-Security-Policy`).toHaveLength(1);
  const policy = policies[0];
  expect(policy, context).toContain("frame-ancestors 'none'");
  if (cspNonce(response)) {
    expect(policy, context).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}'(;|$)/);
    expect(policy, context).toContain("object-src 'none'");
    expect(policy, context).not.toContain("unsafe-eval");
  } else {
    expect(policy, context).toMatch(/^default-src 'none';/);
  }
}
