/**
 * Email verification in a real browser, against the real server and a real SMTP server.
 * EMAIL_VERIFICATION=required: sign-up says to check the mailbox, sign-in is refused with the
 * message and a resend button, the link from the mail verifies and signs in, then sign-in works.
 * optional: the profile page shows the banner with "Resend the link". The verify page and the
 * banner are checked with axe-core in light and dark. The site is the run's shared build.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type TestApp } from "../harness/app.ts";
import { GOOD_PASSWORD, uniqueEmail } from "../harness/http.ts";
import { resetLinkOf, type SmtpSink, startSmtpSink } from "../harness/smtp.ts";
import { ConsoleWatch, launchBrowser } from "./harness.ts";
import { axeScan, axeViolations, navbar, registerBeginner, signInLink } from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const SUBJECT = /^Confirm your email address/;

let smtp: SmtpSink;
let required: TestApp;
let optional: TestApp;
let browser: Browser;

before(
  async () => {
    const out = await builtWebsite();
    smtp = await startSmtpSink();
    const env = {
      SITE_DIR: out,
      CONTENT_INDEX_PATH: join(out, "readerkit/content-index.json"),
      MAIL_URL: smtp.url,
    };
    const pglite = { name: "pglite", usesRedis: false } as const;
    required = await startApp(pglite, { env: { ...env, EMAIL_VERIFICATION: "required" } });
    optional = await startApp(pglite, { env });
    browser = await launchBrowser();
  },
  { timeout: 240_000 },
);

after(async () => {
  await browser?.close();
  await required?.close();
  await optional?.close();
  await smtp?.close();
});

/** The link of the newest verification mail to `email`, as a path for page.goto. */
function latestLink(email: string): string {
  const mails = smtp.mails.filter((mail) => mail.to.includes(email) && SUBJECT.test(mail.subject));
  const last = mails.at(-1);
  assert.ok(last, `a verification mail to ${email}`);
  const link = resetLinkOf(last);
  return link.pathname + link.search;
}

async function signInThroughPage(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(GOOD_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

describe("EMAIL_VERIFICATION=required", () => {
  let context: BrowserContext;
  let page: Page;
  let watch: ConsoleWatch;
  const reader = { name: "Grace", email: uniqueEmail("required"), password: GOOD_PASSWORD };
  before(async () => {
    context = await browser.newContext({ baseURL: required.url });
    context.setDefaultTimeout(10_000);
    watch = new ConsoleWatch(context);
    page = await context.newPage();
  });
  after(() => context?.close());
  afterEach(() => watch.check());

  test("sign-up says to follow the mailed link; nobody is signed in yet", async () => {
    await page.goto("/register");
    await registerBeginner(page, reader);
    await page.getByRole("status").getByText(`we sent a link to ${reader.email}`).waitFor();
    await smtp.waitFor(reader.email, undefined, SUBJECT);
    await signInLink(page).waitFor();
  });

  test("sign-in is refused with the message and a resend button that mails a new link", async () => {
    watch.expect({ status: 403, method: "POST", path: "/api/auth/sign-in/email" });
    await signInThroughPage(page, reader.email);
    await page.getByRole("alert").getByText("Your email address is not verified yet").waitFor();
    assert.match(page.url(), /\/login$/, "still on the sign-in page");
    await page.getByRole("button", { name: "Resend the verification link" }).click();
    await page.getByRole("status").getByText(`We sent a new link to ${reader.email}`).waitFor();
    const sent = smtp.mails.filter((mail) => mail.to.includes(reader.email));
    assert.equal(sent.length, 2, "the sign-up mail and the new one");
  });

  test("the link from the mail verifies the address and signs the reader in, answers kept", async () => {
    await page.goto(latestLink(reader.email));
    await page.getByRole("status").getByText("Your email address is verified").waitFor();
    await navbar(page).getByRole("button", { name: reader.name }).waitFor();
    assert.deepEqual(await axeScan(page), [], "the verify page's success state");
    // The sign-up form's answers were saved with the account: nothing to answer again.
    await page.getByRole("link", { name: "Continue reading" }).waitFor();
    await page.goto("/profile");
    assert.equal(await page.getByLabel("Software experience level").inputValue(), "beginner");
    assert.ok(await page.getByRole("checkbox", { name: "Raspberry Pi" }).isChecked());
  });

  test("after signing out, signing in works", async () => {
    await context.clearCookies();
    await signInThroughPage(page, reader.email);
    await page.waitForURL(`${required.url}/`);
    await navbar(page).getByRole("button", { name: reader.name }).waitFor();
  });

  test("the used link says so and offers to sign in", async () => {
    watch.expect({ status: 400, method: "GET", path: "/api/auth/verify-email" });
    await page.goto(latestLink(reader.email));
    await page.getByRole("alert").getByText("This link was already used").waitFor();
  });
});

describe("EMAIL_VERIFICATION=optional: the profile page's banner", () => {
  test("shows for an unverified reader, resends the link, and goes once it is followed", async () => {
    const context = await browser.newContext({ baseURL: optional.url });
    context.setDefaultTimeout(10_000);
    const watch = new ConsoleWatch(context);
    try {
      const page = await context.newPage();
      const reader = { name: "Ada", email: uniqueEmail("optional"), password: GOOD_PASSWORD };
      await page.goto("/register");
      await registerBeginner(page, reader);
      await page.waitForURL(`${optional.url}/`);
      await page.goto("/profile");
      const banner = page.getByRole("region", { name: "Please verify your email address" });
      await banner.getByText(reader.email).waitFor();
      await banner.getByRole("button", { name: "Resend the link" }).click();
      await banner.getByRole("status").getByText(`We sent a new link to ${reader.email}`).waitFor();
      assert.equal(smtp.mails.filter((mail) => mail.to.includes(reader.email)).length, 2);

      await page.goto(latestLink(reader.email));
      await page.getByRole("status").getByText("Your email address is verified").waitFor();
      await page.goto("/profile");
      await page.getByText(`Signed in as ${reader.name}`).waitFor();
      assert.equal(await banner.count(), 0, "no banner once verified");
      watch.check();
    } finally {
      await context.close();
    }
  });
});

describe("the verify page and the banner are accessible", () => {
  for (const scheme of ["light", "dark"] as const) {
    test(`in ${scheme} mode`, async () => {
      const context = await browser.newContext({ baseURL: optional.url, colorScheme: scheme });
      const watch = new ConsoleWatch(context);
      try {
        const page = await context.newPage();
        watch.expect({ status: 401, method: "GET", path: "/api/auth/verify-email" });
        for (const path of ["/verify-email?token=abc", "/verify-email"]) {
          assert.deepEqual(await axeViolations(page, path), [], `${path} (${scheme})`);
          await page.getByRole("button", { name: "Send a new link" }).waitFor();
          assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        }
        const reader = {
          name: "Lin",
          email: uniqueEmail(`axe-${scheme}`),
          password: GOOD_PASSWORD,
        };
        await page.goto("/register");
        await registerBeginner(page, reader);
        await page.waitForURL(`${optional.url}/`);
        await page.goto("/profile");
        const banner = page.getByRole("region", { name: "Please verify your email address" });
        await banner.getByRole("button", { name: "Resend the link" }).click();
        await banner.getByRole("status").getByText("We sent a new link").waitFor();
        assert.deepEqual(await axeScan(page), [], `/profile with the banner (${scheme})`);
        watch.check();
      } finally {
        await context.close();
      }
    });
  }
});
