import { spawn } from "node:child_process";
import { locationEnv, type DatabaseLocation } from "~/db.server";
import { PROJECT_ROOT } from "./database";

// The project's command-line scripts run as an operator runs them: a real process on a SQLite
// file, with the environment a shell gives it (no session secret, no port). `npm run` runs them
// with tsx, which is node with tsx's loader: that is what runs here, without the npx and tsx
// launcher processes in front of it (a second and a half a run).

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx scripts/<script>` (what `tsx scripts/<script>` runs) with `args` on the
 * database at `database` (a SQLite file's path, or a location: a test database's); `stdin` (if
 * given) is piped in, so stdin is not a TTY.
 */
export function runScript(script: string, database: string | DatabaseLocation, args: string[] = [], stdin?: string): Promise<ScriptRun> {
  return runScriptWith(script, locationEnv(typeof database === "string" ? { path: database } : database), args, stdin);
}

/** Runs a script as runScript does, with `environment` (DATABASE_URL for PostgreSQL, …) added to the shell's. */
export function runScriptWith(script: string, environment: Record<string, string>, args: string[] = [], stdin?: string): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}`, ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", ...environment },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin.write(stdin);
    child.stdin.end();
  });
}
