/**
 * ReaderKit adopted the way a stranger would: the three packages packed as for npm, a stock
 * Docusaurus site made with create-docusaurus@3 in a temp folder, the packed plugin installed
 * there and the packed server installed in another folder and run as the `readerkit` command.
 * The site swizzles a component in TypeScript, builds on the machine's Node (20) and on Node 24,
 * its tsc passes, and in Chromium a reader signs up on one origin and signs in from another.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ConsoleWatch, launchBrowser } from "../browser/harness.ts";
import { BEGINNER, EXPERT, expectedView, expectView, navbar } from "../browser/page-view.ts";
import {
  type Background,
  background,
  folderBytes,
  freePort,
  type NodeRuntime,
  nodeFromNpm,
  REPO_NODE,
  ROOT,
  run,
  runOk,
  systemNode,
} from "./processes.ts";
import { addReaderKit, rewordSwizzledTip, SITE_TIP_TITLE } from "./stock-site.ts";

const PLUGIN_BUDGET_MB = 25;
const READER = { name: "Ada Lovelace", email: "ada@example.com", password: "Robot-Arm-42x" };
const MOTORS = { code: 1, boards: 0 };
const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

let work: string;
let packs: Record<"core" | "plugin" | "server", string>;
let site: string;
let serverDir: string;
let node20: NodeRuntime;
/** The oldest Node the server says it runs on (its `engines`), where it runs in this test. */
let serverNode: NodeRuntime;
let pluginMegabytes: number;
let documented: string[];
let server: Background | undefined;
let serverPort: number;
let browser: Browser | undefined;
const seconds: Record<string, number> = {};

/** `npm pack` of each package, as `npm publish` would send it (built by build:packages). */
async function packAll(): Promise<void> {
  const dir = join(work, "packs");
  await mkdir(dir);
  const packed = await runOk(
    "npm",
    ["pack", "-w", "core", "-w", "plugin", "-w", "server", "--pack-destination", dir, "--silent"],
    { cwd: ROOT, node: REPO_NODE, env: { npm_config_ignore_scripts: "true" } },
  );
  const file = (name: string) => join(dir, `readerkit-${name}-0.1.0.tgz`);
  packs = { core: file("core"), plugin: file("docusaurus-plugin"), server: file("server") };
  for (const tarball of Object.values(packs)) assert.ok(existsSync(tarball), packed.output);
}

/** The stock site, installed, then given the packed plugin; returns the megabytes it added. */
async function makeSite(): Promise<void> {
  await runOk(
    "npx",
    ["--yes", "create-docusaurus@3", "site", "classic", "--typescript", "--skip-install"],
    { cwd: work, node: node20 },
  );
  site = join(work, "site");
  seconds.siteInstall = (await runOk("npm", NPM_INSTALL, { cwd: site, node: node20 })).seconds;
  const before = await folderBytes(join(site, "node_modules"));
  const installed = await runOk("npm", [...NPM_INSTALL, packs.core, packs.plugin], {
    cwd: site,
    node: node20,
  });
  seconds.pluginInstall = installed.seconds;
  pluginMegabytes = ((await folderBytes(join(site, "node_modules"))) - before) / 2 ** 20;
  documented = await addReaderKit(site);
  // The TypeScript theme ships for this: the site ejects a component and words it its own way.
  await runOk(
    join(site, "node_modules/.bin/docusaurus"),
    ["swizzle", "@readerkit/docusaurus-plugin", "ReaderKit/BeginnerTip", "--eject", "--typescript"],
    { cwd: site, node: node20 },
  );
  await rewordSwizzledTip(site);
}

/** The packed server in a folder of its own, as `npm i @readerkit/server` would put it. */
async function installServer(): Promise<void> {
  serverDir = join(work, "server");
  await mkdir(serverDir);
  const { engines } = JSON.parse(await readFile(join(ROOT, "server/package.json"), "utf8"));
  const minimum = /^>=\s*(\d+\.\d+\.\d+)$/.exec(engines.node)?.[1];
  assert.ok(minimum, `the server states its minimum Node as ">=x.y.z", not ${engines.node}`);
  await mkdir(join(work, "node-minimum"));
  serverNode = await nodeFromNpm(minimum, join(work, "node-minimum"));
  await runOk("npm", ["init", "--yes"], { cwd: serverDir, node: node20 });
  await runOk("npm", [...NPM_INSTALL, packs.core, packs.server], { cwd: serverDir, node: node20 });
}

