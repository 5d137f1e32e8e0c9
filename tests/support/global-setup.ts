import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

// One directory of templates per vitest run (tests/support/templates.ts), under tests/.tmp/:
// emptied when watch mode reruns the tests (migrations, the seed or the server may have changed
// since), deleted when the run ends. Directories left by runs that were killed are deleted here.

const TMP_DIR = fileURLToPath(new URL("../.tmp", import.meta.url));
const PREFIX = "templates-";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeAbandoned(): void {
  if (!fs.existsSync(TMP_DIR)) return;
  for (const entry of fs.readdirSync(TMP_DIR)) {
    const pid = Number(entry.slice(PREFIX.length));
    if (entry.startsWith(PREFIX) && Number.isInteger(pid) && pid !== process.pid && !alive(pid)) {
      fs.rmSync(path.join(TMP_DIR, entry), { recursive: true, force: true });
    }
  }
}

export default function setup(project: TestProject): () => void {
  removeAbandoned();
  const directory = path.join(TMP_DIR, `${PREFIX}${process.pid}`);
  const empty = () => {
    fs.rmSync(directory, { recursive: true, force: true });
    fs.mkdirSync(directory, { recursive: true });
  };
  empty();
  project.provide("templateDirectory", directory);
  project.onTestsRerun(empty);
  return () => fs.rmSync(directory, { recursive: true, force: true });
}
