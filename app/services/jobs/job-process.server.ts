import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { domainErrorFromData } from "~/domain/errors";
import type { JobMessage, JobRequest } from "./job";

// The heavy jobs a serving process is asked for (a list export, a plan's check or commit) run in
// a process of their own (app/services/jobs/job.ts), so their memory (the rows, the XML, the
// zip, a 50,000-row plan's checked rows) is never the serving process's: a serving worker stays
// small and its heap can be capped, and a job that runs out of memory ends only itself. The
// process opens the database file itself; the serving process waits for its answer without
// blocking (the bytes of an export on its standard output, a report by IPC).

/**
 * Each kind of job's V8 flags. An export holds a slice of rows at a time: a small young generation
 * keeps its RSS about 115 MB (78 MB of it the process and its code) at the same speed. A plan at
 * the import's row limit (50,000 rows) needs 300–400 MB of heap (740 MB of RSS) while it is checked.
 */
const V8_FLAGS: Record<JobRequest["kind"], string[]> = {
  export: ["--max-old-space-size=128", "--max-semi-space-size=1"],
  import: ["--max-old-space-size=1024"],
};

/**
 * A job process, its request sent: from build/server/job.js beside the built server (vite.config.ts
 * makes it an entry of the server build), or from the TypeScript source through tsx where this
 * module runs from source (tests of the services, Vite's dev server).
 */
export function startJob(request: JobRequest): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  let args: string[];
  let cwd: string | undefined;
  if (here.endsWith(".ts")) {
    const root = path.resolve(path.dirname(here), "../../..");
    args = ["--import", "tsx", path.join(path.dirname(here), "job.ts")];
    // tsx finds the project's tsconfig.json (its "~/" paths) in the working directory
    cwd = root;
  } else {
    // this module may sit in a chunk under build/server/assets/
    const candidates = [path.join(path.dirname(here), "job.js"), path.join(path.dirname(here), "..", "job.js")];
    const file = candidates.find((candidate) => fs.existsSync(candidate));
    if (!file) throw new Error(`No job script beside ${here}: build the server (npm run build)`);
    args = [file];
  }
  const child = spawn(process.execPath, [...V8_FLAGS[request.kind], ...args], {
    cwd,
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    serialization: "advanced",
  });
  child.send(request);
  return child;
}

/** How a job ended, once its process has exited and its output is closed: null when it exited cleanly. */
function failure(code: number | null, signal: NodeJS.Signals | null): Error | null {
  return code === 0 ? null : new Error(`The job process exited (${signal ?? `code ${code}`}) before its job was done`);
}

/**
 * A job's standard output as a byte stream that reads on only as it is read (the process then
 * blocks on a full pipe, holding little); it ends only once the process said by IPC that its file
 * is complete and then exited cleanly, so a file cut short by a failure, or by a process that
 * ended with its writer still waiting, is an error, never a complete-looking download. Cancelling it, or
 * `stop`, ends the process. `onEnd` runs once, however it ended.
 */
export function jobOutput(child: ChildProcess, onEnd: () => void): { body: ReadableStream<Uint8Array>; stop: () => void } {
  const output = child.stdout!;
  let complete = false;
  child.on("message", (message: JobMessage) => {
    if (message.type === "result") complete = true;
  });
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    onEnd();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        output.on("data", (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) output.pause();
        });
        child.on("error", (error) => {
          if (finished) return;
          controller.error(error);
          finish();
        });
        child.on("close", (code, signal) => {
          if (finished) return;
          const error = failure(code, signal) ?? (complete ? null : new Error("The job process exited before its file was complete"));
          if (error) controller.error(error);
          else controller.close();
          finish();
        });
      },
      pull() {
        output.resume();
      },
      cancel() {
        finish();
      },
    },
    // a few of the pipe's chunks (64 KB each) wait here at most
    { highWaterMark: 4 },
  );
  return { body, stop: finish };
}

/** A job's one answer by IPC: its result, or the domain error it refused with (thrown here again). */
export function jobResult<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    child.on("message", (message: JobMessage) => {
      answered = true;
      if (message.type === "result") resolve(message.value as T);
      else if (message.type === "refused") reject(domainErrorFromData(message.error));
      else reject(new Error(`The job failed: ${message.message}`));
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (!answered) reject(failure(code, signal) ?? new Error("The job process exited without an answer"));
    });
  });
}
