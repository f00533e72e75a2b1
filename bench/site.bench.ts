import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * Issue 7, the plugin's budget: the textbook built WITH ReaderKit against the same textbook
 * WITHOUT it (bench/site-fixture/docusaurus.config.ts: same docs, theme and config, no plugin,
 * plain stand-ins for the MDX tags). Both are built cold in temporary copies of website/ under
 * bench/ (so Node still resolves /work/main/node_modules); website/ itself is never written.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEBSITE = join(ROOT, "website");
const FIXTURE = join(ROOT, "bench", "site-fixture");
const BIN = join(ROOT, "node_modules", ".bin");
const CPU_TIME = pathToFileURL(join(FIXTURE, "cpu-time.ts")).href;
/** What a build writes into a site folder, never copied and cleared before each build. */
const OUTPUTS = ["build", ".docusaurus", "node_modules"];
/** Representative first visits; /login and the other account pages exist only with the plugin. */
const PAGES = ["/", "/chapters/kinematics"];
/** Builds per variant, interleaved; the fastest counts. */
const RUNS = Number(process.env.BENCH_SITE_RUNS ?? 2);
const JS_TARGET = 1.1;
const BUILD_TARGET = 1.15;

type Variant = "with" | "without";
type Route = { path: string; exact?: boolean; component: string; routes?: Route[] };
type ClientManifest = {
  entrypoints: string[];
  origins: Record<string, number[]>;
  assets: Record<string, { js?: { file: string }[] }>;
};
type PageJs = { tags: number; beforeHydration: number };

/** The build under way, stopped when the bench is interrupted. */
let running: ChildProcess | undefined;

/** A copy of website/ (without its outputs), recorded in `copies` for removal at the end. */
async function makeCopy(variant: Variant, copies: string[]): Promise<string> {
  // Directly under bench/, the depth of site-fixture/, which its config relies on.
  const dir = await mkdtemp(join(ROOT, "bench", `.tmp-site-${variant}-`));
  copies.push(dir);
  for (const entry of await readdir(WEBSITE)) {
    if (OUTPUTS.includes(entry)) continue;
    await cp(join(WEBSITE, entry), join(dir, entry), { recursive: true });
  }
  if (variant === "without") {
    await copyFile(join(dir, "docusaurus.config.ts"), join(dir, "site.config.ts"));
    await copyFile(join(FIXTURE, "docusaurus.config.ts"), join(dir, "docusaurus.config.ts"));
  }
  return dir;
}

type BuildTime = { wall: number; cpu: number };

/** One cold `docusaurus build` (no .docusaurus, no webpack cache), on this Node (24). */
async function build(dir: string): Promise<BuildTime> {
  for (const output of OUTPUTS) await rm(join(dir, output), { recursive: true, force: true });
  const cpuFile = join(dir, ".cpu-seconds");
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", CPU_TIME, join(BIN, "docusaurus"), "build"], {
    cwd: dir,
    env: {
      ...process.env,
      PATH: `${BIN}:${process.env.PATH ?? ""}`,
      READERKIT_BENCH_CPU_FILE: cpuFile,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running = child;
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  }).finally(() => {
    running = undefined;
  });
  const wall = (performance.now() - started) / 1000;
  if (code !== 0)
    throw new Error(`docusaurus build failed in ${dir} (${code}):\n${log.slice(-4000)}`);
  return { wall, cpu: Number(await readFile(cpuFile, "utf8")) };
}

const gzipCache = new Map<string, number>();

async function gzippedFile(path: string): Promise<number> {
  let size = gzipCache.get(path);
  if (size === undefined) {
    size = gzipSync(await readFile(path), { level: 9 }).length;
    gzipCache.set(path, size);
  }
  return size;
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i")
    .exec(tag)
    ?.slice(1)
    .find((value) => value !== undefined);
}

/** The JS the HTML itself asks for: script tags, script preloads, and inline scripts' text. */
function htmlScripts(html: string): { files: string[]; inline: string[] } {
  const files: string[] = [];
  const inline: string[] = [];
  for (const [, open = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const type = attribute(open, "type")?.toLowerCase();
    // JSON-LD and other data blocks are not executed.
    if (type && !/^(?:module|(?:text|application)\/(?:java|ecma)script)$/.test(type)) continue;
    const src = attribute(open, "src");
    if (src) files.push(src);
    else if (body.trim()) inline.push(body);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attribute(tag, "rel")?.toLowerCase() ?? "";
    const as = attribute(tag, "as")?.toLowerCase();
    const href = attribute(tag, "href");
    if (href && (rel === "modulepreload" || (rel === "preload" && as === "script")))
      files.push(href);
  }
  return { files, inline };
}

/** react-router-config matching, as Docusaurus's client does before it hydrates. */
function matchRoutes(routes: Route[], pathname: string, branch: Route[] = []): Route[] {
  const normal = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
  for (const route of routes) {
    const path = route.path.length > 1 ? route.path.replace(/\/$/, "") : route.path;
    const matches = route.exact
      ? normal === path
      : normal === path || normal.startsWith(path.endsWith("/") ? path : `${path}/`);
    if (!matches) continue;
    branch.push(route);
    if (route.routes) matchRoutes(route.routes, pathname, branch);
    return branch;
  }
  return branch;
}

function chunkNamesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(chunkNamesOf);
  return [];
}

/** The site's baseUrl, as the build saw it. */
async function baseUrlOf(dir: string): Promise<string> {
  const config = await readFile(join(dir, ".docusaurus", "docusaurus.config.mjs"), "utf8");
  const baseUrl = /"baseUrl":\s*"([^"]*)"/.exec(config)?.[1];
  if (!baseUrl) throw new Error(`no baseUrl in ${dir}/.docusaurus/docusaurus.config.mjs`);
  return baseUrl;
}

