import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// What every test file would otherwise build again is built once per run, the first time a file
// asks for it, in a directory of the run's own (tests/support/global-setup.ts makes it, empties it
// when watch mode reruns, and deletes it at the end): the migrated database, the database with the
// demo data, the server entry compiled, a password's hash. Files copy or read what is there; no
// file ever writes to a template, so each still starts from the same state as before, alone.

declare module "vitest" {
  export interface ProvidedContext {
    /** The directory of this run's templates; absent when the run has not got the global setup. */
    templateDirectory?: string;
  }
}

/** This run's template directory, or undefined (vitest without tests/support/global-setup.ts): then everything is built per file, as before. */
export function templateDirectory(): string | undefined {
  return inject("templateDirectory");
}

const building = new Map<string, Promise<string>>();

/**
 * The path of the template `name` in this run's directory, built by `build(file)` if it is not
 * there yet. It is built under a name of its own and renamed into place when complete, so a
 * file never sees half a template; two test files asking at once may both build it (the same
 * content), and the last rename wins.
 */
export function template(directory: string, name: string, build: (file: string) => Promise<void>): Promise<string> {
  const target = path.join(directory, name);
  let pending = building.get(target);
  if (!pending) {
    pending = (async () => {
      if (fs.existsSync(target)) return target;
      const partial = path.join(directory, `.${randomBytes(4).toString("hex")}-${name}`);
      try {
        await build(partial);
        fs.renameSync(partial, target);
      } finally {
        for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(partial + suffix, { force: true });
      }
      return target;
    })();
    building.set(target, pending);
    // a failed build is tried again by the next caller rather than failing every test after it
    pending.catch(() => building.delete(target));
  }
  return pending;
}
