/**
 * Provider sign-in on a site hosted away from the server (the plugin's `serverUrl`): the site is
 * a build of website/ with READERKIT_SERVER_URL, served by `docusaurus serve` on
 * http://localhost:PORT, the server on http://127.0.0.1:PORT (another registrable domain, so its
 * SameSite=Lax session cookie never reaches the site's requests). Chromium on the SITE:
 * "Continue with Acme ID" -> the provider -> back on the site, signed in through the one-time
 * token of the URL fragment (gone from the address bar), the profile questions, a page adapted
 * to the answers. A used token leaves the reader a guest, and the login page says why; a token
 * this tab did not ask for is ignored.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type Background, background, freePort, REPO_NODE } from "../adoption/processes.ts";
import { uniqueEmail } from "../harness/http.ts";
import {
  type AppWithProvider,
  OIDC_NAME,
  type OidcAccount,
  type OidcProvider,
  startAppWithProvider,
} from "../harness/oidc.ts";
import { BIN, type ConsoleWatch, launchBrowser, ROOT } from "./harness.ts";
import {
  completeProfileAsBeginner,
  continueButton,
  openProviderContext,
  signInAtProvider,
} from "./oidc-pages.ts";
import {
  axeViolations,
  BEGINNER,
  expectedView,
  expectView,
  navbar,
  SENSORS,
  signInLink,
} from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const CHAPTER = "/chapters/sensors";
const PGLITE = { name: "pglite", usesRedis: false } as const;
const HANDOFF = "readerkit_handoff";
const VERIFY_PATH = "/api/auth/one-time-token/verify";

let started: AppWithProvider;
let op: OidcProvider;
let site: Background;
let siteOrigin: string;
let browser: Browser;

before(
  async () => {
    const serverPort = await freePort();
    const sitePort = await freePort();
    siteOrigin = `http://localhost:${sitePort}`;
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    // The server's origin is built into the site, so this build is this file's own.
    const out = await builtWebsite({ READERKIT_SERVER_URL: serverUrl, SITE_URL: siteOrigin });
    started = await startAppWithProvider(
      PGLITE,
      {
        CONTENT_INDEX_PATH: join(out, "readerkit/content-index.json"),
        TRUSTED_ORIGINS: siteOrigin,
        OIDC_NAME,
      },
      serverPort,
    );
    ({ op } = started);
    site = await background(
      join(BIN, "docusaurus"),
      ["serve", "--dir", out, "--host", "localhost", "--port", `${sitePort}`, "--no-open"],
      {
        cwd: join(ROOT, "website"),
        node: REPO_NODE,
        env: { CI: "true", READERKIT_SERVER_URL: serverUrl },
        ready: /Serving/,
      },
    );
    browser = await launchBrowser();
  },
  { timeout: 300_000 },
);

after(async () => {
  await browser?.close();
  await site?.stop();
  await started?.close();
});

/** A context on the site's origin, console watched, the provider's missing assets quiet. */
const openContext = (options: { colorScheme?: "light" | "dark" } = {}) =>
  openProviderContext(browser, op, { baseURL: siteOrigin, ...options });

/** Every URL the page's main frame navigated to (the fragment as it arrived). */
function navigations(page: Page): string[] {
  const seen: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) seen.push(frame.url());
  });
  return seen;
}

const withoutFragment = (page: Page) =>
  page.waitForFunction(() => window.location.hash === "", undefined, { timeout: 10_000 });

let usedToken = "";