/**
 * The route chunks (paths inside the build folder) `preload(location.pathname)` fetches before hydration: Docusaurus 3 puts only
 * the entry scripts in the HTML, then loads the matched routes' chunks before React takes over.
 */
async function routeChunkFiles(dir: string, pathname: string): Promise<string[]> {
  const generated = join(dir, ".docusaurus");
  const source = await readFile(join(generated, "routes.js"), "utf8");
  // The generated module is plain data around ComponentCreator(path, hash) calls.
  const body = source.replace(/^import .*$/gm, "").replace(/export default/, "return");
  const routes = new Function("ComponentCreator", body)(
    (path: string, hash: string) => `${path}-${hash}`,
  ) as Route[];
  const chunkNames = JSON.parse(
    await readFile(join(generated, "routesChunkNames.json"), "utf8"),
  ) as Record<string, unknown>;
  const manifest = JSON.parse(
    await readFile(join(generated, "client-manifest.json"), "utf8"),
  ) as ClientManifest;
  const branch = matchRoutes(routes, pathname);
  const leaf = branch.at(-1);
  if (!leaf || leaf.routes) throw new Error(`no page route matches ${pathname} in ${dir}`);
  const names = [
    ...manifest.entrypoints,
    ...branch.flatMap((route) => chunkNamesOf(chunkNames[route.component])),
  ];
  const files = names.flatMap((name) =>
    (manifest.origins[name] ?? []).flatMap((id) =>
      (manifest.assets[id]?.js ?? []).map((asset) => asset.file),
    ),
  );
  return [...new Set(files)];
}

async function pageJs(dir: string, pathname: string): Promise<PageJs> {
  const out = join(dir, "build");
  // Pages are built as <path>/index.html (the default trailingSlash).
  const html = await readFile(join(out, pathname, "index.html"), "utf8");
  const { files, inline } = htmlScripts(html);
  const baseUrl = await baseUrlOf(dir);
  /** A script URL as a path inside the build folder. */
  const local = (src: string) => {
    if (!src.startsWith(baseUrl) || src.startsWith("//"))
      throw new Error(`${pathname} loads a script from elsewhere: ${src}`);
    return (src.split(/[?#]/)[0] ?? src).slice(baseUrl.length);
  };
  const tagFiles = [...new Set(files.map(local))];
  const inlineBytes = inline.reduce((sum, text) => sum + gzipSync(text, { level: 9 }).length, 0);
  const sum = async (list: string[]) => {
    let total = inlineBytes;
    for (const file of list) total += await gzippedFile(join(out, file));
    return total;
  };
  const all = [
    ...new Set([...tagFiles, ...(await routeChunkFiles(dir, `${baseUrl}${pathname.slice(1)}`))]),
  ];
  return { tags: await sum(tagFiles), beforeHydration: await sum(all) };
}

function compare(label: string, unit: string, withIt: number, without: number, target: number) {
  const ratio = withIt / without;
  const figure = (value: number) => `${value.toFixed(1).padStart(7)} ${unit}`;
  const verdict = ratio <= target ? "" : "  OVER";
  console.log(
    `${label.padEnd(58)} ${figure(withIt)} with, ${figure(without)} without, ` +
      `ratio ${ratio.toFixed(2)} (target <= ${target.toFixed(2)})${verdict}`,
  );
}

export async function siteBench(): Promise<void> {
  console.log("\n## Site budget (issue 7)");
  const copies: string[] = [];
  // On Ctrl-C, stop the build, remove the copies, then die of the signal as usual.
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    running?.kill(signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const dirs: Record<Variant, string> = {
      with: await makeCopy("with", copies),
      without: await makeCopy("without", copies),
    };
    const times: Record<Variant, BuildTime[]> = { with: [], without: [] };
    // Alternate which goes first, so a machine warming up or slowing down favours neither.
    for (let run = 0; run < RUNS; run++) {
      const order: Variant[] = run % 2 === 0 ? ["with", "without"] : ["without", "with"];
      for (const variant of order) {
        if (interrupted) throw new Error(`site bench interrupted (${interrupted})`);
        times[variant].push(await build(dirs[variant]));
      }
    }
    const kB = (bytes: number) => bytes / 1000;
    for (const page of PAGES) {
      const withIt = await pageJs(dirs.with, page);
      const without = await pageJs(dirs.without, page);
      compare(
        `initial JS gzipped, ${page} (HTML scripts)`,
        "kB",
        kB(withIt.tags),
        kB(without.tags),
        JS_TARGET,
      );
      compare(
        `initial JS gzipped, ${page} (+ route chunks)`,
        "kB",
        kB(withIt.beforeHydration),
        kB(without.beforeHydration),
        JS_TARGET,
      );
    }
    const fastest = (variant: Variant, kind: keyof BuildTime) =>
      Math.min(...times[variant].map((time) => time[kind]));
    compare(
      `build time, cold, fastest of ${RUNS}`,
      "s",
      fastest("with", "wall"),
      fastest("without", "wall"),
      BUILD_TARGET,
    );
    compare(
      "  its CPU time (user + system, all threads)",
      "s",
      fastest("with", "cpu"),
      fastest("without", "cpu"),
      BUILD_TARGET,
    );
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    for (const dir of copies) await rm(dir, { recursive: true, force: true });
    if (interrupted) process.kill(process.pid, interrupted);
  }
}
