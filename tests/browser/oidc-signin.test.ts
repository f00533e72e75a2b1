/**
 * Sign-in with an OpenID Connect provider in a real browser, against a real OpenID Provider
 * (oidc-provider) started here: /login -> "Continue with Acme ID" -> the provider's login form ->
 * back on /profile/complete -> the profile -> pages adapted to it, and an access JWT shaped like
 * a password reader's. A refused sign-in (an unverified provider email matching an account) is
 * said on the login page. Pages with the buttons pass axe in light and dark; a server without
 * providers shows none.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import { decodeJwt } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type TestApp } from "../harness/app.ts";
import { uniqueEmail } from "../harness/http.ts";
import {
  type AppWithProvider,
  OIDC_NAME,
  type OidcAccount,
  type OidcProvider,
  startAppWithProvider,
} from "../harness/oidc.ts";
import { signedInBrowser, signUp } from "../harness/tokens.ts";
import { type ConsoleWatch, launchBrowser } from "./harness.ts";
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
  SENSORS,
  signInLink,
} from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const CHAPTER = "/chapters/sensors";
const PGLITE = { name: "pglite", usesRedis: false } as const;

let out: string;
let started: AppWithProvider;
let op: OidcProvider;
let app: TestApp;
let browser: Browser;

before(
  async () => {
    out = await builtWebsite();
    started = await startAppWithProvider(PGLITE, { ...siteEnv(), OIDC_NAME });
    ({ op, app } = started);
    browser = await launchBrowser();
  },
  { timeout: 240_000 },
);

after(async () => {
  await browser?.close();
  await started?.close();
});

function siteEnv() {
  return { SITE_DIR: out, CONTENT_INDEX_PATH: join(out, "readerkit/content-index.json") };
}

/** A watched context on our site (or on `baseURL`), the provider's missing assets quiet. */
const openContext = (options: { baseURL?: string; colorScheme?: "light" | "dark" } = {}) =>
  openProviderContext(browser, op, { baseURL: app.url, ...options });

describe("a reader who signs in with the OpenID Connect provider", () => {
  let context: BrowserContext;
  let page: Page;
  let watch: ConsoleWatch;
  before(async () => {
    ({ context, watch } = await openContext());
    page = await context.newPage();
  });
  after(() => context?.close());
  afterEach(() => watch.check());

  let reader: OidcAccount;

  test("lands on the profile questions after a first sign-in", async () => {
    reader = op.addAccount({
      email: uniqueEmail("sso"),
      emailVerified: true,
      name: "Grace Hopper",
    });
    // A new reader has no profile yet: the pages ask for it and get a 404, as they expect.
    watch.expect({ status: 404, method: "GET", path: "/api/profile" });
    await page.goto("/login");
    await continueButton(page).click();
    await signInAtProvider(page, op, reader.login);
    await page.waitForURL(`${app.url}/profile/complete`);
    const missing = page.getByRole("main").getByRole("listitem");
    await missing.first().waitFor();
    assert.ok((await missing.count()) >= 3, "the questions still missing are listed");
  });

  test("completes the profile and gets pages adapted to it", async () => {
    await completeProfileAsBeginner(page, app.url);

    await page.goto(CHAPTER);
    await expectView(page, expectedView(BEGINNER, SENSORS));
    assert.ok(await page.getByRole("tab", { name: "Python", selected: true }).first().isVisible());
    await signInLink(page).waitFor({ state: "hidden" });
  });

  test("gets an access JWT with the same claims as a password reader's", async () => {
    const token = await page.evaluate(async () => {
      const answer = await fetch("/api/auth/token");
      return ((await answer.json()) as { token: string }).token;
    });
    const claims = decodeJwt(token);
    assert.equal(claims.email, reader.email.toLowerCase());
    assert.equal(claims.name, "Grace Hopper");
    assert.equal(claims.profileComplete, true);
    const password = await signUp(app);
    const { token: passwordJwt } = await signedInBrowser(app, password.email);
    assert.deepEqual(Object.keys(claims).sort(), Object.keys(decodeJwt(passwordJwt)).sort());
  });

  test("signing in again comes back to the page it started from", async () => {
    await context.clearCookies();
    await page.goto(`/login?redirect=${encodeURIComponent(CHAPTER)}`);
    await continueButton(page).click();
    await signInAtProvider(page, op, reader.login);
    await page.waitForURL(`${app.url}${CHAPTER}`);
    await expectView(page, expectedView(BEGINNER, SENSORS));
  });
});

describe("a refused provider sign-in", () => {
  test("an unverified provider email matching an account is said on the login page", async () => {
    const existing = await signUp(app);
    const mallory = op.addAccount({ email: existing.email, emailVerified: false, name: "M" });
    const { context, watch } = await openContext();
    try {
      const page = await context.newPage();
      await page.goto("/register");
      await continueButton(page).click();
      await signInAtProvider(page, op, mallory.login);
      await page.waitForURL(`${app.url}/login?error=account_not_linked`);
      await page
        .getByRole("alert")
        .getByText("An account with this email address already exists.")
        .waitFor();
      await signInLink(page).waitFor();
      watch.check();
    } finally {
      await context.close();
    }
  });
});

describe("the provider buttons", () => {
  test("are real buttons with a visible keyboard focus", async () => {
    const context = await browser.newContext({ baseURL: app.url });
    try {
      const page = await context.newPage();
      await page.goto("/login");
      const button = continueButton(page);
      await button.waitFor();
      assert.equal(await button.getAttribute("type"), "button");
      await button.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      const outline = await button.evaluate((element) => {
        const style = getComputedStyle(element);
        return { focused: element.matches(":focus-visible"), style: style.outlineStyle };
      });
      assert.deepEqual(outline, { focused: true, style: "solid" });
    } finally {
      await context.close();
    }
  });

  test("are absent when the server has no provider", async () => {
    const bare = await startApp(PGLITE, { env: siteEnv() });
    const { context } = await openContext({ baseURL: bare.url });
    try {
      const page = await context.newPage();
      for (const path of ["/login", "/register"]) {
        const providers = page.waitForResponse((r) => r.url().endsWith("/api/auth/providers"));
        await page.goto(path);
        assert.deepEqual(await (await providers).json(), []);
        await page.waitForFunction(() => document.documentElement.dataset.hasHydrated === "true");
        assert.equal(await page.getByRole("button", { name: /^Continue with/ }).count(), 0);
      }
    } finally {
      await context.close();
      await bare.close();
    }
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`pass axe on /login and /register in ${scheme} mode`, async () => {
      const { context, watch } = await openContext({ colorScheme: scheme });
      try {
        const page = await context.newPage();
        for (const path of ["/login", "/register", "/login?error=state_mismatch"]) {
          assert.deepEqual(await axeViolations(page, path), [], `${path} (${scheme})`);
          assert.ok(await continueButton(page).isVisible(), `${path}: the button is there`);
          assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        }
        watch.check();
      } finally {
        await context.close();
      }
    });
  }
});
