// What a V8 CPU profile (.cpuprofile, as node --cpu-prof writes it) says dominates: self time
// grouped by package or kind of code, and the functions with the most self time. Pure: the
// profile and a source-map lookup come in, a summary and its text come out.

export interface CallFrame {
  functionName: string;
  scriptId?: string;
  url: string;
  /** 0-based, as V8 writes them. */
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock. */
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds between a sample and the one before it (the first: since startTime). */
  timeDeltas: number[];
}

/** The original place of generated code (the server bundle's source map), or undefined. */
export type SourceLookup = (url: string, lineNumber: number, columnNumber: number) => { source: string; line: number } | undefined;

export interface SummaryOptions {
  resolve?: SourceLookup;
  /** Only samples taken in [from, to], in the profile's microseconds (the load's own window). */
  window?: { from: number; to: number };
  top?: number;
}

export interface Row {
  name: string;
  selfMs: number;
  /** Of the busy (non-idle) time. */
  share: number;
}

export interface FunctionRow extends Row {
  category: string;
  where: string;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  samples: number;
  /** Whether the window held samples and was applied (else the whole profile is summarized). */
  windowed: boolean;
  categories: Row[];
  functions: FunctionRow[];
}

export const IDLE = "(idle)";

/** Packages counted together, as the lead asked to see them. */
const PACKAGE_GROUPS: [RegExp, string][] = [
  [/^(@remix-run\/.*|react-router|react-router-dom|turbo-stream)$/, "remix/react-router"],
  [/^react-dom$/, "react-dom"],
  [/^(react|scheduler)$/, "react"],
  [/^(i18next|react-i18next)$/, "i18next"],
  [/^kysely$/, "kysely"],
  [/^better-sqlite3$/, "better-sqlite3"],
  [/^zod$/, "zod"],
  [/^(express|router|body-parser|send|serve-static|finalhandler|on-headers|on-finished|cookie|qs|debug|path-to-regexp|accepts|negotiator|mime|mime-types|etag|fresh|parseurl|proxy-addr|type-is|content-type|raw-body|compression)$/, "express + middleware"],
  [/^tsx$/, "tsx (loader)"],
];

/** The native methods of better-sqlite3's Statement and Database: where SQLite itself runs. */
const SQLITE_METHODS = new Set(["all", "get", "run", "iterate", "prepare", "exec", "pragma", "step"]);

/** The npm package a path lies in (the innermost node_modules), or undefined. */
export function packageOf(file: string): string | undefined {
  const marker = "node_modules/";
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = file.slice(at + marker.length).split("/");
  return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : parts[0];
}

/** The group of a package: one of PACKAGE_GROUPS, else the package's own name. */
export function packageCategory(name: string): string {
  return PACKAGE_GROUPS.find(([pattern]) => pattern.test(name))?.[1] ?? name;
}

/**
 * The category of a frame's own code, from its (source-mapped) file: a package group, app code by
 * folder (`app/routes`, `app/models`, …), the server script, node internals, or a special V8
 * entry. Undefined for a frame without a file (native code: see summarize).
 */
