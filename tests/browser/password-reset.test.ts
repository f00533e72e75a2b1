/**
 * "Forgot your password?" in a real browser, against the real server and a real SMTP server:
 * sign-in page -> forgot page -> the mail -> its link -> the reset page with the live password
 * hints -> the sign-in page, which says the password changed -> the new password works. The two
 * new pages are checked with axe-core in light and dark. The site is the run's shared build.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type TestApp } from "../harness/app.ts";
import { uniqueEmail } from "../harness/http.ts";
import { resetLinkOf, type SmtpSink, startSmtpSink } from "../harness/smtp.ts";
import { me, signUp } from "../harness/tokens.ts";
import { ConsoleWatch, launchBrowser } from "./harness.ts";
import { axeViolations, signInLink } from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const NEW_PASSWORD = "Lidar-Sweep-81k";

let out: string;
let smtp: SmtpSink;
let app: TestApp;
let browser: Browser;

before(
  async () => {
    out = await builtWebsite();
    smtp = await startSmtpSink();
    app = await startApp(
      { name: "pglite", usesRedis: false },
      {
        env: {
          SITE_DIR: out,
          CONTENT_INDEX_PATH: join(out, "readerkit/content-index.json"),
          MAIL_URL: smtp.url,
        },
      },
    );
    browser = await launchBrowser();
  },
  { timeout: 240_000 },
);

after(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

describe("a reader who forgot their password", () => {
  let context: BrowserContext;
  let page: Page;
  let watch: ConsoleWatch;
  before(async () => {
    context = await browser.newContext({ baseURL: app.url });
    context.setDefaultTimeout(10_000);
    watch = new ConsoleWatch(context);
    page = await context.newPage();
  });
  after(() => context?.close());
  afterEach(() => watch.check());
  // The account is made through the token API without a profile: once signed in, the pages ask
  // for it and get a 404, which is what they expect of a reader who has not filled one in.
  const noProfileYet = { status: 404, method: "GET", path: "/api/profile" };

  const reader = { email: uniqueEmail("forgetful") };
  let link: URL;
  let oldAccessToken: string;

  test("asks for a link from the sign-in page and is told to look in the mailbox", async () => {
    const account = await signUp(app, {}, reader.email);
    oldAccessToken = account.accessToken;
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(`${app.url}/forgot-password`);
    await page.getByLabel("Email").fill(reader.email);
    await page.getByRole("button", { name: "Send the link" }).click();
    const answer = page.getByRole("status");
    await answer.getByText(`If an account exists for ${reader.email}`).waitFor();

    // The sign-up sent a verification mail to the same address first.
    const mail = await smtp.waitFor(reader.email, undefined, /^Reset your password/);
    link = resetLinkOf(mail);
    assert.equal(link.origin + link.pathname, `${app.url}/reset-password`, "the plugin's page");
  });

  test("sets a new password through the mail's link, with the live policy hints", async () => {
    watch.expect(noProfileYet);
    await page.goto(link.pathname + link.search);
    const password = page.getByLabel(/^New password/);
    await password.fill("short");
    const rules = page.locator("#rk-password-rules li");
    assert.ok((await rules.count()) >= 3, "the policy's rules are listed");
    await rules.filter({ hasText: "At least" }).getByText("(not yet)").waitFor();
    await password.fill(NEW_PASSWORD);
    await rules.filter({ hasText: "At least" }).getByText("(done)").waitFor();
    await page.getByLabel("Confirm password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Choose a new password" }).click();

    // Better Auth's reset does not sign in: the sign-in page says what happened.
    await page.waitForURL(`${app.url}/login?reset=done`);
    await page.getByText("Your password has been changed").waitFor();
    await page.reload();
    await page.getByText("Your password has been changed").waitFor();
    const refused = await me(app, oldAccessToken);
    assert.equal(refused.status, 401, "the old session's access token is refused");

    await page.getByLabel("Email").fill(reader.email);
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.url}/`);
    await signInLink(page).waitFor({ state: "hidden" });
  });

  test("the same link a second time says it is dead and offers a new one", async () => {
    watch.expect(noProfileYet, { status: 400, method: "POST", path: "/api/auth/reset-password" });
    await page.goto(link.pathname + link.search);
    await page.getByLabel(/^New password/).fill("Another-Pass-55z");
    await page.getByLabel("Confirm password").fill("Another-Pass-55z");
    await page.getByRole("button", { name: "Choose a new password" }).click();
    await page.getByRole("alert").getByText("was already used").waitFor();
    await page.getByRole("link", { name: "Send me a new link" }).click();
    await page.waitForURL(`${app.url}/forgot-password`);
  });
});

describe("the forgot and reset pages are accessible", () => {
  for (const scheme of ["light", "dark"] as const) {
    test(`in ${scheme} mode`, async () => {
      const context = await browser.newContext({ baseURL: app.url, colorScheme: scheme });
      const watch = new ConsoleWatch(context);
      try {
        const page = await context.newPage();
        for (const path of ["/forgot-password", "/reset-password?token=abc", "/reset-password"]) {
          assert.deepEqual(await axeViolations(page, path), [], `${path} (${scheme})`);
          assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        }
        watch.check();
      } finally {
        await context.close();
      }
    });
  }
});
