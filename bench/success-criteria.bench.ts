/**
 * Seed 002's success criteria, measured on this machine where they can be. The site is built
 * once and served by the server in production mode on Postgres + Redis; Chromium plays the
 * reader. SC-002 and SC-007 come from the runs before (sign-in under load, 1000 connections).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../tests/adoption/processes.ts";
import { buildSite, launchBrowser } from "../tests/browser/harness.ts";
import { registerBeginner, signUpPrompt } from "../tests/browser/page-view.ts";
import { type BenchServer, benchServer, PROFILE, secondInstance } from "./bench-server.ts";
import { killDuringSignUps, movedClock } from "./durability.ts";

export type Measured = { id: string; what: string; result: string; met: boolean | null };

async function signUpInBrowser(server: BenchServer): Promise<Measured[]> {
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ baseURL: server.url })).newPage();
    const started = performance.now();
    await page.goto("/register");
    await registerBeginner(page, {
      name: "Grace Hopper",
      email: `grace.${Date.now()}@example.com`,
      password: "Robot-Arm-42x",
    });
    await page.waitForURL(`${server.url}/`);
    const seconds = (performance.now() - started) / 1000;
    const guest = await (await browser.newContext({ baseURL: server.url })).newPage();
    const chapter = await guest.goto("/chapters/sensors");
    // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, not hidden text
    const readable = (await guest.locator("article").innerText()).length;
    await guest.goto("/");
    const prompt = await signUpPrompt(guest)
      .waitFor({ state: "visible", timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    return [
      {
        id: "SC-001",
        what: "sign-up through /register in Chromium, to the first adapted page",
        result: `${seconds.toFixed(1)} s (a script typing; a person takes longer)`,
        met: seconds < 60,
      },
      {
        id: "SC-006",
        what: "a guest reads a chapter, and the home page invites them to sign up",
        result: `HTTP ${chapter?.status()}, ${readable} characters of the chapter, prompt ${prompt ? "shown" : "missing"}`,
        met: chapter?.status() === 200 && readable > 500 && prompt,
      },
    ];
  } finally {
    await browser.close();
  }
}

async function completionRatio(server: BenchServer): Promise<Measured> {
  const text = await (await fetch(`${server.url}/api/metrics`)).text();
  const ratio = Number(/^readerkit_profile_completion_ratio (\S+)$/m.exec(text)?.[1]);
  return {
    id: "SC-005",
    what: "profile completion ratio (readerkit_profile_completion_ratio)",
    result: Number.isFinite(ratio)
      ? `${(ratio * 100).toFixed(0)} % of this run's readers`
      : "absent",
    met: Number.isFinite(ratio) ? null : false,
  };
}

/** A profile change on one instance, then the personalization context on another. */
async function crossInstance(server: BenchServer): Promise<Measured> {
  const other = await secondInstance(server);
  try {
    const auth = { authorization: `Bearer ${server.reader.accessToken}` };
    const context = async () => {
      const answer = await fetch(`${other.url}/api/personalization/context`, { headers: auth });
      return ((await answer.json()) as { context: { profileVersion: number } }).context;
    };
    const before = (await context()).profileVersion;
    const changed = {
      ...PROFILE,
      softwareBackground: { ...PROFILE.softwareBackground, experienceLevel: "expert" },
    };
    const written = await fetch(`${server.url}/api/profile`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(changed),
    });
    const wroteAt = performance.now();
    if (written.status !== 200) throw new Error(`PUT /api/profile answered ${written.status}`);
    let seenAfter = Number.NaN;
    while (performance.now() - wroteAt < 5_000) {
      if ((await context()).profileVersion > before) {
        seenAfter = performance.now() - wroteAt;
        break;
      }
    }
    return {
      id: "SC-008",
      what: "a profile change seen in the context on another instance",
      result: Number.isNaN(seenAfter)
        ? "not within 5 s"
        : `${seenAfter.toFixed(1)} ms, on the first read after the PUT's answer`,
      met: !Number.isNaN(seenAfter),
    };
  } finally {
    await other.dispose();
  }
}

export async function successCriteriaBench(from: Measured[]): Promise<void> {
  console.log("\n## Seed 002's success criteria, measured (Postgres + Redis, production mode)");
  const out = await mkdtemp(join(tmpdir(), "readerkit-bench-site-"));
  const rows: Measured[] = [...from];
  try {
    const build = await buildSite(join(ROOT, "website"), out);
    if (build.code !== 0) throw new Error(`docusaurus build failed:\n${build.output.slice(-2000)}`);
    const server = await benchServer("postgres", {
      env: { SITE_DIR: out, CONTENT_INDEX_PATH: join(out, "readerkit/content-index.json") },
    });
    try {
      rows.push(...(await signUpInBrowser(server)));
      rows.push(await completionRatio(server));
      rows.push(await crossInstance(server));
      rows.push(await killDuringSignUps(server));
      rows.push(await movedClock(server));
    } finally {
      await server.close();
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  rows.sort((a, b) => a.id.localeCompare(b.id));
  for (const row of rows) {
    const verdict = row.met === null ? "" : row.met ? "  met" : "  NOT MET";
    console.log(`${row.id}  ${row.what.padEnd(66)} ${row.result}${verdict}`);
  }
}
