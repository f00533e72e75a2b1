/**
 * The example book in a real browser (Debian's Chromium through playwright-core), served by the
 * real server on one origin: what a reader sees as they register, change their profile, reload,
 * navigate, sign out, get a form wrong, or read without JavaScript. Every test also fails on
 * console errors (except the API answers its scenario expects) and on hydration warnings.
 *
 * The site is the shared build of the run (site-build.ts).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { startApp, type TestApp } from "../harness/app.ts";
import { Client } from "../harness/http.ts";
import { ConsoleWatch, launchBrowser } from "./harness.ts";
import {
  axeViolations,
  BEGINNER,
  EXPERT,
  expectedView,
  expectView,
  focusedId,
  framesOf,
  navbar,
  panelsOf,
  readView,
  registerBeginner,
  registerResponseStatus,
  SENSORS,
  sampleFrames,
  signInLink,
  signUpPrompt,
  unlabelledControls,
  withoutServerPersona,
} from "./page-view.ts";
import { builtWebsite } from "./site-build.ts";

const CHAPTER = "/chapters/sensors";
const PASSWORD = "Robot-Arm-42x";
const READER = { name: "Ada Lovelace", email: "ada@example.com" };

let out: string;
let app: TestApp;
let browser: Browser;
let permalinks: Map<string, string>;

before(
  async () => {
    out = await builtWebsite();
    const index = JSON.parse(await readFile(join(out, "readerkit/content-index.json"), "utf8")) as {
      docs: { permalink: string; title: string }[];
    };
    permalinks = new Map(index.docs.map((doc) => [doc.permalink, doc.title]));
    app = await startApp(
      { name: "pglite", usesRedis: false },
      { env: { SITE_DIR: out, CONTENT_INDEX_PATH: join(out, "readerkit/content-index.json") } },
    );
    browser = await launchBrowser();
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await app?.close();
});

type Session = { context: BrowserContext; page: Page; watch: ConsoleWatch };

async function openSession(options: BrowserContextOptions = {}): Promise<Session> {
  const context = await browser.newContext({ baseURL: app.url, ...options });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const watch = new ConsoleWatch(context);
  return { context, page: await context.newPage(), watch };
}

const accountButton = (page: Page) => navbar(page).getByRole("button", { name: READER.name });

// --- Scenarios -----------------------------------------------------------------------------

describe("a reader's journey: register, adapt, reload, navigate, sign out", () => {
  let session: Session;
  before(async () => {
    session = await openSession();
  });
  after(async () => {
    await session?.context.close();
  });
  afterEach(() => session.watch.check());

  test("registering as a beginner in Python on a Raspberry Pi adapts a chapter", async () => {
    const { page } = session;
    const served = await page.goto("/register");
    // The pages run under the build's CSP; any violation would be a console error (checked).
    assert.match(served?.headers()["content-security-policy"] ?? "", /script-src 'self' 'sha256-/);
    await registerBeginner(page, { ...READER, password: PASSWORD });
    await page.waitForURL(`${app.url}/`);
    assert.ok(await accountButton(page).isVisible(), "the navbar shows the reader's name");
    assert.equal(await signUpPrompt(page).isVisible(), false, "no sign-up prompt for a reader");

    await page.goto(CHAPTER);
    await expectView(page, expectedView(BEGINNER, SENSORS));
    assert.ok(await page.getByText("Accuracy vs precision").isVisible(), "the beginner tip");
    assert.equal(
      await page.getByText("Quantisation, aliasing and Allan variance").isVisible(),
      false,
      "the advanced note is hidden",
    );
    const pythonTab = page.getByRole("tab", { name: "Python", selected: true }).first();
    assert.ok(await pythonTab.isVisible(), "the Python tab is selected");
    assert.equal(
      await page.getByRole("tab", { name: "C++", selected: true }).count(),
      0,
      "no C++ tab is selected",
    );
    assert.ok(
      await page.getByRole("tab", { name: "Raspberry Pi", selected: true }).isVisible(),
      "the Raspberry Pi setup tab is selected",
    );
    assert.ok(await page.getByText("sudo raspi-config nonint do_i2c 0").first().isVisible());
  });

  test("changing the profile to expert in C++ on a Jetson adapts the chapter", async () => {
    const { page } = session;
    await page.goto("/profile");
    const save = page.getByRole("button", { name: "Save profile" });
    await save.waitFor();
    await page.getByRole("checkbox", { name: "Python", exact: true }).uncheck();
    await page.getByRole("checkbox", { name: "C++", exact: true }).check();
    await page.getByLabel("Software experience level").selectOption("expert");
    await page.getByRole("checkbox", { name: "Raspberry Pi" }).uncheck();
    await page.getByRole("checkbox", { name: "NVIDIA Jetson" }).check();
    await save.click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    await page.goto(CHAPTER);
    await expectView(page, expectedView(EXPERT, SENSORS));
    assert.equal(await page.getByText("Accuracy vs precision").isVisible(), false);
    assert.ok(await page.getByText("Quantisation, aliasing and Allan variance").isVisible());
    assert.ok(await page.getByRole("tab", { name: "C++", selected: true }).first().isVisible());
    assert.ok(await page.getByRole("tab", { name: "NVIDIA Jetson", selected: true }).isVisible());
  });

  test("a reload paints the expert variant from the first frame, with and without the server's help", async () => {
    for (const headScriptOnly of [false, true]) {
      const page = await session.context.newPage();
      try {
        await page.addInitScript({ content: `(${sampleFrames})(${readView});` });
        const rewritten = headScriptOnly ? await withoutServerPersona(page) : () => 0;
        await page.goto(CHAPTER);
        assert.equal(rewritten(), headScriptOnly ? 1 : 0, "pages served without the attributes");
        await accountButton(page).waitFor();
        await expectView(page, expectedView(EXPERT, SENSORS));
        const frames = await framesOf(page);
        const label = headScriptOnly ? "head script alone" : "server + head script";
        assert.ok(frames.length > 0, `${label}: no frame was painted with the article`);
        assert.ok(
          frames.some((frame) => !frame.hydrated),
          `${label}: no frame was painted before hydration, so first paint was not observed`,
        );
        // No painted frame shows another variant. Once the HTML is parsed, every frame shows
        // exactly the expert panels; while it is still arriving, a frame may show only part of
        // the page (a tab set whose C++ panel is not parsed yet shows no panel at all).
        const expected = panelsOf(expectedView(EXPERT, SENSORS));
        const flashes = frames.filter((frame) => {
          const seen = panelsOf(frame);
          if (!frame.parsing) return !isDeepStrictEqual(seen, expected);
          return (
            seen.beginnerTips.some(Boolean) ||
            !seen.advancedNotes.every(Boolean) ||
            seen.code.some((shown) => shown !== "" && shown !== "cpp") ||
            seen.boards.some((shown) => shown !== "" && shown !== "jetson")
          );
        });
        assert.deepEqual(flashes, [], `${label}: frames that showed another variant`);
        // React marks a tab selected only after hydration, and then only the reader's own.
        const wrongTab = frames.filter((frame) =>
          [...frame.code, ...frame.boards].some(
            (set) => set.selected !== null && set.selected !== set.shown,
          ),
        );
        assert.deepEqual(wrongTab, [], `${label}: frames with another tab marked selected`);
      } finally {
        await page.close();
      }
    }
  });

  test("client-side navigation keeps the reader signed in and the pages adapted", async () => {
    const { page } = session;
    await page.goto(CHAPTER);
    await page.reload();
    await accountButton(page).waitFor();
    await expectView(page, expectedView(EXPERT, SENSORS));
    await page.evaluate(() => Object.assign(window, { __rkSamePage: true }));
    const sidebar = page.getByRole("navigation", { name: "Docs sidebar" });

    await sidebar.getByRole("link", { name: "Kinematics", exact: true }).click();
    await page.waitForURL(`${app.url}/chapters/kinematics`);
    await page.getByRole("heading", { level: 1, name: "Kinematics" }).waitFor();
    await expectView(page, expectedView(EXPERT, { code: 2, boards: 0 }));

    await sidebar.getByRole("link", { name: "Feedback Control", exact: true }).click();
    await page.waitForURL(`${app.url}/chapters/control`);
    await page.getByRole("heading", { level: 1, name: "Feedback Control" }).waitFor();
    await expectView(page, expectedView(EXPERT, { code: 1, boards: 1 }));
    assert.equal(
      await page.evaluate(() => "__rkSamePage" in window),
      true,
      "the sidebar links navigated client-side (no full page load)",
    );
    assert.ok(await accountButton(page).isVisible(), "still signed in after navigating");
  });

  test("the learning path and recommendations on the home page link to real chapters", async () => {
    const { page } = session;
    await page.goto("/");
    const panels = [
      page.getByRole("region", { name: "Your learning path" }),
      page.getByRole("region", { name: "Recommended for you" }),
    ];
    const targets: string[] = [];
    for (const panel of panels) {
      const links = panel.locator("[data-rk-reader-only] a");
      await links.first().waitFor();
      for (const href of await links.evaluateAll((anchors) =>
        anchors.map((anchor) => anchor.getAttribute("href") ?? ""),
      ))
        targets.push(href);
      assert.equal(
        await panel.locator("[data-rk-guest-only]").isVisible(),
        false,
        "no guest invitation for a reader",
      );
    }
    assert.ok(targets.length >= 2, `expected suggestions, got ${JSON.stringify(targets)}`);
    for (const href of targets) {
      assert.ok(permalinks.has(href), `${href} is not in the content index`);
      const response = await page.request.get(href);
      assert.equal(response.status(), 200, `GET ${href}`);
    }

    const first = panels[0]?.locator("[data-rk-reader-only] a").first();
    assert.ok(first);
    const href = (await first.getAttribute("href")) ?? "";
    await first.click();
    await page.waitForURL(`${app.url}${href}`);
    const title = permalinks.get(href) ?? "";
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    assert.match(
      await page.title(),
      new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\|`),
    );
  });

  test("signing out shows the guest view: sign-up prompt, Sign in, default persona", async () => {
    const { page } = session;
    await page.goto("/");
    await accountButton(page).click();
    await navbar(page).getByRole("button", { name: "Sign out" }).click();
    await signUpPrompt(page).waitFor({ state: "visible" });
    assert.ok(await signInLink(page).isVisible(), "the navbar shows Sign in");
    assert.equal(await accountButton(page).isVisible(), false, "no reader name in the navbar");
    const path = page.getByRole("region", { name: "Your learning path" });
    assert.ok(await path.getByText("Sign up and tell us your background").isVisible());
    const cookies = await session.context.cookies();
    assert.deepEqual(
      cookies.filter((cookie) => cookie.name === "readerkit_persona"),
      [],
      "the persona cookie is gone",
    );

    await page.goto(CHAPTER);
    await expectView(page, expectedView(BEGINNER, SENSORS));
    await page.reload();
    await signInLink(page).waitFor();
    await expectView(page, expectedView(BEGINNER, SENSORS));
  });
});

describe("account forms", () => {
  const taken = { name: "Grace Hopper", email: "grace@example.com" };
  let session: Session;
  before(async () => {
    const created = await new Client(app.url).post("/api/auth/sign-up/email", {
      ...taken,
      password: PASSWORD,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    session = await openSession();
  });
  after(async () => {
    await session?.context.close();
  });
  afterEach(() => session.watch.check());

  test("a wrong password on /login shows a plain message", async () => {
    const { page, watch } = session;
    watch.expect({ status: 401, method: "POST", path: "/api/auth/sign-in/email" });
    await page.goto("/login");
    await page.getByLabel("Email").fill(taken.email);
    await page.getByLabel("Password").fill("Wrong-Password-1");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.equal(
      (await alert.textContent())?.trim(),
      "That email and password do not match an account.",
    );
    assert.ok(await signInLink(page).isVisible(), "still a guest");
  });

  test("registering a taken email on /register says so next to the email field", async () => {
    const { page, watch } = session;
    await page.goto("/register");
    const status = await registerResponseStatus(page, async () => {
      await page.getByLabel("Name").fill("Someone Else");
      await page.getByLabel("Email").fill(taken.email);
      await page.getByLabel(/^Password/).fill(PASSWORD);
      await page.getByLabel("Confirm password").fill(PASSWORD);
      await page.getByRole("checkbox", { name: "Python", exact: true }).check();
      await page.getByLabel("Software experience level").selectOption("beginner");
      await page.getByRole("checkbox", { name: "Arduino" }).check();
      await page.getByLabel("Robotics experience").selectOption("hobbyist");
      await page.getByLabel("Electronics knowledge").selectOption("basic");
      await page.getByRole("button", { name: "Create your account" }).click();
    });
    assert.ok(status >= 400 && status < 500, `sign-up of a taken email answered ${status}`);
    watch.expect({ status, method: "POST", path: "/api/auth/sign-up/email" });
    const email = page.getByLabel("Email");
    const error = page.locator("#rk-email-error");
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      "An account with this email already exists. Sign in instead?",
    );
    assert.equal(await email.getAttribute("aria-invalid"), "true");
    assert.match((await email.getAttribute("aria-describedby")) ?? "", /\brk-email-error\b/);
    assert.equal(
      await email.evaluate((input) => input === document.activeElement),
      true,
      "focus is on the email field",
    );
    assert.ok(
      await page.getByRole("main").getByRole("link", { name: "Sign in instead" }).isVisible(),
    );
  });

  test("/login: labelled fields, empty submit focuses the first one, keyboard-only sign-in", async () => {
    const { page, watch } = session;
    // This reader was created through the API and has no profile yet.
    watch.expect({ status: 404, method: "GET", path: "/api/profile" });
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.hasHydrated === "true");
    assert.deepEqual(await unlabelledControls(page), [], "controls without a label");
    assert.equal(await page.getByLabel("Email").getAttribute("type"), "email");
    assert.equal(await page.getByLabel("Password").getAttribute("type"), "password");

    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    assert.equal(await focusedId(page), "rk-email", "empty submit focuses the email field");
    assert.equal(
      (await page.locator("#rk-email-error").textContent())?.trim(),
      "Enter your email address.",
    );
    assert.equal(await page.getByLabel("Email").getAttribute("aria-invalid"), "true");

    // Keyboard only from the top of the page: Tab to the email field, type, Tab, type, Enter.
    await page.goto("/login");
    await page.waitForFunction(() => document.documentElement.dataset.hasHydrated === "true");
    let presses = 0;
    while ((await focusedId(page)) !== "rk-email") {
      assert.ok(++presses <= 30, "the email field is reachable with Tab");
      await page.keyboard.press("Tab");
    }
    await page.keyboard.type(taken.email);
    await page.keyboard.press("Tab");
    assert.equal(await focusedId(page), "rk-password", "Tab moves from email to password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${app.url}/`);
    await navbar(page).getByRole("button", { name: taken.name }).waitFor();

    await navbar(page).getByRole("button", { name: taken.name }).click();
    await navbar(page).getByRole("button", { name: "Sign out" }).click();
    await signInLink(page).waitFor();
  });

  test("a reader without a profile is asked to complete it", async () => {
    const { page, watch } = session;
    watch.expect({ status: 404, method: "GET", path: "/api/profile" });
    await page.goto("/login");
    await page.getByLabel("Email").fill(taken.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${app.url}/`);
    const path = page.getByRole("region", { name: "Your learning path" });
    await path.getByText("Your suggestions need a complete profile.").waitFor();
    await path.getByRole("link", { name: "Complete your profile" }).click();
    await page.waitForURL(`${app.url}/profile/complete`);
    const missing = page.getByRole("main").getByRole("listitem");
    await missing.first().waitFor();
    assert.deepEqual(await missing.allTextContents(), [
      "Programming languages you use",
      "Software experience level",
      "Boards you have used",
      "Robotics experience",
      "Electronics knowledge",
    ]);
    await navbar(page).getByRole("button", { name: taken.name }).click();
    await navbar(page).getByRole("button", { name: "Sign out" }).click();
    await signInLink(page).waitFor();
  });

  test("/register: every control is labelled and an empty submit focuses the first field", async () => {
    const { page } = session;
    await page.goto("/register");
    await page.waitForFunction(() => document.documentElement.dataset.hasHydrated === "true");
    assert.deepEqual(await unlabelledControls(page), [], "controls without a label");
    assert.equal(await page.getByLabel("Email").getAttribute("type"), "email");
    assert.equal(await page.getByLabel(/^Password/).getAttribute("type"), "password");
    await page.getByRole("button", { name: "Create your account" }).click();
    assert.equal(await focusedId(page), "rk-name", "empty submit focuses the name field");
    assert.equal(await page.getByLabel("Name").getAttribute("aria-invalid"), "true");
    assert.ok(await page.getByText("Tell us what to call you.").isVisible());
  });
});

describe("accessibility: axe-core scan (WCAG 2.1 A and AA) of every page kind", () => {
  const reader = { name: "Alan Turing", email: "alan@example.com" };
  let session: Session;
  before(async () => {
    session = await openSession();
  });
  after(async () => {
    await session?.context.close();
  });
  afterEach(() => session.watch.check());

  const GUEST_PAGES = [
    "/",
    "/login",
    "/register",
    CHAPTER,
    "/projects/line-follower",
    "/guides/authors",
  ];
  for (const path of GUEST_PAGES) {
    test(`a guest's ${path} has no violations`, async () => {
      assert.deepEqual(await axeViolations(session.page, path), []);
    });
  }

  test("a reader's /profile/complete, /profile, home page and chapter have no violations", async () => {
    const { context, page, watch } = session;
    // The request context shares the browser's cookies: this signs the browser in.
    const headers = { origin: app.url };
    const signUp = await context.request.post("/api/auth/sign-up/email", {
      data: { ...reader, password: PASSWORD },
      headers,
    });
    assert.equal(signUp.status(), 200, await signUp.text());
    watch.expect({ status: 404, method: "GET", path: "/api/profile" });
    assert.deepEqual(await axeViolations(page, "/profile/complete"), [], "/profile/complete");

    const created = await context.request.post("/api/profile", {
      data: {
        softwareBackground: {
          programmingLanguages: ["Python"],
          frameworks: [],
          experienceLevel: "beginner",
          specializations: [],
        },
        hardwareBackground: {
          familiarPlatforms: ["Raspberry Pi"],
          roboticsExperience: "none",
          electronicsKnowledge: "basic",
          preferredTools: [],
        },
      },
      headers,
    });
    assert.equal(created.status(), 201, await created.text());
    for (const path of ["/profile", "/", CHAPTER]) {
      assert.deepEqual(await axeViolations(page, path), [], path);
    }
    await navbar(page).getByRole("button", { name: reader.name }).waitFor();
  });

  test("in dark mode (the system's preference) the profile page and a chapter have no violations", async () => {
    const { page } = session;
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      for (const path of ["/profile", CHAPTER]) {
        assert.deepEqual(await axeViolations(page, path), [], path);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
      }
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
  });
});

describe("readers without JavaScript", () => {
  let session: Session;
  before(async () => {
    session = await openSession({ javaScriptEnabled: false });
  });
  after(async () => {
    await session?.context.close();
  });
  afterEach(() => session.watch.check());

  test("with an expert C++ Jetson persona cookie, the first load shows that variant", async () => {
    const { context, page } = session;
    await context.addCookies([
      {
        name: "readerkit_persona",
        value: "level:expert,language:cpp,platform:jetson",
        url: app.url,
      },
    ]);
    await page.goto(CHAPTER);
    await expectView(page, expectedView(EXPERT, SENSORS, false), 0);
    assert.ok(await page.getByText("Quantisation, aliasing and Allan variance").isVisible());
    assert.equal(await page.getByText("Accuracy vs precision").isVisible(), false);
    assert.ok(await page.getByText("sudo i2cdetect -y -r 7").first().isVisible());
    await page.goto("/");
    assert.equal(await signUpPrompt(page).isVisible(), false, "no sign-up prompt for a reader");
    await context.clearCookies();
  });

  test("a guest sees the default persona and the sign-up prompt", async () => {
    const { page } = session;
    await page.goto(CHAPTER);
    await expectView(page, expectedView(BEGINNER, SENSORS, false), 0);
    await page.goto("/");
    assert.ok(await signUpPrompt(page).isVisible(), "the sign-up prompt");
    assert.ok(await signInLink(page).isVisible(), "the navbar shows Sign in");
  });
});
