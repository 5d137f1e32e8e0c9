import { describe, expect, it } from "vitest";
import { createLogger, currentRequestLog, errorDetails, messageLine, noteUser, requestIdFrom, requestLine, withRequestLog, type LogLevel, type RequestEntry, type RequestLog } from "./log.server";

const REQUEST: RequestEntry = {
  time: "2026-12-06T06:00:00.000Z",
  requestId: "3f0c9a52-0d5e-4c36-9a53-1b8e0f1d2c3b",
  userId: 5,
  method: "GET",
  route: "/proposals",
  status: 200,
  durationMs: 12.345,
  worker: 1,
};

/** A logger whose lines are kept, with the stream each would go to. */
function recorded(format: "json" | "text", worker?: number) {
  const lines: { line: string; level: LogLevel }[] = [];
  return { lines, log: createLogger(format, { worker, write: (line, level) => lines.push({ line, level }) }) };
}

describe("a request's line", () => {
  it("is one JSON object with every field, the duration to a tenth of a millisecond", () => {
    const line = requestLine(REQUEST, "json");
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      time: "2026-12-06T06:00:00.000Z",
      level: "info",
      msg: "request",
      requestId: REQUEST.requestId,
      userId: 5,
      method: "GET",
      route: "/proposals",
      status: 200,
      durationMs: 12.3,
      worker: 1,
    });
  });

  it("names no user for an anonymous request, an error level for a 5xx and a client that went away", () => {
    expect(JSON.parse(requestLine({ ...REQUEST, userId: null }, "json"))).toMatchObject({ userId: null, level: "info" });
    expect(JSON.parse(requestLine({ ...REQUEST, status: 503 }, "json"))).toMatchObject({ level: "error", status: 503 });
    expect(JSON.parse(requestLine({ ...REQUEST, aborted: true }, "json"))).toMatchObject({ aborted: true });
    expect(JSON.parse(requestLine({ ...REQUEST, aborted: false }, "json"))).not.toHaveProperty("aborted");
  });

  it("reads as a sentence in text", () => {
    expect(requestLine(REQUEST, "text")).toBe(`2026-12-06T06:00:00.000Z GET /proposals 200 12.3 ms user=5 req=${REQUEST.requestId} worker=1`);
    expect(requestLine({ ...REQUEST, userId: null, durationMs: 0.04, aborted: true }, "text")).toBe(
      `2026-12-06T06:00:00.000Z GET /proposals 200 0.0 ms user=- req=${REQUEST.requestId} worker=1 aborted`,
    );
  });

  it("stays one line whatever the path holds", () => {
    const route = "/proposals/a b\nc\u2028d";
    expect(requestLine({ ...REQUEST, route }, "text")).toContain(" /proposals/a%20b%0Ac%E2%80%A8d 200 ");
    expect(requestLine({ ...REQUEST, route }, "json")).not.toContain("\n");
    expect(JSON.parse(requestLine({ ...REQUEST, route }, "json"))).toMatchObject({ route });
  });
});

describe("a message's line", () => {
  it("is JSON with level and msg, an error's message and stack in a field of its own", () => {
    const error = new TypeError("boom");
    const line = messageLine({ time: REQUEST.time, level: "error", msg: "Sending an answer failed", worker: 2, error: errorDetails(error) }, "json");
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      time: REQUEST.time,
      level: "error",
      msg: "Sending an answer failed",
      worker: 2,
      error: { message: "boom", stack: error.stack },
    });
    // the primary's lines name no worker
    expect(JSON.parse(messageLine({ time: REQUEST.time, level: "info", msg: "Tinh Gọn listening on http://127.0.0.1:3000 (1 worker)" }, "json"))).toEqual({
      time: REQUEST.time,
      level: "info",
      msg: "Tinh Gọn listening on http://127.0.0.1:3000 (1 worker)",
    });
  });

  it("reads as text with its level unless info, and the stack below", () => {
    expect(messageLine({ time: REQUEST.time, level: "info", msg: "Tinh Gọn listening on http://127.0.0.1:3000 (1 worker)" }, "text")).toBe(
      "2026-12-06T06:00:00.000Z Tinh Gọn listening on http://127.0.0.1:3000 (1 worker)",
    );
    expect(messageLine({ time: REQUEST.time, level: "warn", msg: "SESSION_SECRET is not set" }, "text")).toBe("2026-12-06T06:00:00.000Z WARN SESSION_SECRET is not set");
    const error = new Error("boom");
    expect(messageLine({ time: REQUEST.time, level: "error", msg: "A request failed", requestId: "abc", error: errorDetails(error) }, "text")).toBe(
      `2026-12-06T06:00:00.000Z ERROR A request failed req=abc\n${error.stack}`,
    );
    expect(messageLine({ time: REQUEST.time, level: "error", msg: "Unhandled rejection", error: errorDetails("gone") }, "text")).toBe("2026-12-06T06:00:00.000Z ERROR Unhandled rejection: gone");
  });

  it("describes whatever was thrown", () => {
    expect(errorDetails("text")).toEqual({ message: "text" });
    expect(errorDetails({ code: 7 })).toEqual({ message: "{ code: 7 }" });
    expect(errorDetails(new Error("x"))).toMatchObject({ message: "x", stack: expect.stringContaining("Error: x") as string });
  });
});

describe("a logger", () => {
  it("sends info to standard output, warnings and errors (and 5xx requests) to standard error", () => {
    const { lines, log } = recorded("json", 3);
    log.info("started");
    log.warn("careful");
    log.error("failed", { error: new Error("boom") });
    log.request({ requestId: "r1", userId: null, method: "GET", route: "/", status: 500, durationMs: 1 });
    expect(lines.map(({ level }) => level)).toEqual(["info", "warn", "error", "error"]);
    const parsed = lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line.worker)).toEqual([3, 3, 3, 3]);
    expect(parsed.every((line) => typeof line.time === "string" && !Number.isNaN(Date.parse(line.time)))).toBe(true);
  });

  it("names the running request on its lines, and the user the session lookup noted", async () => {
    const { lines, log } = recorded("json");
    const requestLog: RequestLog = { id: "req-1", userId: null };
    noteUser(9); // outside a request: nothing to note
    await withRequestLog(requestLog, async () => {
      await Promise.resolve();
      noteUser(5);
      log.error("failed");
    });
    expect(requestLog.userId).toBe(5);
    expect(currentRequestLog()).toBeUndefined();
    expect(JSON.parse(lines[0]!.line)).toMatchObject({ msg: "failed", requestId: "req-1" });
  });
});

describe("requestIdFrom", () => {
  it("keeps a short plain token a proxy sent", () => {
    for (const id of ["abc", "3f0c9a52-0d5e-4c36-9a53-1b8e0f1d2c3b", "lb.1_2-3", "x".repeat(64)]) expect(requestIdFrom(id)).toBe(id);
  });

  it("makes a new id for none, or for anything that could forge or flood a line", () => {
    for (const id of [undefined, "", "x".repeat(65), "a b", "a\nb", 'a"b', "a,b", "<script>", "ý"]) {
      expect(requestIdFrom(id), String(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
