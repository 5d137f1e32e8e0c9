import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { isIsoDate } from "./domain/dates";

const DEV_SESSION_SECRET = "dev-only-session-secret-not-for-production";

const LogFormatSchema = z.enum(["json", "text"], { message: "LOG_FORMAT must be json or text" }).optional();
export type LogFormat = NonNullable<z.output<typeof LogFormatSchema>>;

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_PATH: z.string().min(1).default(path.resolve("data/tinhgon.db")),
    // PostgreSQL instead of the SQLite file (issue 13): postgres://user:password@host:port/database
    DATABASE_URL: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === "") return undefined;
        if (!isPostgresUrl(value)) {
          ctx.addIssue({ code: "custom", message: "DATABASE_URL must be a PostgreSQL address, postgres://user:password@host:5432/database" });
          return z.NEVER;
        }
        return value;
      }),
    SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
    DEMO_DATA: z.enum(["0", "1"]).default("1"),
    COOKIE_SECURE: z.enum(["0", "1"]).optional(),
    DEMO_PASSWORD: z.string().min(10, "DEMO_PASSWORD must be at least 10 characters").default("tinhgon-demo-2025"),
    PUBLIC_URL: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === "") return undefined;
        const origin = siteOrigin(value);
        if (origin === null) {
          ctx.addIssue({ code: "custom", message: "PUBLIC_URL must be the site's address, scheme and host only, e.g. https://tinhgon.example.gov.vn" });
          return z.NEVER;
        }
        return origin;
      }),
    // worker processes serving requests (scripts/server.ts): one per core unless told
    WEB_CONCURRENCY: z.coerce.number().int().min(1, "WEB_CONCURRENCY must be at least 1").max(64, "WEB_CONCURRENCY must be at most 64").default(os.availableParallelism()),
    // each serving worker's V8 heap limit for long-lived objects (scripts/server.ts): a worker keeps
    // about 60 MB alive; the heavy jobs run in job processes of their own (app/services/jobs/)
    WORKER_HEAP_MB: z.coerce.number().int().min(64, "WORKER_HEAP_MB must be at least 64").max(16384, "WORKER_HEAP_MB must be at most 16384").default(256),
    // list exports streaming at once per user, across every worker (app/services/export-stream.server.ts)
    EXPORT_LIMIT_PER_USER: z.coerce.number().int().min(1, "EXPORT_LIMIT_PER_USER must be at least 1").max(100, "EXPORT_LIMIT_PER_USER must be at most 100").default(2),
    // one line per request and per event (app/log.server.ts): JSON for a log collector, or readable text
    LOG_FORMAT: LogFormatSchema,
    // tests only: the day todayIso() answers (app/domain/dates.ts reads it there)
    TINHGON_TODAY: z.string().refine(isIsoDate, "TINHGON_TODAY must be a date YYYY-MM-DD").optional(),
  })
  .transform((env, ctx) => {
    // A real deployment (DEMO_DATA=0) must bring its own secret. A production demo gets a
    // random one per process: safe, and its sessions simply end when the server restarts.
    if (!env.SESSION_SECRET && env.NODE_ENV === "production" && env.DEMO_DATA === "0") {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "SESSION_SECRET is required in production" });
      return z.NEVER;
    }
    const fallback = env.NODE_ENV === "production" ? randomBytes(32).toString("hex") : DEV_SESSION_SECRET;
    return {
      ...env,
      SESSION_SECRET: env.SESSION_SECRET ?? fallback,
      // Secure cookies need HTTPS; a deployment behind plain HTTP on an intranet can set COOKIE_SECURE=0
      COOKIE_SECURE: env.COOKIE_SECURE ? env.COOKIE_SECURE === "1" : env.NODE_ENV === "production",
      LOG_FORMAT: env.LOG_FORMAT ?? defaultLogFormat(env.NODE_ENV),
    };
  });

/** JSON lines in production, where a collector reads them; readable lines on a developer's terminal. */
function defaultLogFormat(nodeEnv: string | undefined): LogFormat {
  return nodeEnv === "production" ? "json" : "text";
}

/**
 * The log format parseEnv() gives, read before the rest of the environment is checked, so that
 * the server reports an invalid environment in the format its log collector expects.
 */
export function logFormat(source: Record<string, string | undefined> = process.env): LogFormat {
  const chosen = LogFormatSchema.safeParse(source.LOG_FORMAT);
  return (chosen.success ? chosen.data : undefined) ?? defaultLogFormat(source.NODE_ENV);
}

/** Whether `value` is a postgres:// (or postgresql://) address naming a host and a database. */
function isPostgresUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "" && url.pathname.length > 1;
}

/** The origin of an http(s) address that names a site and nothing more (no path, query, fragment or credentials). */
function siteOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const bare = !url.username && !url.password && url.pathname === "/" && !url.search && !url.hash && !value.endsWith("#") && !value.endsWith("?");
  return (url.protocol === "https:" || url.protocol === "http:") && bare ? url.origin : null;
}

export type Env = z.output<typeof EnvSchema>;

/** Parses the environment; a bad value is reported in one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`Invalid configuration: ${issue.path.join(".") || "env"}: ${issue.message}`);
  }
  return result.data;
}

export class EnvError extends Error {}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
