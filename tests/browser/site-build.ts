/**
 * One build of the textbook (website/) shared by every browser test file of a run. Each file used
 * to run `docusaurus build` itself (over a minute of both cores each); the output only depends on
 * the site's sources, the compiled plugin and core, the locked dependencies and the two variables
 * the config reads, so it is built once per distinct set of those and reused read-only.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSite, ROOT } from "./harness.ts";

const CACHE = join(tmpdir(), "readerkit-site-builds");
/** Inputs of the build; `website/` minus what a build or an install writes. */
const INPUTS = ["website", "plugin/lib", "core/lib", "plugin/package.json", "package-lock.json"];
const SKIPPED = new Set(["node_modules", "build", ".docusaurus"]);
const STALE_LOCK_MS = 10 * 60_000;
const PRUNE_AFTER_MS = 6 * 3600_000;

/** The variables of website/docusaurus.config that change the build. */
type BuildEnv = { SITE_URL?: string; READERKIT_SERVER_URL?: string };

/**
 * The folder of a complete build of website/ (never modify or delete it). `env` overrides the
 * variables the config reads (SITE_URL, READERKIT_SERVER_URL) for this build only, e.g. a build
 * for a site hosted away from the server.
 */
export async function builtWebsite(env: BuildEnv = {}): Promise<string> {
  const dir = join(CACHE, await inputsHash(env));
  await mkdir(CACHE, { recursive: true });
  for (;;) {
    if (existsSync(dir)) return dir;
    const lock = `${dir}.lock`;
    try {
      await mkdir(lock);
    } catch {
      // Another test file is building it: wait for its rename, or take over a dead build.
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      await new Promise((done) => setTimeout(done, 500));
      continue;
    }
    try {
      const partial = `${dir}.partial`;
      await rm(partial, { recursive: true, force: true });
      const build = await buildSite(join(ROOT, "website"), partial, env);
      if (build.code !== 0) throw new Error(`docusaurus build failed:\n${build.output}`);
      console.log(`# site built in ${build.seconds} s (shared by the browser tests of this run)`);
      await rename(partial, dir);
      await pruneOldBuilds(dir);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

/** Builds of older sources, untouched for hours, go (each is tens of MB). */
async function pruneOldBuilds(keep: string): Promise<void> {
  for (const name of await readdir(CACHE)) {
    const path = join(CACHE, name);
    const info = await stat(path).catch(() => null);
    if (path !== keep && info && Date.now() - info.mtimeMs > PRUNE_AFTER_MS) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

async function inputsHash(env: BuildEnv): Promise<string> {
  const hash = createHash("sha256");
  const siteUrl = env.SITE_URL ?? process.env.SITE_URL ?? "";
  hash.update(
    `${siteUrl}\0${env.READERKIT_SERVER_URL ?? process.env.READERKIT_SERVER_URL ?? ""}\0`,
  );
  for (const input of INPUTS) await addFiles(hash, join(ROOT, input));
  return hash.digest("hex").slice(0, 16);
}

async function addFiles(hash: ReturnType<typeof createHash>, path: string): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((name) => !SKIPPED.has(name)).sort();
    for (const name of names) await addFiles(hash, join(path, name));
    return;
  }
  hash.update(`${relative(ROOT, path)}\0`);
  hash.update(await readFile(path));
}
