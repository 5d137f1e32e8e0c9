import fs from "node:fs";

// Resident memory of a process and all its descendants (the server's primary and its cluster
// workers, or an import), read from /proc every 100 ms: a worker's peak between two samples
// can be missed, so figures are a lower bound of the true peak.

const SAMPLE_MS = 100;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process or thread ended meanwhile
  }
}

/** The pid (depth 0) and its descendants with their depth, through each thread's `children` list: the cluster's workers at 1, their job processes at 2. */
export function processDepths(pid: number): { pid: number; depth: number }[] {
  const found: { pid: number; depth: number }[] = [];
  const queue = [{ pid, depth: 0 }];
  while (queue.length) {
    const entry = queue.shift()!;
    const next = entry.pid;
    found.push(entry);
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      for (const child of (read(`/proc/${next}/task/${task}/children`) ?? "").split(" ")) {
        if (child.trim()) queue.push({ pid: Number(child), depth: entry.depth + 1 });
      }
    }
  }
  return found;
}

/** VmRSS in bytes, or undefined when the process is gone. */
export function rssOf(pid: number): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(read(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Whether the process runs Node (a cluster worker), not a helper such as tsx's esbuild service. */
export function isNode(pid: number): boolean {
  return (read(`/proc/${pid}/comm`) ?? "").trim() === "node";
}

export interface MemoryPeaks {
  /** Peak of the root process alone (the cluster's primary, or the only process). */
  rootBytes: number;
  /** Peak of each Node child seen, by pid (the cluster's workers). */
  childBytes: Map<number, number>;
  /** Peak of each Node process below a child, by pid (the workers' job processes: exports, page imports). */
  jobBytes: Map<number, number>;
  /** Peak of each other descendant (tsx's esbuild service), by pid: counted in the total only. */
  helperBytes: Map<number, number>;
  /** Peak of the sum over the tree at one sample. */
  totalBytes: number;
}

export interface MemorySampler {
  peaks(): MemoryPeaks;
  /** Starts new peaks from now (one per phase of the bench). */
  reset(): void;
  stop(): MemoryPeaks;
}

export function sampleMemory(pid: number): MemorySampler {
  const empty = (): MemoryPeaks => ({ rootBytes: 0, childBytes: new Map(), jobBytes: new Map(), helperBytes: new Map(), totalBytes: 0 });
  let current = empty();
  const kinds = new Map<number, boolean>();
  const sample = () => {
    let total = 0;
    for (const { pid: member, depth } of processDepths(pid)) {
      const rss = rssOf(member);
      if (rss === undefined) continue;
      total += rss;
      if (member === pid) current.rootBytes = Math.max(current.rootBytes, rss);
      else {
        if (!kinds.has(member)) kinds.set(member, isNode(member));
        const peaks = !kinds.get(member) ? current.helperBytes : depth === 1 ? current.childBytes : current.jobBytes;
        peaks.set(member, Math.max(peaks.get(member) ?? 0, rss));
      }
    }
    current.totalBytes = Math.max(current.totalBytes, total);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  timer.unref();
  return {
    peaks: () => {
      sample();
      return current;
    },
    reset: () => {
      current = empty();
      sample();
    },
    stop: () => {
      sample();
      clearInterval(timer);
      return current;
    },
  };
}
