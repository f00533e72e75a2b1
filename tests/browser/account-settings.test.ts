/**
 * The Account section of /profile in a real browser, against the real server, database and an
 * SMTP server: change password (the old one and other sessions' tokens refused afterwards),
 * change email (mail to the new address, its link, the new address signs in, the old one told),
 * download my data (a JSON file with the profile), delete my account (every personal row gone,
 * the audit row of the deletion kept). The page is checked with axe-core in light and dark.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, afterEach, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeSharedBackends, startApp, type TestApp } from "../harness/app.ts";
import { availableBackends } from "../harness/backends.ts";
import { GOOD_PASSWORD, uniqueEmail, waitFor } from "../harness/http.ts";
import { FULL } from "../harness/profiles.ts";
import { resetLinkOf, type SmtpSink, startSmtpSink } from "../harness/smtp.ts";
import { me, signedInBrowser, signIn, signUpWithProfile } from "../harness/tokens.ts";
import { ConsoleWatch, launchBrowser } from "./harness.ts";
import { axeScan, axeViolations, signInLink } from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const NEW_PASSWORD = "Gimbal-Lock-73w";

let smtp: SmtpSink;
let app: TestApp;
let browser: Browser;

before(
  async () => {
    const out = await builtWebsite();
    smtp = await startSmtpSink();
    const backends = await availableBackends();
    const backend = backends.find((b) => b.name === "postgres") ?? backends[0];
    assert.ok(backend);
    app = await startApp(backend, {
      env: {
        SITE_DIR: out,
        CONTENT_INDEX_PATH: `${out}/readerkit/content-index.json`,
        MAIL_URL: smtp.url,
        SITE_TITLE: "Robotics Book",
      },
    });
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
  await closeSharedBackends();
});

/** A reader with a complete profile, made through the API. */
const readerWithProfile = () => signUpWithProfile(app);