/** `readerkit start` from the server folder, on the oldest Node it supports. */
function startServer(args: string[], env: Record<string, string> = {}): Promise<Background> {
  return background(
    join(serverDir, "node_modules/.bin/readerkit"),
    ["start", "--port", String(serverPort), ...args],
    { cwd: serverDir, node: serverNode, env, ready: /ReaderKit listening/ },
  );
}

const docusaurus = (node: NodeRuntime, args: string[], env: Record<string, string> = {}) =>
  run(join(site, "node_modules/.bin/docusaurus"), args, { cwd: site, node, env });

before(
  async () => {
    work = await mkdtemp(join(tmpdir(), "rk-adoption-"));
    node20 = systemNode();
    await packAll();
    await Promise.all([makeSite(), installServer()]);
    serverPort = await freePort();
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a stock Docusaurus site adopts ReaderKit from the packed tarballs", () => {
  test("the plugin installs without the server and adds at most 25 MB", async () => {
    console.log(
      `# plugin adds ${pluginMegabytes.toFixed(1)} MB to the site's node_modules ` +
        `(site install ${seconds.siteInstall} s, plugin install ${seconds.pluginInstall} s)`,
    );
    assert.ok(pluginMegabytes <= PLUGIN_BUDGET_MB, `${pluginMegabytes.toFixed(1)} MB`);
    const scoped = await readdir(join(site, "node_modules/@readerkit"));
    assert.deepEqual(scoped.sort(), ["core", "docusaurus-plugin"]);
    for (const serverOnly of ["@electric-sql/pglite", "pg", "@neondatabase/serverless", "redis"])
      assert.ok(!existsSync(join(site, "node_modules", serverOnly)), `${serverOnly} installed`);
  });

  test(`docusaurus build passes on the machine's Node and on Node 24`, async () => {
    const build20 = await docusaurus(node20, ["build"]);
    assert.equal(build20.code, 0, build20.output);
    // Node 24 builds the cross-origin variant: the server's origin is known from here on.
    const build24 = await docusaurus(REPO_NODE, ["build", "--out-dir", "build-cross-origin"], {
      READERKIT_SERVER_URL: `http://127.0.0.1:${serverPort}`,
    });
    assert.equal(build24.code, 0, build24.output);
    console.log(
      `# site built in ${build20.seconds} s on ${node20.version}, ${build24.seconds} s on ${REPO_NODE.version}`,
    );
    assert.ok(existsSync(join(site, "build/readerkit/content-index.json")));
  });

  test("the site's tsc passes with every import path the docs show", async () => {
    assert.ok(documented.includes("@readerkit/docusaurus-plugin/remark"), documented.join(", "));
    const typecheck = await run("npm", ["run", "typecheck"], { cwd: site, node: node20 });
    assert.equal(typecheck.code, 0, typecheck.output);
    // Node itself (no bundler, no TypeScript loader) loads every entry that is not browser code.
    const serverSide = documented.filter((path) => !path.includes("/client"));
    const script = serverSide.map((path) => `await import(${JSON.stringify(path)});`).join("");
    const loaded = await run("node", ["--input-type=module", "-e", script], {
      cwd: site,
      node: node20,
    });
    assert.equal(loaded.code, 0, loaded.output);
  });
});

