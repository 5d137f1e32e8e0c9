// The export thread: one list export, read on a snapshot connection of its own and written as CSV
// or XLSX, its bytes posted to the thread serving the request a chunk at a time, each chunk only
// when that thread asks for one (it asks as the client takes the bytes). Its CPU (rows to XML,
// deflate, garbage) is off the thread that serves every other request of the process. Started by
// app/services/export-stream.server.ts; the server build carries it as build/server/export-thread.js.
import os from "node:os";
import { Writable } from "node:stream";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { openSnapshot } from "~/db.server";
import { exportSource, writeCsv, writeXlsx, type ExportFormat, type ExportList } from "./export.server";

export interface ExportThreadData {
  databasePath: string;
  job: ExportList;
  format: ExportFormat;
}

export type ExportThreadMessage = { type: "chunk"; bytes: Uint8Array } | { type: "end" } | { type: "error"; message: string };

/** The thread's priority: below the serving thread's, so pages are answered first. */
const EXPORT_NICE = 10;

/** Bytes per message: few messages, little held at once. */
const CHUNK_BYTES = 64 * 1024;

/** A sink that posts what it is written in chunks, each when the other side asked for one ("more"). */
class ChunkPoster extends Writable {
  #pending: Buffer[] = [];
  #size = 0;
  #credit = 0;
  #wake: (() => void) | undefined;

  constructor(private readonly port: MessagePort) {
    super({ highWaterMark: CHUNK_BYTES });
    port.on("message", () => {
      this.#credit++;
      this.#wake?.();
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#pending.push(chunk);
    this.#size += chunk.length;
    if (this.#size < CHUNK_BYTES) return callback();
    this.#post().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#post().then(() => callback(), callback);
  }

  async #post(): Promise<void> {
    if (this.#size === 0) return;
    // a buffer of its own to hand over (a small Buffer may share node's pool)
    const bytes = new Uint8Array(this.#size);
    let offset = 0;
    for (const part of this.#pending) {
      bytes.set(part, offset);
      offset += part.length;
    }
    this.#pending = [];
    this.#size = 0;
    while (this.#credit === 0) await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#credit--;
    this.port.postMessage({ type: "chunk", bytes } satisfies ExportThreadMessage, [bytes.buffer]);
  }
}

async function run(port: MessagePort, { databasePath, job, format }: ExportThreadData): Promise<void> {
  const snapshot = await openSnapshot(databasePath);
  try {
    const source = await exportSource(snapshot.db, job);
    const sink = new ChunkPoster(port);
    await (format === "csv" ? writeCsv(source, sink) : writeXlsx(source, sink));
    port.postMessage({ type: "end" } satisfies ExportThreadMessage);
  } finally {
    await snapshot.close();
  }
}

if (parentPort) {
  const port = parentPort;
  // this thread yields the CPU to the one serving requests (on Linux a thread has its own nice value)
  try {
    os.setPriority(EXPORT_NICE);
  } catch {
    // not allowed here: the export runs at the server's priority
  }
  run(port, workerData as ExportThreadData).catch((error: unknown) => {
    port.postMessage({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ExportThreadMessage);
  });
}
