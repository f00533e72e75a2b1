/**
 * The devices list of /profile in a real browser: two browsers signed in as one reader each see
 * both devices, "This device" on their own; signing the other one out from the page ends it at
 * once (its next API call is refused, its JWT too), and "Sign out everywhere else" ends the
 * rest. The list is checked with axe-core in light and dark.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeSharedBackends, startApp, type TestApp } from "../harness/app.ts";
import { availableBackends } from "../harness/backends.ts";
import { GOOD_PASSWORD } from "../harness/http.ts";
import { me, signUpWithProfile } from "../harness/tokens.ts";
import { ConsoleWatch, launchBrowser } from "./harness.ts";
import { axeViolations, signInLink } from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const FIREFOX_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0";

let app: TestApp;
let browser: Browser;

before(
  async () => {
    const out = await builtWebsite();
    const backends = await availableBackends();
    // Postgres with Redis when there: sessions then live in Better Auth's secondary storage too.
    const backend = backends.find((b) => b.name === "postgres") ?? backends[0];
    assert.ok(backend);
    app = await startApp(backend, {
      env: { SITE_DIR: out, CONTENT_INDEX_PATH: `${out}/readerkit/content-index.json` },
    });
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await app?.close();
  await closeSharedBackends();
});

/** A reader with a complete profile, made through the API. */
const readerWithProfile = () => signUpWithProfile(app);

type Device = { context: BrowserContext; page: Page; watch: ConsoleWatch };

