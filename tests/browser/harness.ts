/**
 * Shared parts of the browser tests: building the example site, launching Debian's Chromium
 * through playwright-core, and watching every page's console for errors and hydration warnings.
 */
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, type ConsoleMessage, chromium } from "playwright-core";
import { REPO_NODE, type RunResult, run } from "../adoption/processes.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = join(ROOT, "node_modules/.bin");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * `docusaurus build` of the site in `siteDir` into `outDir`, on the repository's Node; the plugin
 * is the compiled one (`npm run build:packages`). Output is kept for failures.
 */
export function buildSite(
  siteDir: string,
  outDir: string,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return run(join(BIN, "docusaurus"), ["build", "--out-dir", outDir], {
    cwd: siteDir,
    node: REPO_NODE,
    env,
  });
}

/** A failed request the scenario causes on purpose (the browser logs it as a console error). */
export type ExpectedFailure = { status: number; method?: string; path: string };

type Logged = { kind: string; text: string; url: string; page: string };

const HYDRATION =
  /hydrat|did not match|server rendered|Minified React error #(?:418|423|425)|react\.dev\/errors\/(?:418|423|425)/i;
const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})/;

/**
 * Records console errors and warnings, uncaught page errors and failed API requests of every
 * page in a context. `check()` fails the test on any hydration message and on any error except
 * the "Failed to load resource" lines of requests the scenario expects to fail, matched by
 * status, method and path.
 */
export class ConsoleWatch {
  readonly logged: Logged[] = [];
  /** API answers >= 400 seen by the browser, as "STATUS METHOD /path". */
  readonly failedRequests: string[] = [];
  private expected: ExpectedFailure[] = [];

  constructor(context: BrowserContext) {
    context.on("console", (message: ConsoleMessage) => {
      const kind = message.type();
      if (kind !== "error" && kind !== "warning") return;
      this.logged.push({
        kind,
        text: message.text(),
        url: message.location().url,
        page: message.page()?.url() ?? "",
      });
    });
    context.on("weberror", (error) => {
      this.logged.push({
        kind: "pageerror",
        text: String(error.error().stack ?? error.error().message),
        url: "",
        page: error.page()?.url() ?? "",
      });
    });
    context.on("response", (response) => {
      if (response.status() < 400) return;
      const url = new URL(response.url());
      this.failedRequests.push(
        `${response.status()} ${response.request().method()} ${url.pathname}`,
      );
    });
  }

  /** Allows these failures until the next `check()`. */
  expect(...failures: ExpectedFailure[]): void {
    this.expected.push(...failures);
  }

  private isExpected(entry: Logged): boolean {
    const match = FAILED_RESOURCE.exec(entry.text);
    if (entry.kind !== "error" || !match || entry.url === "") return false;
    const status = Number(match[1]);
    const path = new URL(entry.url).pathname;
    return this.expected.some((failure) => {
      if (failure.status !== status || failure.path !== path) return false;
      if (failure.method === undefined) return true;
      return this.failedRequests.includes(`${status} ${failure.method} ${path}`);
    });
  }

  /** Asserts a clean console since the last check, then starts over. */
  check(): void {
    const entries = this.logged.splice(0);
    const hydration = entries.filter((entry) => HYDRATION.test(entry.text));
    assert.deepEqual(hydration, [], "hydration warnings or errors in the browser console");
    const unexpected = entries.filter(
      (entry) => entry.kind !== "warning" && !this.isExpected(entry),
    );
    this.expected = [];
    this.failedRequests.splice(0);
    // Other warnings do not fail the test, but are shown so they do not go unnoticed.
    for (const entry of entries)
      if (entry.kind === "warning")
        console.log(`# browser warning on ${entry.page}: ${entry.text}`);
    assert.deepEqual(unexpected, [], "unexpected errors in the browser console");
  }
}
