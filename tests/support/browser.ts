import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { startServer, type ServerOptions, type TestServer } from "./server";

// Browser tests drive the Debian Chromium through playwright-core: one browser per test file,
// a fresh context (cookies, storage) per scenario.

export const CHROMIUM_PATH = "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

// Playwright's actions wait up to this long; shorter than the test's own timeout, so a missing
// element fails with the locator's name rather than a bare "test timed out".
const ACTION_TIMEOUT_MS = 10_000;

/**
 * A new context whose relative URLs (page.goto("/login")) resolve against the server under test.
 * The server runs as in production, so its session cookie is Secure: Chromium keeps Secure
 * cookies on http://127.0.0.1 (a potentially trustworthy origin), so COOKIE_SECURE stays on.
 */
export async function newContext(browser: Browser, baseURL: string, options: PageOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: "vi-VN",
    javaScriptEnabled: options.javaScript ?? true,
    ...(options.width ? { viewport: { width: options.width, height: 844 } } : {}),
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context;
}

export interface PageOptions {
  /** false: the page as it works before (or without) JavaScript. */
  javaScript?: boolean;
  /** The viewport's width in CSS pixels (390: a phone), 1280 wide otherwise. */
  width?: number;
}

/** The server under test with a browser pointed at it: one of each per test file. */
export interface BrowserTest {
  server: TestServer;
  /** A page in a fresh context (its own cookies), whose relative URLs go to the server. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Closes the browser and stops the server (deleting its database). */
  stop(): Promise<void>;
}

export async function startBrowserTest(options: ServerOptions = {}): Promise<BrowserTest> {
  const server = await startServer(options);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    newPage: async (options) => (await newContext(browser, server.url, options)).newPage(),
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

/** Signs in through the login form and waits until the app has left the login page. */
export async function login(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(credentials.email);
  await page.locator('input[name="password"]').fill(credentials.password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login"),
    page.getByRole("button", { name: "Đăng nhập" }).click(),
  ]);
}

/**
 * Waits until React has hydrated the element (it then carries React's internal keys), so that
 * what a test does next runs the client-side code rather than the plain HTML form.
 */
export async function waitForHydration(page: Page, selector = "main"): Promise<void> {
  await page.waitForFunction((target) => {
    const element = document.querySelector(target);
    return element !== null && Object.keys(element).some((key) => key.startsWith("__reactFiber$"));
  }, selector);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/**
 * Runs axe-core on the page and returns the serious and critical violations. The source is
 * evaluated rather than added as a <script>: the app's CSP refuses inline scripts without its
 * nonce, and page.evaluate is not subject to CSP.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const violations = await axeViolations(page);
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/**
 * Every violation axe-core finds, of any impact: of the rules with one of `tags` (e.g. "wcag2a"),
 * or of the named `rules` alone (which runs them even when axe calls them experimental), or of
 * axe's default rules.
 */
export async function axeViolations(page: Page, options: { tags?: string[]; rules?: string[] } = {}): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const runOnly = options.rules ? { type: "rule", values: options.rules } : options.tags ? { type: "tag", values: options.tags } : undefined;
  return page.evaluate(async (only) => {
    const results = await (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, only ? { runOnly: only } : {});
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
  }, runOnly);
}

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[];
}

/** Asserts that axe finds nothing serious or critical, listing what it found otherwise. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const violations = await axe(page);
  expect(violations, `${page.url()}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}
