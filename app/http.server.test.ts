import { describe, expect, it } from "vitest";
import { expectedOrigin, isSameOrigin, safeRedirectPath } from "./http.server";

// Where a browser goes with the answer: each result is resolved against the site, as a browser
// resolves a Location header (the WHATWG URL parser, which drops tabs and line breaks).

const SITE = "https://tinhgon.example";

/** What a browser does with a Location header: it must stay on the site and be a valid header value. */
function expectSameSite(location: string) {
  expect(location, JSON.stringify(location)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(new URL(location, SITE).origin, JSON.stringify(location)).toBe(SITE);
  expect(() => new Headers({ Location: location })).not.toThrow();
}

const ATTACKS = [
  "//evil.example",
  "//evil.example/phish",
  "/\t/evil.example/phish",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\r/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "/\t\\evil.example",
  "/.//evil.example",
  "/../..//evil.example",
  "/./\t/evil.example",
  "https://evil.example/",
  "http:evil.example",
  "http:/evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "proposals",
  "",
  "   ",
  "\u0000//evil.example",
  "/\u0000/evil.example",
  "/\u2028/evil.example",
  "/\u3000/evil.example",
  "/\uff0f\uff0fevil.example",
  `/${"a".repeat(5000)}`,
];

describe("safeRedirectPath", () => {
  it.each(ATTACKS)("never leaves the site: %j", (to) => {
    const result = safeRedirectPath(to);
    expectSameSite(result);
    expect(result.includes("evil.example") && new URL(result, SITE).pathname.startsWith("//")).toBe(false);
  });

  it("sends anything that is not a path on this site home", () => {
    for (const to of ["//evil.example", "/\t/evil.example/phish", "/\\evil.example", "/.//evil.example", "https://evil.example", "javascript:alert(1)", "evil.example", ""]) {
      expect(safeRedirectPath(to), JSON.stringify(to)).toBe("/");
    }
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(new File(["/proposals"], "x.txt"))).toBe("/");
    expect(safeRedirectPath("//evil.example", "/proposals")).toBe("/proposals");
  });

  it("follows a path on this site, with its query and fragment, encoded as a header needs", () => {
    expect(safeRedirectPath("/proposals")).toBe("/proposals");
    expect(safeRedirectPath("/proposals?agency=BCT&status=approved#list")).toBe("/proposals?agency=BCT&status=approved#list");
    expect(safeRedirectPath("/proposals?q=giấy")).toBe("/proposals?q=gi%E1%BA%A5y");
    expect(safeRedirectPath("/proposals?q=gi%E1%BA%A5y")).toBe("/proposals?q=gi%E1%BA%A5y");
    expect(safeRedirectPath("/proposals/BYT-0001?q=a b")).toBe("/proposals/BYT-0001?q=a%20b");
    expect(safeRedirectPath("/agencies/BKHĐT")).toBe("/agencies/BKH%C4%90T");
    expect(safeRedirectPath("/proposals?q=\u2028")).toBe("/proposals?q=%E2%80%A8");
    expect(safeRedirectPath("/%09/evil.example/phish")).toBe("/%09/evil.example/phish");
    expect(new URL(safeRedirectPath("/proposals?q=giấy"), SITE).searchParams.get("q")).toBe("giấy");
  });

  it("holds for thousands of strings made of the characters that confuse URL parsers", () => {
    const alphabet = ["/", "\\", "\t", "\n", "\r", " ", ".", ":", "?", "#", "%", "@", "e", "v", "l", "\u2028", "ấ", "\u0000", "\u007f", "%2F", "%5C", "%09"];
    // a fixed sequence (a linear congruential generator), so a failure shows the same strings every run
    let state = 20261204;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    for (let sample = 0; sample < 5000; sample++) {
      const length = 1 + next(10);
      let to = next(4) === 0 ? "" : "/";
      for (let i = 0; i < length; i++) to += alphabet[next(alphabet.length)];
      expectSameSite(safeRedirectPath(to));
    }
  });
});

describe("the Origin check", () => {
  it("expects the request's own origin, or PUBLIC_URL's when set", () => {
    expect(expectedOrigin(undefined, "http", "127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(expectedOrigin(undefined, "https", "tinhgon.example:443")).toBe("https://tinhgon.example");
    expect(expectedOrigin(undefined, "http", "[::1]:3000")).toBe("http://[::1]:3000");
    expect(expectedOrigin("https://tinhgon.example", "http", "127.0.0.1:3000")).toBe("https://tinhgon.example");
    for (const host of [undefined, "", "a@evil.example", "evil.example/x", "host:port", "a b", "127.0.0.1:99999"]) {
      expect(expectedOrigin(undefined, "http", host), String(host)).toBeNull();
    }
  });

  it("accepts exactly that scheme, host and port", () => {
    const site = "http://127.0.0.1:3000";
    expect(isSameOrigin("http://127.0.0.1:3000", site)).toBe(true);
    expect(isSameOrigin("http://127.0.0.1:3000/proposals?x=1", site)).toBe(true); // a Referer
    expect(isSameOrigin("https://tinhgon.example:443", "https://tinhgon.example")).toBe(true);
    for (const source of ["https://127.0.0.1:3000", "http://127.0.0.1:3001", "http://127.0.0.1", "http://localhost:3000", "null", "garbage", "", null, undefined, "http://127.0.0.1:3000@evil.example"]) {
      expect(isSameOrigin(source, site), String(source)).toBe(false);
    }
    expect(isSameOrigin("http://127.0.0.1:3000", null)).toBe(false);
  });
});