async function signInThroughPage(page: Page, email: string, password = GOOD_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${app.url}/`);
  await signInLink(page).waitFor({ state: "hidden" });
}

const account = (page: Page) => page.getByRole("region", { name: "Account" });

describe("the Account section of /profile", () => {
  let context: BrowserContext;
  let page: Page;
  let watch: ConsoleWatch;
  let reader: Awaited<ReturnType<typeof readerWithProfile>>;
  let email: string;

  before(async () => {
    reader = await readerWithProfile();
    email = reader.email;
    context = await browser.newContext({ baseURL: app.url, acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    watch = new ConsoleWatch(context);
    page = await context.newPage();
    await signInThroughPage(page, email);
  });
  after(() => context?.close());
  afterEach(() => watch.check());

  test("change password: the current one is checked, other devices are signed out", async () => {
    const other = await signedInBrowser(app, email);
    await page.goto("/profile");
    const section = account(page);
    await section.getByRole("heading", { name: "Change password" }).waitFor();

    watch.expect({ status: 400, method: "POST", path: "/api/auth/change-password" });
    await section.getByLabel("Current password").fill("Not-My-Pass-99");
    await section.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await section.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await section.getByRole("button", { name: "Change password" }).click();
    const wrong = page.locator("#rk-currentPassword-error");
    await wrong.getByText("This is not your current password.").waitFor();
    assert.equal(await page.getByLabel("Current password").getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "rk-currentPassword");

    await section.getByLabel("Current password").fill(GOOD_PASSWORD);
    await section.getByRole("button", { name: "Change password" }).click();
    await section.getByText("Every other device was signed out").waitFor();

    assert.equal((await signIn(app, email)).status, 401, "the old password is refused");
    assert.equal((await me(app, other.token)).status, 401, "another session's JWT is refused");
    assert.equal((await me(app, reader.accessToken)).status, 401, "the token API's too");
    // This device carries on with its new session.
    await page.reload();
    await account(page).getByRole("heading", { name: "Change email" }).waitFor();
    assert.equal((await signIn(app, email, NEW_PASSWORD)).status, 200);
  });

  test("change email: a link to the new address, which then signs in; the old one is told", async () => {
    const newEmail = uniqueEmail("moved");
    await page.goto("/profile");
    const section = account(page);
    await section.getByLabel("New email").fill(newEmail);
    await section.getByRole("button", { name: "Send the link" }).click();
    await section.getByText(`We sent a link to ${newEmail}`).waitFor();
    const user = () =>
      app.admin
        .selectFrom("users")
        .select("email")
        .where("id", "=", reader.userId)
        .executeTakeFirstOrThrow();
    assert.equal((await user()).email, email, "nothing changes before the link is followed");

    const link = resetLinkOf(await smtp.waitFor(newEmail, 8000, /new email address/));
    assert.equal(link.origin + link.pathname, `${app.url}/verify-email`);
    await page.goto(link.pathname + link.search);
    await waitFor("the address to change", user, (row) => row.email === newEmail);
    const notice = await smtp.waitFor(email, 8000, /was changed/);
    assert.ok(notice.text.includes(newEmail), notice.text);

    await page.goto("/profile");
    await page.getByText(`(${newEmail})`).waitFor();
    assert.equal((await signIn(app, newEmail, NEW_PASSWORD)).status, 200, "the new address");
    assert.equal((await signIn(app, email, NEW_PASSWORD)).status, 401, "not the old one");
    email = newEmail;
  });

  test("download my data: a JSON file with the account and the profile", async () => {
    await page.goto("/profile");
    const section = account(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: "Download my data" }).click(),
    ]);
    const today = new Date();
    const day = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
      .map((n) => String(n).padStart(2, "0"))
      .join("-");
    assert.equal(download.suggestedFilename(), `readerkit-data-${day}.json`);
    const data = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(data.user.id, reader.userId);
    assert.equal(data.user.email, email);
    assert.equal(data.profile.profileComplete, true);
    assert.deepEqual(
      data.profile.softwareBackground.programmingLanguages,
      FULL.softwareBackground.programmingLanguages,
    );
    assert.doesNotMatch(JSON.stringify(data), /"password"|token_hash/);
    await section.getByText(`Your data was saved as readerkit-data-${day}.json.`).waitFor();
  });

  test("delete my account: what goes is listed, the password confirms, every personal row goes", async () => {
    await page.goto("/profile");
    const section = account(page);
    await section.getByText("Deleting your account cannot be undone").waitFor();
    await section.getByRole("button", { name: "Delete my account…" }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "rk-deletePassword");

    watch.expect({ status: 403, method: "DELETE", path: "/api/account" });
    await section.getByLabel("Your password").fill("Not-My-Pass-99");
    await section.getByRole("button", { name: "Delete my account permanently" }).click();
    await page.locator("#rk-deletePassword-error").getByText("This is not your password").waitFor();
    assert.equal(await countPersonalRows(reader.userId).then((rows) => rows.users), 1);

    // Better Auth's sign-out of a session the deletion already ended answers an error.
    watch.expect(
      { status: 401, path: "/api/auth/sign-out" },
      { status: 400, path: "/api/auth/sign-out" },
    );
    await section.getByLabel("Your password").fill(NEW_PASSWORD);
    await section.getByRole("button", { name: "Delete my account permanently" }).click();
    await page.waitForURL(`${app.url}/?account=deleted`);
    await page
      .getByRole("status")
      .getByText("Your account and everything it held have been deleted")
      .waitFor();
    await signInLink(page).waitFor();
    assert.deepEqual(await axeScan(page), [], "the home page with the notice");

    assert.deepEqual(await countPersonalRows(reader.userId), {
      users: 0,
      session: 0,
      account: 0,
      profiles: 0,
      software_backgrounds: 0,
      hardware_backgrounds: 0,
      user_preferences: 0,
      token_sessions: 0,
    });
    await app.context.logs.flush();
    const audit = await app.admin
      .selectFrom("audit_logs")
      .select(["action", "old_values", "new_values"])
      .where("user_id", "=", reader.userId)
      .where("action", "=", "delete")
      .execute();
    assert.deepEqual(audit, [{ action: "delete", old_values: null, new_values: null }]);
    assert.equal((await signIn(app, email, NEW_PASSWORD)).status, 401);
  });
});

/** The reader's rows in every table that holds personal data (logs are kept, stripped). */
async function countPersonalRows(userId: string) {
  const db = app.admin;
  const byUserId = async (
    table:
      | "profiles"
      | "software_backgrounds"
      | "hardware_backgrounds"
      | "user_preferences"
      | "token_sessions",
  ) =>
    (await db.selectFrom(table).select("user_id").where("user_id", "=", userId).execute()).length;
  return {
    users: (await db.selectFrom("users").select("id").where("id", "=", userId).execute()).length,
    session: (await db.selectFrom("session").select("id").where("userId", "=", userId).execute())
      .length,
    account: (await db.selectFrom("account").select("id").where("userId", "=", userId).execute())
      .length,
    profiles: await byUserId("profiles"),
    software_backgrounds: await byUserId("software_backgrounds"),
    hardware_backgrounds: await byUserId("hardware_backgrounds"),
    user_preferences: await byUserId("user_preferences"),
    token_sessions: await byUserId("token_sessions"),
  };
}

describe("the Account section is accessible", () => {
  for (const scheme of ["light", "dark"] as const) {
    test(`in ${scheme} mode`, async () => {
      const reader = await readerWithProfile();
      const context = await browser.newContext({ baseURL: app.url, colorScheme: scheme });
      const watch = new ConsoleWatch(context);
      try {
        const page = await context.newPage();
        await signInThroughPage(page, reader.email);
        assert.deepEqual(await axeViolations(page, "/profile"), [], `/profile (${scheme})`);
        await account(page).getByRole("heading", { name: "Delete my account" }).waitFor();
        // The confirmation step too, with its error shown.
        watch.expect({ status: 403, method: "DELETE", path: "/api/account" });
        await page.getByRole("button", { name: "Delete my account…" }).click();
        await page.getByLabel("Your password").fill("Not-My-Pass-99");
        await page.getByRole("button", { name: "Delete my account permanently" }).click();
        await page.locator("#rk-deletePassword-error").waitFor();
        assert.deepEqual(await axeScan(page), [], `/profile, deletion step (${scheme})`);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        watch.check();
      } finally {
        await context.close();
      }
    });
  }
});
