import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { BusyError, ConflictError, domainErrorData, domainErrorFromData, InvalidError, LimitError, NotFoundError, StaleVersionError, type DomainError } from "~/domain/errors";
import { jobOutput } from "./job-process.server";

// A job's output reaches the client only as a whole file: a process that fails half-way leaves
// an error on the stream, never a short file that looks complete; and a refusal crosses the
// process boundary as the same domain error.

/** A process running `code`; `done` adds the message with which a job says its file is complete, once its output is written. */
function child(code: string, done = false) {
  const complete = done ? `;process.stdout.write("", () => process.send({ type: "result", value: null }, () => process.disconnect()))` : "";
  return spawn(process.execPath, ["-e", code + complete], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

describe("a job's output", () => {
  test("ends when the process exits cleanly, with every byte it wrote", async () => {
    let ended = 0;
    const { body } = jobOutput(child(`process.stdout.write("x".repeat(1_000_000))`, true), () => ended++);
    expect(await readAll(body)).toBe(1_000_000);
    expect(ended).toBe(1);
  });

  test("is an error when the process exits cleanly without saying its file is complete (a writer that never finished)", async () => {
    let ended = 0;
    const { body } = jobOutput(child(`process.stdout.write("x".repeat(200_000))`), () => ended++);
    await expect(readAll(body)).rejects.toThrow(/before its file was complete/);
    expect(ended).toBe(1);
  });

  test("is an error when the process fails after writing part of the file", async () => {
    let ended = 0;
    const { body } = jobOutput(child(`process.stdout.write("x".repeat(200_000), () => process.exit(3))`), () => ended++);
    await expect(readAll(body)).rejects.toThrow(/code 3/);
    expect(ended).toBe(1);
  });

  test("cancelled, ends the process", async () => {
    const process = child(`setInterval(() => process.stdout.write("x".repeat(65536)), 1)`);
    const exited = new Promise((resolve) => process.once("exit", (_code, signal) => resolve(signal)));
    let ended = 0;
    const { body } = jobOutput(process, () => ended++);
    const reader = body.getReader();
    await reader.read();
    await reader.cancel();
    expect(await exited).toBe("SIGKILL");
    expect(ended).toBe(1);
  });
});

test("a refusal crosses the process boundary as the same error, with its fields", () => {
  const refusals: DomainError[] = [
    new NotFoundError("import", 7),
    new InvalidError({ file: "imports.errors.storage_full|max=60" }, { file: "a.csv" }),
    new StaleVersionError(2, 3, { title: "A" }),
    new ConflictError("imports.errors.not_staged"),
    new BusyError("pages.busy", 5),
    new LimitError("pages.exportLimit", 2, 10),
  ];
  for (const refusal of refusals) {
    const crossed = domainErrorFromData(structuredClone(domainErrorData(refusal)));
    expect(crossed).toBeInstanceOf(refusal.constructor);
    expect({ ...crossed }).toEqual({ ...refusal });
    expect(crossed.message).toBe(refusal.message);
  }
});