export function categoryOfFile(file: string): string | undefined {
  if (!file) return undefined;
  const path = file.replace(/^file:\/\//, "");
  const pkg = packageOf(path);
  if (pkg) return packageCategory(pkg);
  if (path.startsWith("node:")) return "node internals";
  const app = /(?:^|\/)app\/([^/]+)(\/)?/.exec(path);
  if (app) return app[2] ? `app/${app[1]}` : "app (root modules)";
  const scripts = /(?:^|\/)scripts\/(.+)$/.exec(path);
  if (scripts) return `scripts/${scripts[1]}`;
  const db = /(?:^|\/)db\/([^/]+)/.exec(path);
  if (db) return "db";
  if (/(?:^|\/)build[^/]*\/server\//.test(path)) return "app bundle (no source map)";
  return `other: ${path.split("/").at(-1)}`;
}

function specialCategory(functionName: string): string | undefined {
  switch (functionName) {
    case IDLE:
      return IDLE;
    case "(garbage collector)":
      return "GC";
    case "(program)":
      return "V8/native outside JS (program)";
    case "(root)":
      return "(root)";
    default:
      return undefined;
  }
}

export function summarize(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // each sample lasts until the next one (the last until the profile's end), as DevTools counts
  const stamps: number[] = [];
  let at = profile.startTime;
  for (const delta of profile.timeDeltas) stamps.push((at += delta));
  const durations = stamps.map((stamp, i) => (stamps[i + 1] ?? Math.max(stamp, profile.endTime)) - stamp);
  const inWindow = (i: number) => !options.window || (stamps[i]! >= options.window.from && stamps[i]! <= options.window.to);
  const windowed = Boolean(options.window) && stamps.some((_, i) => inWindow(i));

  const placeCache = new Map<number, { category: string; name: string; where: string }>();
  const place = (id: number): { category: string; name: string; where: string } => {
    const cached = placeCache.get(id);
    if (cached) return cached;
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || "(anonymous)";
    let result: { category: string; name: string; where: string };
    const special = specialCategory(frame.functionName);
    if (special) result = { category: special, name, where: "" };
    else if (frame.url) {
      const original = options.resolve?.(frame.url, frame.lineNumber, frame.columnNumber);
      const file = original?.source ?? frame.url;
      const line = original?.line ?? frame.lineNumber + 1;
      result = { category: categoryOfFile(file) ?? "other", name, where: `${file.replace(/^file:\/\/.*?node_modules\//, "").replace(/^file:\/\//, "")}:${line}` };
    } else {
      // native code (a C++ method or a builtin) counts for whoever called it, except SQLite's own
      // work inside better-sqlite3, which the lead wants apart
      const up = parent.get(id);
      const caller = up === undefined ? undefined : place(up);
      const sqlite = SQLITE_METHODS.has(frame.functionName) && caller && /kysely|better-sqlite3|app\/db\.server|app bundle/.test(`${caller.category} ${caller.where}`);
      result = { category: sqlite ? "better-sqlite3" : (caller?.category ?? "V8/native"), name: `${name} (native)`, where: caller ? `called from ${caller.name}` : "" };
    }
    placeCache.set(id, result);
    return result;
  };

  const categories = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; category: string; micros: number }>();
  let idle = 0;
  let busy = 0;
  let counted = 0;
  profile.samples.forEach((id, i) => {
    if (windowed && !inWindow(i)) return;
    counted++;
    const micros = durations[i] ?? 0;
    const where = place(id);
    if (where.category === IDLE) {
      idle += micros;
      return;
    }
    busy += micros;
    categories.set(where.category, (categories.get(where.category) ?? 0) + micros);
    const key = `${where.name}\u0000${where.where}`;
    const entry = functions.get(key) ?? { ...where, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
  });

  const share = (micros: number) => (busy ? micros / busy : 0);
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    samples: counted,
    windowed,
    categories: [...categories]
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, share: share(micros) }))
      .sort((a, b) => b.selfMs - a.selfMs),
    functions: [...functions.values()]
      .map((entry) => ({ name: entry.name, where: entry.where, category: entry.category, selfMs: entry.micros / 1000, share: share(entry.micros) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, options.top ?? 25),
  };
}

/** The summary as two text tables. */
export function summaryText(summary: ProfileSummary, title: string): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const width = Math.max(30, ...summary.categories.map((row) => row.name.length));
  const lines = [
    title,
    "Where better-sqlite3's native calls have no frame of their own, SQLite's time is the self time of the JS function calling them (app/db.server.ts's busyAware wrapper).",
    `busy ${summary.busyMs.toFixed(0)} ms of CPU self time (idle ${summary.idleMs.toFixed(0)} ms excluded), ${summary.samples} samples${summary.windowed ? " taken during the load" : " (whole profile: the load's window held no samples)"}`,
    "",
    `${"self time by package or kind of code".padEnd(width)} ${"ms".padStart(8)} ${"share".padStart(7)}`,
    ...summary.categories.map((row) => `${row.name.padEnd(width)} ${row.selfMs.toFixed(0).padStart(8)} ${pct(row.share).padStart(7)}`),
    "",
    `${"top functions by self time".padEnd(44)} ${"ms".padStart(7)} ${"share".padStart(7)}  ${"category".padEnd(24)} where`,
    ...summary.functions.map(
      (row) => `${row.name.slice(0, 44).padEnd(44)} ${row.selfMs.toFixed(0).padStart(7)} ${pct(row.share).padStart(7)}  ${row.category.slice(0, 24).padEnd(24)} ${row.where}`,
    ),
  ];
  return lines.join("\n") + "\n";
}