/** A browser of its own (user agent, address as a local proxy reports it), signed in by its page. */
async function signedInDevice(
  email: string,
  userAgent: string,
  ip: string,
  colorScheme: "light" | "dark" = "light",
): Promise<Device> {
  const context = await browser.newContext({
    baseURL: app.url,
    userAgent,
    colorScheme,
    extraHTTPHeaders: { "x-forwarded-for": ip },
  });
  context.setDefaultTimeout(10_000);
  const watch = new ConsoleWatch(context);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(GOOD_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${app.url}/`);
  await signInLink(page).waitFor({ state: "hidden" });
  return { context, page, watch };
}

const devicesList = (page: Page) => page.getByRole("region", { name: "Devices" });
const entries = (page: Page) => devicesList(page).getByRole("listitem");

/** What the page shows for each device, one line each. */
async function shownDevices(page: Page): Promise<string[]> {
  return (await entries(page).allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim());
}

/** An API call made by the page itself, with its cookie: what "signed out" means to it. */
const pageCallsMe = (page: Page) =>
  page.evaluate(async () => (await fetch("/api/me", { credentials: "same-origin" })).status);

describe("the devices on /profile", () => {
  test("two browsers, one reader: both listed, this device marked; signing the other out ends it", async () => {
    const reader = await readerWithProfile();
    const windows = await signedInDevice(reader.email, CHROME_WINDOWS, "203.0.113.77");
    const mac = await signedInDevice(
      reader.email,
      FIREFOX_MAC,
      "2001:db8:85a3:8d3:1319:8a2e:370:7348",
    );
    try {
      // The Mac also holds an access JWT (as a page talking to another service would).
      const macJwt = await mac.page.evaluate(
        async () => ((await (await fetch("/api/auth/token")).json()) as { token: string }).token,
      );
      assert.equal((await me(app, macJwt)).status, 200);

      await windows.page.goto("/profile");
      await entries(windows.page).nth(2).waitFor(); // the token API sign-up, the Mac, Windows
      const shown = await shownDevices(windows.page);
      const own = shown.filter((line) => line.includes("This device"));
      assert.equal(own.length, 1, shown.join("\n"));
      assert.match(
        own[0] ?? "",
        /^Chrome on Windows This device Network 203\.0\.113\.x · Active now/,
      );
      const macLine = shown.find((line) => line.startsWith("Firefox on macOS"));
      assert.match(macLine ?? "", /Network 2001:db8:85a3::\/48 · Active (now|\d+ seconds? ago)/);
      assert.ok(!shown.join(" ").includes("203.0.113.77"), "never the full address");
      assert.ok(!shown.join(" ").includes("8a2e"), "never the full address");

      // The Mac sees the same two browsers, with "This device" on itself.
      await mac.page.goto("/profile");
      await entries(mac.page).nth(2).waitFor();
      const fromMac = await shownDevices(mac.page);
      assert.match(
        fromMac.find((line) => line.includes("This device")) ?? "",
        /^Firefox on macOS This device/,
      );
      assert.equal(await pageCallsMe(mac.page), 200);

      // Windows signs the Mac out from the page.
      await devicesList(windows.page)
        .getByRole("button", { name: /^Sign out Firefox on macOS, Network 2001:db8:85a3::\/48$/ })
        .click();
      await devicesList(windows.page)
        .getByRole("status")
        .getByText("Firefox on macOS was signed out.")
        .waitFor();
      // The list is read again: the Mac's entry goes (the status may come first).
      await entries(windows.page).filter({ hasText: "Firefox" }).waitFor({ state: "detached" });
      assert.equal(await entries(windows.page).count(), 2);
      assert.ok(!(await shownDevices(windows.page)).some((line) => line.includes("Firefox")));

      // The Mac's next API call is refused, and so is its JWT; Windows carries on.
      mac.watch.expect({ status: 401, method: "GET", path: "/api/me" });
      assert.equal(await pageCallsMe(mac.page), 401);
      assert.equal((await me(app, macJwt)).status, 401);
      await mac.page.reload();
      await signInLink(mac.page).waitFor();
      assert.equal(await pageCallsMe(windows.page), 200);
      mac.watch.check();
      windows.watch.check();
    } finally {
      await windows.context.close();
      await mac.context.close();
    }
  });

  test("sign out everywhere else leaves only this device", async () => {
    const reader = await readerWithProfile();
    const windows = await signedInDevice(reader.email, CHROME_WINDOWS, "203.0.113.77");
    const mac = await signedInDevice(reader.email, FIREFOX_MAC, "198.51.100.4");
    try {
      await windows.page.goto("/profile");
      await entries(windows.page).nth(2).waitFor();
      await devicesList(windows.page)
        .getByRole("button", { name: "Sign out everywhere else" })
        .click();
      await devicesList(windows.page).getByText("Every other device was signed out.").waitFor();
      await devicesList(windows.page).getByText("You are not signed in anywhere else.").waitFor();
      assert.equal(await entries(windows.page).count(), 1);
      assert.equal((await me(app, reader.accessToken)).status, 401, "the token API's session");
      mac.watch.expect({ status: 401, method: "GET", path: "/api/me" });
      assert.equal(await pageCallsMe(mac.page), 401);
      assert.equal(await pageCallsMe(windows.page), 200);
      mac.watch.check();
      windows.watch.check();
    } finally {
      await windows.context.close();
      await mac.context.close();
    }
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`the devices list passes axe in ${scheme} mode`, async () => {
      const reader = await readerWithProfile();
      const device = await signedInDevice(reader.email, CHROME_WINDOWS, "203.0.113.77", scheme);
      try {
        assert.deepEqual(await axeViolations(device.page, "/profile"), [], `/profile (${scheme})`);
        // Checked with the whole list shown: a badge and a "Sign out" button among them.
        assert.equal(await entries(device.page).count(), 2);
        await devicesList(device.page).getByText("This device").waitFor();
        // The token API's sign-up: no browser named, from this machine.
        await devicesList(device.page)
          .getByRole("button", {
            name: "Sign out Unknown browser on unknown system, Local network",
            exact: true,
          })
          .waitFor();
        assert.equal(
          await device.page.evaluate(() => document.documentElement.dataset.theme),
          scheme,
        );
        device.watch.check();
      } finally {
        await device.context.close();
      }
    });
  }
});
