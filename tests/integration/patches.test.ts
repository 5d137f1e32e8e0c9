import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/database";

// The packages patched at install (patches/, applied by patch-package in npm's postinstall): each
// patch is for the version installed and is in place, and the patched router matches the app's
// routes as React Router ranks them.

const require = createRequire(import.meta.url);
const PATCHES = path.join(PROJECT_ROOT, "patches");

/** "@remix-run+router+1.23.3.patch" → { name: "@remix-run/router", version: "1.23.3" } */
function patchedPackage(file: string): { name: string; version: string } {
  const match = /^(.+)\+(\d+\.\d+\.\d+[^+]*)\.patch$/.exec(file);
  if (!match) throw new Error(`${file} is not named as patch-package names a patch`);
  return { name: match[1]!.replace(/\+/g, "/"), version: match[2]! };
}

describe("patched packages", () => {
  const files = fs.readdirSync(PATCHES).filter((file) => file.endsWith(".patch"));

  it.each(files)("%s is for the installed version and applied", (file) => {
    const { name, version } = patchedPackage(file);
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string };
    expect(manifest.version, `${name} was upgraded: make the patch again or drop it`).toBe(version);
    const patch = fs.readFileSync(path.join(PATCHES, file), "utf8");
    for (const [, target] of patch.matchAll(/^\+\+\+ b\/(\S+)$/gm)) {
      const added = [...patch.matchAll(/^\+(?!\+\+ )(.*Tinh Gọn patch.*)$/gm)].map((line) => line[1]!.trim());
      const installed = fs.readFileSync(path.join(PROJECT_ROOT, target!), "utf8");
      for (const line of added) expect(installed, `${target} lacks the patch (npm install runs patch-package)`).toContain(line);
    }
  });

  it("the router matches a tree the same however often it is matched, and after the tree changes", () => {
    const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes = [
      {
        id: "root",
        path: "",
        children: [
          { id: "index", index: true },
          { id: "proposals", path: "proposals" },
          { id: "proposal", path: "proposals/:code" },
          { id: "new", path: "proposals/new" },
          { id: "optional", path: "reports/:year?" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    const ids = (pathname: string) => matchRoutes(routes, pathname)?.map((match) => match.route.id);
    for (let round = 0; round < 3; round++) {
      expect(ids("/")).toEqual(["root", "index"]);
      expect(ids("/proposals")).toEqual(["root", "proposals"]);
      // a static segment ranks above a parameter whatever the order of definition
      expect(ids("/proposals/new")).toEqual(["root", "new"]);
      expect(ids("/proposals/BYT-00001")).toEqual(["root", "proposal"]);
      expect(matchRoutes(routes, "/proposals/BYT-00001")?.[1]?.params).toEqual({ code: "BYT-00001" });
      expect(ids("/reports")).toEqual(["root", "optional"]);
      expect(matchRoutes(routes, "/reports/2025")?.[1]?.params).toEqual({ year: "2025" });
      expect(ids("/PROPOSALS/new")).toEqual(["root", "new"]);
      expect(ids("/nowhere/at/all")).toEqual(["root", "splat"]);
    }
    // another tree of the same shape gives its own route objects
    const copy = structuredClone(routes);
    expect(matchRoutes(copy, "/proposals")?.[1]?.route).toBe(copy[0]!.children[1]);
  });
});
