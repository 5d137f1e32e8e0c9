import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { Link as RouterLink } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { Link, rootHref } from "./link";

// The app's Link writes a path from the root as React Router itself would (the href a page is
// served with must not change, nor differ from what hydration renders).

async function render(element: ReactElement, at = "/proposals/BYT-0001"): Promise<string> {
  const routes = [{ path: "*", element }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost${at}`));
  if (context instanceof Response) throw new Error("unexpected redirect");
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }));
}

const ADDRESSES = [
  "/proposals",
  "/proposals/BYT-0042",
  "/proposals?agency=BYT&status=approved",
  "/proposals?q=giấy phép thực phẩm",
  "/documents?q=15/2018/NĐ-CP",
  "/search?q=a+b%20c",
  "/proposals/BYT-0042#history",
  "/agencies/BYT ",
  "/proposals?q=\"<b>&'",
  "/proposals?",
  "/proposals?page=2#",
  "/proposals/#top",
];

describe("Link", () => {
  it.each(ADDRESSES)("writes %s as React Router's own link does", async (to) => {
    const ours = await render(createElement(Link, { to, className: "underline" }, "x"));
    const routers = await render(createElement(RouterLink, { to, className: "underline", "data-discover": "true" } as never, "x"));
    expect(ours).toBe(routers);
    // Remix's Link is not what rendered it: it needs Remix's context, which this page has not
    expect(ours).toContain(' data-discover="true" href="');
  });

  it("drops a lone ? or #, as React Router does", () => {
    expect(rootHref("/proposals?")).toBe("/proposals");
    expect(rootHref("/proposals?page=2#")).toBe("/proposals?page=2");
    expect(rootHref("/a?b#c")).toBe("/a?b#c");
  });

  it("leaves other addresses to React Router, which resolves them against the route", async () => {
    for (const to of ["edit", "../BYT-0002", "?page=2"]) {
      const ours = await render(createElement(Link, { to }, "x"));
      const routers = await render(createElement(RouterLink, { to, "data-discover": "true" } as never, "x"));
      expect(ours, to).toBe(routers);
    }
  });
});
