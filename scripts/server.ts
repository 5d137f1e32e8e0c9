// The HTTP server: the primary process checks the environment, migrates, loads demo data into an
// empty database, brings stages and statuses up to today's effective dates, then starts
// WEB_CONCURRENCY workers (node:cluster, one per core by default) that serve the Remix app (the
// production build, or Vite's dev middleware outside production) on one port, sharing the WAL
// database. The primary also runs the job queue's runner (app/services/jobs/queue.server.ts): long
// jobs queued by any server, each run by one. A worker that dies is replaced; SIGINT or SIGTERM
// stops the runner and the workers, then the primary.
// Every process logs through app/log.server.ts, a line per request and per event, in LOG_FORMAT.
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
// the adapter's own conversion of an Express request (its handler is replaced below, not this)
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import onHeaders from "on-headers";
import { configuredLocation, migrateToLatest, openLocation, optimizeDatabase } from "../app/db.server";
import { EnvError, logFormat, parseEnv, type Env } from "../app/env.server";
import { expectedOrigin, isSameOrigin } from "../app/http.server";
import { translator } from "../app/i18n";
import { getLocale } from "../app/locale.server";
import { createLogger, requestIdFrom, withRequestLog, type RequestLog } from "../app/log.server";
import { effectiveDatesKeeper } from "../app/services/document-facts.server";
import { jobHandlers } from "../app/services/jobs/kinds.server";
import { jobRunner } from "../app/services/jobs/queue.server";
import { seedDemoDataIfEmpty } from "../db/seed";

const MAX_BODY_BYTES = 25 * 1024 * 1024;
const NOTHING_ALLOWED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A worker that died is replaced after this, doubled for each death in the last minute (at most 30 s). */
const RESPAWN_DELAY_MS = 250;
const RESPAWN_MAX_DELAY_MS = 30_000;
/** Workers still running this long after SIGTERM are killed. */
const STOP_TIMEOUT_MS = 8_000;

// made before the environment is checked, so that an invalid one is reported in the configured format
const log = createLogger(logFormat(), { worker: cluster.worker?.id });

const effectiveDatesFailed = (error: unknown) => log.error("Applying effective dates failed", { error });

async function primary() {
  const generatedSecret = !process.env.SESSION_SECRET;
  const env = parseEnv();
  if (generatedSecret && env.NODE_ENV === "production") {
    // one secret for every module that reads the environment later (the Remix build too) and for
    // every worker (they inherit this environment): a session made by one is valid on the others
    process.env.SESSION_SECRET = env.SESSION_SECRET;
    log.warn("SESSION_SECRET is not set: demo mode uses a random secret; sessions end when the server restarts.");
  }
  // the start is this process's alone: it may wait for another process's lock like any script
  const starting = openLocation(configuredLocation(env));
  const applied = await migrateToLatest(starting);
  if (applied.length) log.info(`Migrations applied: ${applied.join(", ")}`);
  if (env.DEMO_DATA === "1") await seedDemoDataIfEmpty(starting, { password: env.DEMO_PASSWORD, log: (line) => log.info(line) });
  await optimizeDatabase(starting);
  if (env.TINHGON_TODAY) log.warn(`TINHGON_TODAY=${env.TINHGON_TODAY}: today is fixed at that day (for tests only).`);
  // what became true on its effective date is true before anyone reads it: now, at each Vietnam
  // midnight (a queued job, one run for all the servers, for readers that are no requests: exports
  // by script, other processes) and before a worker's first request of a new day (its middleware)
  await effectiveDatesKeeper(starting).ensureToday();
  await starting.destroy();
  // from here on the primary hands connections to the workers: it must never wait synchronously
  const database = openLocation(configuredLocation(env), { role: "server" });
  const effectiveDates = effectiveDatesKeeper(database);
  effectiveDates.start((error) => log.error("Queueing the day's effective dates failed", { error }));
  // long jobs any server may run and none twice (a plan's commit, the day's effective dates): this
  // server's runner takes them one at a time from the database's queue
  const jobs = jobRunner(database, jobHandlers(effectiveDates), {
    onError: (error, job) => log.error(job ? `Job ${job.id} (${job.kind}) failed` : "The job runner failed", { error }),
  });
  jobs.start();

  const count = env.NODE_ENV === "production" ? env.WEB_CONCURRENCY : 1;
  let stopping = false;
  const deaths: number[] = [];
  // a worker's heap is capped (V8 otherwise lets it grow to a quarter of the machine's memory before
  // collecting much): its RSS stays bounded, and a leak ends one worker, which is replaced
  cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${env.WORKER_HEAP_MB}`] });
  const fork = () => cluster.fork();
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - 60_000) deaths.shift();
    const delay = Math.min(RESPAWN_DELAY_MS * 2 ** (deaths.length - 1), RESPAWN_MAX_DELAY_MS);
    log.error(`Worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); starting another in ${delay} ms.`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });
  for (let i = 0; i < count; i++) fork();
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === count) log.info(`Tinh Gọn listening on http://${env.HOST}:${env.PORT} (${count} worker${count === 1 ? "" : "s"})`);
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    effectiveDates.stop();
    // a job under way is stopped and handed back to the queue, for another server or the next start
    const jobsStopped = jobs.stop();
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker && !worker.isDead());
    const killer = setTimeout(() => workers.forEach((worker) => worker.process.kill("SIGKILL")), STOP_TIMEOUT_MS);
    void Promise.all([
      jobsStopped,
      ...workers.map((worker) => {
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
        worker.process.kill("SIGTERM");
        return exited;
      }),
    ])
      .then(() => clearTimeout(killer))
      .then(() => database.destroy())
      .finally(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
}

