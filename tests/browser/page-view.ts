/**
 * What a reader sees, read from the page: which variants are rendered, frame by frame from the
 * first paint, and the checks every form page gets (labels, focus, an axe-core scan).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import type { Page } from "playwright-core";

const AXE_SOURCE = await readFile(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

// --- What the reader sees ------------------------------------------------------------------

type TabSet = { shown: string; selected: string | null };
type View = {
  beginnerTips: boolean[];
  advancedNotes: boolean[];
  code: TabSet[];
  boards: TabSet[];
  hydrated: boolean;
};

/**
 * Runs in the page, self-contained (it is also injected as text before any page script): which
 * asides are rendered, which tab panel of each set is rendered and which tab is marked selected.
 */
export function readView(): View {
  const rendered = (selector: string) =>
    Array.from(document.querySelectorAll(selector), (element) => element.checkVisibility());
  const tabs = (dimension: string) =>
    Array.from(document.querySelectorAll(`[data-rk-tabs="${dimension}"]`), (set) => ({
      shown: Array.from(
        set.querySelectorAll<HTMLElement>(":scope > [data-rk-panels] > [data-rk-tab]"),
      )
        .filter((panel) => panel.checkVisibility())
        .map((panel) => panel.dataset.rkTab)
        .join(" "),
      selected:
        set.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.dataset.rkTabButton ??
        null,
    }));
  return {
    beginnerTips: rendered('[data-rk-show-level="beginner intermediate"] > .theme-admonition-tip'),
    advancedNotes: rendered('[data-rk-show-level="advanced expert"] > .theme-admonition-info'),
    code: tabs("language"),
    boards: tabs("platform"),
    hydrated: document.documentElement.dataset.hasHydrated === "true",
  };
}

type Persona = { level: "beginner" | "expert"; language: string; platform: string };
export const BEGINNER: Persona = {
  level: "beginner",
  language: "python",
  platform: "raspberry-pi",
};
export const EXPERT: Persona = { level: "expert", language: "cpp", platform: "jetson" };

/** What a page with `sets.code` code tab sets and `sets.boards` board tab sets shows a persona. */
export function expectedView(
  persona: Persona,
  sets: { code: number; boards: number },
  hydrated = true,
): View {
  const beginner = persona.level === "beginner";
  const set = (value: string) => ({ shown: value, selected: hydrated ? value : null });
  return {
    beginnerTips: [beginner],
    advancedNotes: [!beginner],
    code: Array.from({ length: sets.code }, () => set(persona.language)),
    boards: Array.from({ length: sets.boards }, () => set(persona.platform)),
    hydrated,
  };
}

export const SENSORS = { code: 2, boards: 1 };

/** Polls until the page shows `expected` (hydration and the profile load are asynchronous). */
export async function expectView(page: Page, expected: View, timeout = 8_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen = await page.evaluate(readView);
  while (!isDeepStrictEqual(seen, expected) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    seen = await page.evaluate(readView);
  }
  assert.deepEqual(seen, expected, `what ${page.url()} shows`);
}

/** Fills /register (already open) as a beginner in Python on a Raspberry Pi, and submits it. */
export async function registerBeginner(
  page: Page,
  reader: { name: string; email: string; password: string },
): Promise<void> {
  await page.getByLabel("Name").fill(reader.name);
  await page.getByLabel("Email").fill(reader.email);
  await page.getByLabel(/^Password/).fill(reader.password);
  await page.getByLabel("Confirm password").fill(reader.password);
  await page.getByRole("checkbox", { name: "Python", exact: true }).check();
  await page.getByLabel("Software experience level").selectOption("beginner");
  await page.getByRole("checkbox", { name: "Raspberry Pi" }).check();
  await page.getByLabel("Robotics experience").selectOption("none");
  await page.getByLabel("Electronics knowledge").selectOption("basic");
  await page.getByRole("button", { name: "Create your account" }).click();
}

export const navbar = (page: Page) => page.getByRole("navigation", { name: "Main" });
export const signInLink = (page: Page) =>
  navbar(page).getByRole("link", { name: "Sign in", exact: true });
export const signUpPrompt = (page: Page) =>
  page.locator("aside[data-rk-guest-only]").filter({ hasText: "This book adapts to you" });

// --- The no-flash sampler ------------------------------------------------------------------

type Frame = View & { parsing: boolean };

export function panelsOf(view: View) {
  return {
    beginnerTips: view.beginnerTips,
    advancedNotes: view.advancedNotes,
    code: view.code.map((set) => set.shown),
    boards: view.boards.map((set) => set.shown),
  };
}

/**
 * Installed before any page script: records what the reader sees in every animation frame
 * (rAF callbacks run right before each paint), from the first frame until `stop()`.
 */
export function sampleFrames(read: () => View): void {
  const frames: (View & { parsing: boolean })[] = [];
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (document.querySelector("article"))
      frames.push({ ...read(), parsing: document.readyState === "loading" });
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  Object.assign(window, {
    __rkFrames: {
      frames,
      stop: () => {
        stopped = true;
      },
    },
  });
}

type Sampler = { frames: Frame[]; stop(): void };

export async function framesOf(page: Page): Promise<Frame[]> {
  return page.evaluate(() => {
    const sampler = (window as unknown as { __rkFrames: Sampler }).__rkFrames;
    sampler.stop();
    return sampler.frames;
  });
}

/**
 * Drops the `data-rk-*` attributes the server put on `<html>`: only the head script is left.
 * Returns how many chapter pages were rewritten so far, so a test can prove the route ran.
 */
export async function withoutServerPersona(page: Page): Promise<() => number> {
  let rewritten = 0;
  await page.route(
    (url) => url.pathname.startsWith("/chapters/"),
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<html[^>]*>/, (tag) =>
        tag.replace(/\sdata-rk-[a-z-]+(="[^"]*")?/g, ""),
      );
      assert.doesNotMatch(html.slice(0, 200), /data-rk-level/);
      await route.fulfill({ response, body: html });
      rewritten++;
    },
  );
  return () => rewritten;
}

/** Runs `act` and returns the status the server gave to the sign-up request it caused. */
export async function registerResponseStatus(
  page: Page,
  act: () => Promise<void>,
): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().endsWith("/api/auth/sign-up/email")),
    act(),
  ]);
  return response.status();
}

export function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? "");
}

/** Form controls in <main> that have no <label>, aria-label or aria-labelledby. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page
    .getByRole("main")
    .locator("input, select, textarea")
    .evaluateAll((controls) =>
      controls
        .filter(
          (control) =>
            ((control as HTMLInputElement).labels?.length ?? 0) === 0 &&
            !control.getAttribute("aria-label") &&
            !control.getAttribute("aria-labelledby"),
        )
        .map((control) => control.outerHTML),
    );
}

/**
 * Opens `path`, waits for hydration and runs axe-core's WCAG 2.0/2.1 A and AA rules on the
 * whole page; returns each violation as "rule: selectors", so a failure says what to fix.
 */
export async function axeViolations(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await page.waitForFunction(() => document.documentElement.dataset.hasHydrated === "true");
  await page.waitForLoadState("networkidle");
  return axeScan(page);
}

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now (a dialog open, a step shown). */
export async function axeScan(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the site's Content-Security-Policy (which rightly
  // forbids injected scripts) does not stand in the way.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = { id: string; help: string; nodes: { target: string[] }[] };
    const axe = (
      window as unknown as { axe: { run(options: unknown): Promise<{ violations: Result[] }> } }
    ).axe;
    const { violations } = await axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return violations.map(
      (violation) =>
        `${violation.id} (${violation.help}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  });
}
