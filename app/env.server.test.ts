import os from "node:os";
import { describe, expect, it } from "vitest";
import { EnvError, logFormat, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("gives the documented defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.DEMO_DATA).toBe("1");
    expect(env.DATABASE_PATH).toMatch(/data\/tinhgon\.db$/);
    expect(env.WEB_CONCURRENCY).toBe(os.availableParallelism());
  });

  it("takes a number of workers from 1 to 64", () => {
    expect(parseEnv({ WEB_CONCURRENCY: "3" }).WEB_CONCURRENCY).toBe(3);
    for (const bad of ["0", "-1", "1.5", "two", "65"]) expect(() => parseEnv({ WEB_CONCURRENCY: bad }), bad).toThrow(/^Invalid configuration: WEB_CONCURRENCY: /);
  });

  it("takes at most 2 exports per user at once unless told, from 1 to 100", () => {
    expect(parseEnv({}).EXPORT_LIMIT_PER_USER).toBe(2);
    expect(parseEnv({ EXPORT_LIMIT_PER_USER: "5" }).EXPORT_LIMIT_PER_USER).toBe(5);
    for (const bad of ["0", "-1", "1.5", "many", "101"]) expect(() => parseEnv({ EXPORT_LIMIT_PER_USER: bad }), bad).toThrow(/^Invalid configuration: EXPORT_LIMIT_PER_USER: /);
  });

  it("caps a worker's heap at 256 MB unless told, from 64 MB", () => {
    expect(parseEnv({}).WORKER_HEAP_MB).toBe(256);
    expect(parseEnv({ WORKER_HEAP_MB: "512" }).WORKER_HEAP_MB).toBe(512);
    for (const bad of ["0", "63", "1.5", "lots", "20000"]) expect(() => parseEnv({ WORKER_HEAP_MB: bad }), bad).toThrow(/^Invalid configuration: WORKER_HEAP_MB: /);
  });

  it("takes DATABASE_URL as a PostgreSQL address naming a host and a database, or nothing (SQLite)", () => {
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "postgres://tinhgon:secret@db.example.gov.vn:5432/tinhgon" }).DATABASE_URL).toBe("postgres://tinhgon:secret@db.example.gov.vn:5432/tinhgon");
    expect(parseEnv({ DATABASE_URL: "postgresql://127.0.0.1/tinhgon" }).DATABASE_URL).toBe("postgresql://127.0.0.1/tinhgon");
    for (const bad of ["mysql://h/db", "postgres://h", "postgres:///db", "tinhgon.db", "not a url"]) {
      expect(() => parseEnv({ DATABASE_URL: bad }), bad).toThrow(/^Invalid configuration: DATABASE_URL: DATABASE_URL must be a PostgreSQL address/);
    }
  });

  it("stops on a bad value with a one-line reason naming the variable", () => {
    expect(() => parseEnv({ PORT: "abc" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "abc" })).toThrow(/^Invalid configuration: PORT: /);
    expect(() => parseEnv({ DEMO_DATA: "yes" })).toThrow(/DEMO_DATA/);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => parseEnv({ TINHGON_TODAY: "31/02/2027" })).toThrow(/TINHGON_TODAY/);
    expect(parseEnv({ TINHGON_TODAY: "2027-02-01" }).TINHGON_TODAY).toBe("2027-02-01");
  });

  it("requires SESSION_SECRET for a real production deployment", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DEMO_DATA: "0" })).toThrow(/SESSION_SECRET is required/);
    expect(parseEnv({ NODE_ENV: "production", DEMO_DATA: "0", SESSION_SECRET: "a-long-enough-secret" }).SESSION_SECRET).toBe(
      "a-long-enough-secret",
    );
  });

  it("gives a production demo a random secret, never a fixed one", () => {
    const a = parseEnv({ NODE_ENV: "production" }).SESSION_SECRET;
    const b = parseEnv({ NODE_ENV: "production" }).SESSION_SECRET;
    expect(a).not.toBe(b);
    expect(a).toHaveLength(64);
  });

  it("makes cookies Secure in production unless told otherwise", () => {
    expect(parseEnv({ NODE_ENV: "production" }).COOKIE_SECURE).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", COOKIE_SECURE: "0" }).COOKIE_SECURE).toBe(false);
    expect(parseEnv({}).COOKIE_SECURE).toBe(false);
  });

  it("writes logs as JSON lines in production and as readable text otherwise, unless LOG_FORMAT says", () => {
    expect(parseEnv({ NODE_ENV: "production" }).LOG_FORMAT).toBe("json");
    expect(parseEnv({}).LOG_FORMAT).toBe("text");
    expect(parseEnv({ NODE_ENV: "test" }).LOG_FORMAT).toBe("text");
    expect(parseEnv({ NODE_ENV: "production", LOG_FORMAT: "text" }).LOG_FORMAT).toBe("text");
    expect(parseEnv({ LOG_FORMAT: "json" }).LOG_FORMAT).toBe("json");
    for (const bad of ["", "JSON", "pretty", "json "]) {
      expect(() => parseEnv({ LOG_FORMAT: bad }), bad).toThrow(/^Invalid configuration: LOG_FORMAT: LOG_FORMAT must be json or text$/);
    }
  });

  it("knows the log format before the rest of the environment is checked, as parseEnv gives it", () => {
    expect(logFormat({ NODE_ENV: "production", PORT: "abc" })).toBe("json");
    expect(logFormat({ PORT: "abc" })).toBe("text");
    expect(logFormat({ NODE_ENV: "production", LOG_FORMAT: "text", PORT: "abc" })).toBe("text");
    // an invalid one (which parseEnv refuses) falls back to the default, in which the refusal is reported
    expect(logFormat({ NODE_ENV: "production", LOG_FORMAT: "pretty" })).toBe("json");
    for (const source of [{}, { NODE_ENV: "production" }, { LOG_FORMAT: "json" }, { NODE_ENV: "production", LOG_FORMAT: "text" }]) {
      expect(logFormat(source)).toBe(parseEnv(source).LOG_FORMAT);
    }
  });

  it("takes PUBLIC_URL as the site's origin and refuses anything that is more or less than one", () => {
    expect(parseEnv({}).PUBLIC_URL).toBeUndefined();
    expect(parseEnv({ PUBLIC_URL: "" }).PUBLIC_URL).toBeUndefined();
    expect(parseEnv({ PUBLIC_URL: "https://TinhGon.example.gov.vn/" }).PUBLIC_URL).toBe("https://tinhgon.example.gov.vn");
    expect(parseEnv({ PUBLIC_URL: "https://tinhgon.example:443" }).PUBLIC_URL).toBe("https://tinhgon.example");
    expect(parseEnv({ PUBLIC_URL: "http://10.0.0.5:8080" }).PUBLIC_URL).toBe("http://10.0.0.5:8080");
    for (const bad of ["tinhgon.example", "ftp://tinhgon.example", "https://tinhgon.example/app", "https://a@tinhgon.example", "https://tinhgon.example/?x=1", "https://tinhgon.example/#", "garbage"]) {
      expect(() => parseEnv({ PUBLIC_URL: bad }), bad).toThrow(/^Invalid configuration: PUBLIC_URL: /);
    }
  });
});
