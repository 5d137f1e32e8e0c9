import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { IntentsHandle } from "~/http.server";
import { buildDirectory } from "./server";

// The app's routes as the production build under test lists them: build/server/index.js exports
// Remix's route manifest, each route with its parent, its own path segment and its module. Tests
// that must cover every route (who may use it, which headers it answers with) start from here, so
// a new route file is covered the day it is added.

export interface AppRoute {
  /** The route's id in the manifest: "routes/proposals.$code._index". */
  id: string;
  /** Its address pattern as Remix matches it: "/proposals/:code", "/deadlines/export.csv", "/*". */
  path: string;
  hasLoader: boolean;
  hasAction: boolean;
  /** A page, rendered in the layout; without one, a resource route (a file, JSON or a redirect). */
  hasComponent: boolean;
  /** The kinds of post its action tells apart (its handle's, see intentOf in app/http.server.ts); empty for one kind. */
  intents: readonly string[];
}

/**
 * Every route that answers at an address of its own, in the manifest's order. A layout whose
 * address its index route answers (the root: "/" is routes/_index) is left out; its loader runs
 * with every page under it.
 */
export async function appRoutes(): Promise<AppRoute[]> {
  const build = (await import(pathToFileURL(path.join(buildDirectory(), "server", "index.js")).href)) as ServerBuild;
  const manifest = Object.values(build.routes);
  const fullPath = (id: string | undefined): string => {
    const route = id === undefined ? undefined : build.routes[id];
    if (!route) return "";
    const parent = fullPath(route.parentId);
    return route.path ? `${parent}/${route.path}` : parent;
  };
  return manifest
    .filter((route) => !manifest.some((child) => child.parentId === route.id && child.index))
    .map((route) => {
      const handle = route.module.handle as Partial<IntentsHandle> | undefined;
      return {
        id: route.id,
        path: fullPath(route.id) || "/",
        hasLoader: typeof route.module.loader === "function",
        hasAction: typeof route.module.action === "function",
        hasComponent: typeof route.module.default === "function",
        intents: handle?.intents ?? [],
      };
    });
}

/**
 * A route's address with its parameters filled in: `value(":code", "proposals")` for
 * "/proposals/:code/edit" (the segment before names the record), `value("*", …)` for a splat.
 */
export function fillPath(pattern: string, value: (param: string, after: string) => string): string {
  const segments = pattern.split("/");
  return segments
    .map((segment, index) => (segment.startsWith(":") || segment === "*" ? encodeURIComponent(value(segment, segments[index - 1] ?? "")) : segment))
    .join("/");
}