/** One worker: the environment (checked by the primary already) and the app, on the shared port. */
async function serveApp(env: Env) {
  const database = openLocation(configuredLocation(env), { role: "server" });
  const effectiveDates = effectiveDatesKeeper(database);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  // req.query is read only for the check of "_data" below (Remix reads the URL itself): Node's
  // querystring, not qs, which took 2% of a page's CPU
  app.set("query parser", "simple");

  // One log line per request, written when its answer is finished or its client gone. The path is
  // taken now, before a mounted middleware (/assets) shortens req.url; its query string never.
  app.use((req, res, next) => {
    const started = performance.now();
    const requestLog: RequestLog = { id: requestIdFrom(req.get("x-request-id")), userId: null };
    res.locals.requestLog = requestLog;
    res.setHeader("X-Request-Id", requestLog.id);
    const route = req.path;
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const durationMs = performance.now() - started;
      log.request({ requestId: requestLog.id, userId: requestLog.userId, method: req.method, route, status: res.statusCode, durationMs, aborted: !res.writableFinished });
    };
    res.once("finish", write);
    res.once("close", write);
    next();
  });

  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Secure cookies mean the site is served over https: browsers then never try it over http
    if (env.COOKIE_SECURE) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    res.locals.cspNonce = randomBytes(16).toString("base64");
    // Pages send their own policy (app/entry.server.tsx); everything else (downloads, JSON,
    // redirects, the refusals below, static files) gets one that allows nothing, in case a
    // browser ever renders it. Set as headers go out, since Remix appends rather than replaces.
    onHeaders(res, () => {
      if (!res.hasHeader("Content-Security-Policy")) res.setHeader("Content-Security-Policy", NOTHING_ALLOWED);
    });
    next();
  });

  app.use((_req, _res, next) => {
    effectiveDates.ensureToday().then(
      () => next(),
      (error: unknown) => {
        effectiveDatesFailed(error);
        next();
      },
    );
  });

  // Every mutating request must come from a page of this site (CSRF defence beside SameSite).
  app.use((req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const source = req.get("origin") ?? req.get("referer");
    if (!isSameOrigin(source, expectedOrigin(env.PUBLIC_URL, req.protocol, req.get("host")))) {
      return refuse(req, res, 403, "auth.badOrigin");
    }
    const length = Number(req.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) return refuse(req, res, 413, "pages.badRequest");
    // a chunked body declares no length, so the limit above could not hold; forms always declare one
    if (req.get("transfer-encoding")) return refuse(req, res, 411, "pages.badRequest");
    next();
  });

  // Single fetch asks for a page's data at "<page>.data". Remix still answers the old "?_data=<route>",
  // which no page of this app sends, logging each one as an error and failing (500) on a loader
  // that returns null: one more way into every loader, for nobody.
  app.use((req, res, next) => ("_data" in req.query ? refuse(req, res, 400, "pages.badRequest") : next()));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (env.NODE_ENV === "production") {
    const buildDirectory = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
    const client = path.join(buildDirectory, "client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    // the few files at the root (public/: the favicon), looked for only by their own names: a
    // static middleware over the whole folder asked the disk for every page's path first
    const rootFiles = new Set(fs.readdirSync(client).filter((name) => name !== "assets"));
    const publicFiles = express.static(client, { maxAge: "1h" });
    app.use((req, res, next) => (rootFiles.has(req.path.slice(1)) ? publicFiles(req, res, next) : next()));
    build = (await import(path.join(buildDirectory, "server/index.js"))) as ServerBuild;
  } else {
    const vite = await import("vite");
    const devServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  const handleRequest = createRequestHandler(build, env.NODE_ENV === "production" ? "production" : "development");
  app.all("*", (req, res, next) => {
    const requestLog = res.locals.requestLog as RequestLog;
    const loadContext = {
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce as string,
      worker: cluster.worker?.id ?? 0,
      requestLog,
    };
    // the app's code and its log lines run as this request's (app/log.server.ts)
    withRequestLog(requestLog, () =>
      handleRequest(createRemixRequest(req, res), loadContext)
        .then((response) => sendResponse(res, response))
        .catch(next),
    );
  });

  // Last resort: whatever escaped Remix gets a plain page in the user's language, never a trace.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return res.end();
    // a malformed URL or body is the client's fault (express marks those with a 4xx status)
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) return refuse(req, res, status, "pages.badRequest");
    log.error("A request failed", { error, requestId: (res.locals.requestLog as RequestLog).id });
    refuse(req, res, 500, "pages.error");
  });

  const server = app.listen(env.PORT, env.HOST);
  server.requestTimeout = 120_000;
  let closing = false;
  // the primary sends SIGTERM; a terminal's Ctrl-C reaches every process of the group
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      // answers under way are finished, idle kept-alive connections closed
      server.close(() => void database.destroy().finally(() => process.exit(0)));
      server.closeIdleConnections();
    });
  }
}

