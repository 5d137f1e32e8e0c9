import { describe, expect, it } from "vitest";
import { categoryOfFile, packageOf, summarize, summaryText, type CpuProfile, type ProfileNode } from "./summary";

const BUNDLE = "file:///srv/tinhgon/build-profile/server/index.js";

function frame(id: number, functionName: string, url: string, children: number[] = [], lineNumber = 0): ProfileNode {
  return { id, callFrame: { functionName, url, lineNumber, columnNumber: 0, scriptId: String(id) }, children };
}

// root ─┬ (idle) 2
//       ├ (garbage collector) 3
//       ├ (program) 4
//       ├ renderToString (react-dom) 5 ─ t (i18next) 6
//       ├ loader (bundle line 10 → app/routes) 7 ─ listProposals (bundle line 20 → app/models) 8
//       │                                          ─ executeQuery (kysely) 9 ─ all (native) 10
//       │                                                                    ─ stringify (native) 11
//       └ processTicksAndRejections (node:internal) 12
const nodes: ProfileNode[] = [
  frame(1, "(root)", "", [2, 3, 4, 5, 7, 12]),
  frame(2, "(idle)", ""),
  frame(3, "(garbage collector)", ""),
  frame(4, "(program)", ""),
  frame(5, "renderToString", "file:///srv/tinhgon/node_modules/react-dom/cjs/react-dom-server-legacy.node.production.min.js", [6]),
  frame(6, "t", "file:///srv/tinhgon/node_modules/i18next/dist/esm/i18next.js"),
  frame(7, "loader", BUNDLE, [8], 9),
  frame(8, "listProposals", BUNDLE, [9], 19),
  frame(9, "executeQuery", "file:///srv/tinhgon/node_modules/kysely/dist/esm/dialect/sqlite/sqlite-driver.js", [10, 11]),
  frame(10, "all", ""),
  frame(11, "stringify", ""),
  frame(12, "processTicksAndRejections", "node:internal/process/task_queues"),
];

/** A profile whose samples hit the given nodes, one millisecond each, from t = 1,000,000 µs. */
function profileOf(hits: number[]): CpuProfile {
  return {
    nodes,
    startTime: 1_000_000,
    endTime: 1_000_000 + hits.length * 1000,
    samples: hits,
    timeDeltas: hits.map((_, i) => (i === 0 ? 0 : 1000)),
  };
}

const resolve = (url: string, lineNumber: number) =>
  url === BUNDLE ? { source: lineNumber === 9 ? "app/routes/proposals._index.tsx" : "app/models/proposal.server.ts", line: lineNumber + 1 } : undefined;

describe("the profile's summary", () => {
  it("groups self time by package, app folder and kind, leaving idle time out", () => {
    // 10 ms of SQLite, 5 of react-dom, 3 of i18next, 2 in a route, 2 in a model, 4 of GC,
    // 1 of node internals, 1 of (program), 1 of JSON.stringify called by kysely, 20 idle
    const summary = summarize(profileOf([...Array(10).fill(10), ...Array(5).fill(5), 6, 6, 6, 7, 7, 8, 8, 3, 3, 3, 3, 12, 4, 11, ...Array(20).fill(2)]), { resolve });
    const byName = Object.fromEntries(summary.categories.map((row) => [row.name, row.selfMs]));
    expect(byName).toEqual({
      "better-sqlite3": 10,
      "react-dom": 5,
      GC: 4,
      i18next: 3,
      "app/routes": 2,
      "app/models": 2,
      "node internals": 1,
      "V8/native outside JS (program)": 1,
      kysely: 1,
    });
    expect(summary.busyMs).toBe(29);
    expect(summary.idleMs).toBe(20);
    expect(summary.categories[0]).toMatchObject({ name: "better-sqlite3", share: 10 / 29 });
    expect(summary.functions[0]).toMatchObject({ name: "all (native)", category: "better-sqlite3", where: "called from executeQuery" });
    expect(summary.functions.find((row) => row.name === "listProposals")).toMatchObject({ where: "app/models/proposal.server.ts:20", selfMs: 2 });
  });

  it("counts only the samples inside the load's window when it has any", () => {
    const profile = profileOf([5, 5, 5, 7, 7, 7]);
    // samples at 1,000,000 … 1,005,000 µs: the window keeps the 4th to the 6th
    const windowed = summarize(profile, { resolve, window: { from: 1_003_000, to: 1_009_000 } });
    expect(windowed.windowed).toBe(true);
    expect(windowed.categories.map((row) => row.name)).toEqual(["app/routes"]);
    // a window of another clock holds nothing: the whole profile is summarized, and says so
    const outside = summarize(profile, { resolve, window: { from: 1, to: 2 } });
    expect(outside.windowed).toBe(false);
    expect(outside.categories.map((row) => row.name).sort()).toEqual(["app/routes", "react-dom"]);
    expect(summaryText(outside, "title")).toContain("whole profile");
  });

  it("names the package of a path and the category of a file", () => {
    expect(packageOf("/a/node_modules/@remix-run/server-runtime/dist/x.js")).toBe("@remix-run/server-runtime");
    expect(packageOf("/a/node_modules/x/node_modules/react-dom/index.js")).toBe("react-dom");
    expect(packageOf("/a/app/routes/x.tsx")).toBeUndefined();
    expect(categoryOfFile("file:///a/node_modules/@remix-run/router/dist/router.js")).toBe("remix/react-router");
    expect(categoryOfFile("file:///a/node_modules/express/lib/router/index.js")).toBe("express + middleware");
    expect(categoryOfFile("file:///a/node_modules/exceljs/lib/x.js")).toBe("exceljs");
    expect(categoryOfFile("app/root.tsx")).toBe("app (root modules)");
    expect(categoryOfFile("app/services/import/apply.server.ts")).toBe("app/services");
    expect(categoryOfFile("file:///a/scripts/server.ts")).toBe("scripts/server.ts");
    expect(categoryOfFile("file:///a/build/server/index.js")).toBe("app bundle (no source map)");
    expect(categoryOfFile("node:internal/streams/readable")).toBe("node internals");
  });
});
