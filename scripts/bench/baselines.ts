import { spawn } from "node:child_process";
import path from "node:path";
import { locationEnv, type DatabaseLocation } from "../../app/db.server";
import { freePort } from "../soak/server";
import { load, type LoadResult } from "./load";
import { sampleMemory } from "./memory";

// The two baselines, each its own process (one core), run with tsx like the server: the bare
// JSON answer of the list's statements, and the same rendered by React as a plain table. Each
// runs on the database the bench measures, with that database's bare driver.

export const BASELINES = [
  { key: "json", name: { sqlite: "bare node:http + better-sqlite3, JSON", postgres: "bare node:http + pg (a pool of 10), JSON" }, script: "scripts/bench/baseline-json.ts" },
  { key: "ssr", name: { sqlite: "the same + React renderToString table", postgres: "the same + React renderToString table" }, script: "scripts/bench/baseline-ssr.tsx" },
] as const;

export type BaselineKey = (typeof BASELINES)[number]["key"];

export interface BaselineResult {
  key: BaselineKey;
  name: string;
  runs: LoadResult[];
  peakRssBytes: number;
}

export async function measureBaseline(
  baseline: (typeof BASELINES)[number],
  database: DatabaseLocation,
  connections: readonly number[],
  seconds: number,
): Promise<BaselineResult> {
  const port = await freePort("127.0.0.1");
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(baseline.script)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...locationEnv(database), PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const url = `http://127.0.0.1:${port}/`;
  try {
    for (let waited = 0; ; waited += 50) {
      if (child.exitCode !== null) throw new Error(`${baseline.script} exited before it answered`);
      if ((await fetch(url).catch(() => undefined))?.ok) break;
      if (waited > 30_000) throw new Error(`${baseline.script} did not answer within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const memory = sampleMemory(child.pid!);
    // the first answers compile the code paths: not measured
    await load({ url, connections: 1, seconds: 1 });
    const runs: LoadResult[] = [];
    for (const count of connections) runs.push(await load({ url, connections: count, seconds }));
    return { key: baseline.key, name: baseline.name["url" in database ? "postgres" : "sqlite"], runs, peakRssBytes: memory.stop().totalBytes };
  } finally {
    process.off("exit", killOnExit);
    child.kill("SIGTERM");
    await exited;
  }
}