async function main() {
  if (cluster.isPrimary) return primary();
  return serveApp(parseEnv());
}

/**
 * A Remix answer written to the client as the client takes it. @remix-run/express wrote a body
 * without waiting for the socket to drain, so a streamed export sent to a slow client piled up in
 * memory, and it went on reading a body whose client had gone; piped, the body is read only as
 * fast as it is sent, and cancelled (its export stopped) when the connection closes.
 */
async function sendResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), res);
  } catch (error) {
    // the client went away: nothing to answer, and the body was cancelled
    if ((error as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    // the body failed after its headers were sent: the client sees the connection cut, not a whole file
    log.error("Sending an answer failed", { error });
    res.destroy();
  }
}

function refuse(req: Request, res: Response, status: number, key: "auth.badOrigin" | "pages.badRequest" | "pages.error") {
  const locale = getLocale(new Request("http://local/", { headers: { cookie: req.get("cookie") ?? "" } }));
  const text = translator(locale)(key);
  res.status(status).type("text/html; charset=utf-8").send(`<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>Tinh Gọn</title><p>${text}</p><p><a href="/">Tinh Gọn</a></p></html>`);
}

process.on("unhandledRejection", (reason) => log.error("Unhandled rejection", { error: reason }));

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    log.error(error.message);
  } else {
    log.error("The server stopped", { error });
  }
  process.exit(1);
});