describe("the packed server runs as the readerkit command", () => {
  test("--help lists the commands; a wrong --site is one line and a non-zero exit", async () => {
    const bin = join(serverDir, "node_modules/.bin/readerkit");
    const help = await runOk(bin, ["--help"], { cwd: serverDir, node: serverNode });
    for (const command of ["start", "migrate", "migrate:down", "keys:rotate"])
      assert.match(help.output, new RegExp(`^  ${command} `, "m"));
    const wrong = await run(bin, ["start", "--site", "no-such-build"], {
      cwd: serverDir,
      node: serverNode,
    });
    assert.equal(wrong.code, 2);
    assert.equal(
      wrong.output.trim(),
      "readerkit: --site no-such-build: no such folder; build the site first (npm run build) or point --site at its output",
    );
  });

  test("start serves the site on the server's oldest Node, its data in ./.data of the working folder", async () => {
    server = await startServer(["--site", join(site, "build")]);
    console.log(`# server running on ${serverNode.version} (its stated minimum)`);
    const home = await fetch(`http://127.0.0.1:${serverPort}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<html/);
    assert.ok(existsSync(join(serverDir, ".data/pglite")), "data in the working folder");
    const inPackage = await readdir(join(serverDir, "node_modules/@readerkit/server"));
    assert.ok(!inPackage.includes(".data"), "nothing written into node_modules");
    assert.match(server.output(), /DATABASE_URL is not set: using embedded PGlite/);
  });
});

/** A fresh browser context on `baseURL`, its console watched for errors. */
async function openPage(baseURL: string) {
  const context = await (browser as Browser).newContext({ baseURL });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage(), watch: new ConsoleWatch(context) };
}

/** What the registered reader sees: their name in the navbar, the expert C++ variant, the session. */
async function expectSignedInExpert(page: Page): Promise<void> {
  await navbar(page).getByRole("button", { name: READER.name }).waitFor();
  await page.goto("/docs/motors");
  await expectView(page, expectedView(EXPERT, MOTORS));
  await page.goto("/whoami");
  await page.getByText(`Signed in as ${READER.name}`).waitFor();
}

describe("in Chromium", () => {
  before(async () => {
    browser = await launchBrowser();
  });

  test("a reader registers on the server's origin; the tags adapt and the navbar shows the name", async () => {
    const { context, page, watch } = await openPage(`http://127.0.0.1:${serverPort}`);
    await page.goto("/docs/motors");
    await expectView(page, expectedView(BEGINNER, MOTORS));
    assert.ok(await page.getByText(SITE_TIP_TITLE).isVisible(), "the swizzled tip is the site's");
    await page.goto("/register");
    await page.getByLabel("Name").fill(READER.name);
    await page.getByLabel("Email").fill(READER.email);
    await page.getByLabel(/^Password/).fill(READER.password);
    await page.getByLabel("Confirm password").fill(READER.password);
    await page.getByRole("checkbox", { name: "C++", exact: true }).check();
    await page.getByLabel("Software experience level").selectOption("expert");
    await page.getByRole("checkbox", { name: "NVIDIA Jetson" }).check();
    await page.getByLabel("Robotics experience").selectOption("hobbyist");
    await page.getByLabel("Electronics knowledge").selectOption("basic");
    await page.getByRole("button", { name: "Create your account" }).click();
    await expectSignedInExpert(page);
    watch.check();
    await context.close();
  });

  test("a site on another origin names TRUSTED_ORIGINS until the server trusts it, then signs in", async () => {
    const sitePort = await freePort();
    const siteOrigin = `http://127.0.0.1:${sitePort}`;
    const served = await background(
      join(site, "node_modules/.bin/docusaurus"),
      ["serve", "--dir", "build-cross-origin", "--host", "127.0.0.1", "--port", `${sitePort}`],
      { cwd: site, node: node20, env: { CI: "true" }, ready: /Serving/ },
    );
    try {
      const refused = await (browser as Browser).newContext({ baseURL: siteOrigin });
      const page = await refused.newPage();
      await page.goto("/login");
      const notice = page
        .getByRole("alert")
        .filter({ hasText: `This site's origin (${siteOrigin}) is not allowed` });
      await notice.waitFor();
      assert.match(String(await notice.textContent()), /Add .+ to TRUSTED_ORIGINS/);
      await refused.close();
      assert.match(server?.output() ?? "", new RegExp(`add ${siteOrigin} to TRUSTED_ORIGINS`));

      await server?.stop();
      server = await startServer(["--site", join(site, "build")], { TRUSTED_ORIGINS: siteOrigin });
      const { context, page: reader, watch } = await openPage(siteOrigin);
      await reader.goto("/login");
      await reader.getByLabel("Email").fill(READER.email);
      await reader.getByLabel("Password").fill(READER.password);
      await reader.getByRole("button", { name: "Sign in" }).click();
      await expectSignedInExpert(reader);
      watch.check();
      await context.close();
    } finally {
      await served.stop();
    }
  });
});