describe("a reader of a site on another origin who signs in with the provider", () => {
  let context: BrowserContext;
  let page: Page;
  let watch: ConsoleWatch;
  let seen: string[];
  let reader: OidcAccount;
  before(async () => {
    ({ context, watch } = await openContext());
    page = await context.newPage();
    seen = navigations(page);
  });
  after(() => context?.close());
  afterEach(() => watch.check());

  test("comes back to the site signed in, the token gone from the address bar", async () => {
    reader = op.addAccount({ email: uniqueEmail("far"), emailVerified: true, name: "Ada Far" });
    watch.expect({ status: 404, method: "GET", path: "/api/profile" });
    await page.goto("/login");
    await continueButton(page).click();
    await signInAtProvider(page, op, reader.login);
    await page
      .waitForURL((url) => url.origin === siteOrigin && url.pathname === "/profile/complete")
      .catch((error: Error) => {
        throw new Error(`${error.message}\nthe page went to: ${seen.join(" ")}`);
      });
    const arrived = seen.map((href) => new URL(href)).find((url) => url.hash.includes(HANDOFF));
    assert.ok(arrived, `the handoff arrived in the fragment: ${seen.join(" ")}`);
    assert.equal(arrived.search, "", "never in the query");
    usedToken = new URLSearchParams(arrived.hash.slice(1)).get(HANDOFF) ?? "";
    await withoutFragment(page);
    assert.equal(page.url(), `${siteOrigin}/profile/complete`);
    await navbar(page).getByRole("button", { name: "Ada Far" }).waitFor();
    // The session token is kept as a password sign-in keeps it, not as a server cookie.
    const stored = await page.evaluate(() => localStorage.getItem("readerkit_session_token"));
    assert.ok(stored, "the session token is stored");
  });

  test("answers the profile questions and gets pages adapted to them", async () => {
    const missing = page.getByRole("main").getByRole("listitem");
    await missing.first().waitFor();
    assert.ok((await missing.count()) >= 3, "the questions still missing are listed");
    await completeProfileAsBeginner(page, siteOrigin);

    await page.goto(CHAPTER);
    await expectView(page, expectedView(BEGINNER, SENSORS));
    await navbar(page).getByRole("button", { name: "Ada Far" }).waitFor();
    await signInLink(page).waitFor({ state: "hidden" });
  });
});

describe("a handoff token that cannot sign anyone in", () => {
  test("a used one leaves the reader a guest, and the login page says why", async () => {
    assert.ok(usedToken, "the sign-in above ran");
    const { context, watch } = await openContext();
    try {
      const page = await context.newPage();
      // This tab starts a sign-in, then arrives with a token that was already used.
      await page.goto("/login");
      await continueButton(page).click();
      await page.waitForURL(`${op.issuer}/**`);
      watch.expect({ status: 400, method: "POST", path: VERIFY_PATH });
      await page.goto(`/#${HANDOFF}=${usedToken}`);
      await page.waitForURL((url) => url.pathname === "/login");
      assert.equal(new URL(page.url()).searchParams.get("error"), "handoff_invalid");
      await page
        .getByRole("alert")
        .getByText("This sign-in link was already used, has expired, or did not start here.")
        .waitFor();
      await signInLink(page).waitFor();
      assert.equal(
        await page.evaluate(() => localStorage.getItem("readerkit_session_token")),
        null,
      );
      watch.check();
    } finally {
      await context.close();
    }
  });

  test("one this tab did not ask for is ignored (a link cannot sign a reader into another account)", async () => {
    const { context, watch } = await openContext();
    try {
      const page = await context.newPage();
      const verified: string[] = [];
      page.on("request", (request) => {
        if (request.url().endsWith(VERIFY_PATH)) verified.push(request.url());
      });
      await page.goto(`${CHAPTER}#${HANDOFF}=${"x".repeat(32)}`);
      await withoutFragment(page);
      await signInLink(page).waitFor();
      assert.equal(page.url(), `${siteOrigin}${CHAPTER}`);
      assert.deepEqual(verified, [], "the token was not even tried");
      watch.check();
    } finally {
      await context.close();
    }
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`the login page saying so passes axe in ${scheme} mode`, async () => {
      const { context, watch } = await openContext({ colorScheme: scheme });
      try {
        const page = await context.newPage();
        const path = "/login?error=handoff_invalid";
        assert.deepEqual(await axeViolations(page, path), [], `${path} (${scheme})`);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        watch.check();
      } finally {
        await context.close();
      }
    });
  }
});
