/**
 * Running what a site maintainer runs (npm, docusaurus, the readerkit command) in folders outside
 * this repository, on a chosen Node: the machine's own, or the repository's Node 24.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

export type NodeRuntime = { version: string; dir: string };

/** The Node running the tests: the repository's (Node 24). */
export const REPO_NODE: NodeRuntime = { version: process.version, dir: dirname(process.execPath) };

/** The machine's own Node: the first `node` on PATH outside this repository. */
export function systemNode(): NodeRuntime {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir || resolve(dir).startsWith(ROOT) || !existsSync(join(dir, "node"))) continue;
    const version = execFileSync(join(dir, "node"), ["--version"], { encoding: "utf8" }).trim();
    return { version, dir };
  }
  throw new Error("no Node.js on PATH outside the repository");
}

/**
 * Node `version` exactly, from the npm registry (the official binaries, packaged per platform as
 * node-<platform>-<arch>), installed under `dir`: how the server's stated minimum is tested.
 */
export async function nodeFromNpm(version: string, dir: string): Promise<NodeRuntime> {
  const binaries = `node-${process.platform}-${process.arch}`;
  await runOk(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--prefix",
      dir,
      `${binaries}@${version}`,
    ],
    { cwd: dir, node: REPO_NODE },
  );
  return { version: `v${version}`, dir: join(dir, "node_modules", binaries, "bin") };
}

/**
 * The environment of a stranger's shell with `node` first on PATH: none of the npm_* variables
 * `npm test` sets (npm_config_local_prefix would point a child npm at this repository).
 */
export function shellEnv(node: NodeRuntime, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^npm_/i.test(name) || name === "INIT_CWD") continue;
    if (name === "NODE_OPTIONS" || name === "NODE_ENV") continue;
    env[name] = value;
  }
  const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => !dir.startsWith(ROOT));
  return { ...env, PATH: [node.dir, ...path].join(delimiter), FORCE_COLOR: "0", ...extra };
}

export type RunResult = { code: number | null; output: string; seconds: number };

/** Runs a command to its end; output (stdout and stderr) is kept for the assertion message. */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; node: NodeRuntime; env?: Record<string, string> },
): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: shellEnv(options.node, options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = (await once(child, "close")) as [number | null];
  return { code, output, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** Like `run`, but a non-zero exit fails with the command's output. */
export async function runOk(
  command: string,
  args: string[],
  options: { cwd: string; node: NodeRuntime; env?: Record<string, string> },
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.code}:\n${result.output}`);
  }
  return result;
}

/** A long-running child (a server) whose output is kept; `stop()` ends it and waits. */
export type Background = { child: ChildProcess; output(): string; stop(): Promise<void> };

/** Starts a server and waits until its output matches `ready` (or it exits: an error). */
export async function background(
  command: string,
  args: string[],
  options: { cwd: string; node: NodeRuntime; env?: Record<string, string>; ready: RegExp },
): Promise<Background> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: shellEnv(options.node, options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = once(child, "exit");
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) ready();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then(([code]) => fail(new Error(`${command} exited with ${code}:\n${output}`)));
    setTimeout(() => fail(new Error(`${command} not ready in 60 s:\n${output}`)), 60_000).unref();
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/**
 * A port nothing listens on right now, chosen below the kernel's ephemeral range (32768+ here):
 * a port from `listen(0)` stays free only until the next outbound connection or `listen(0)` of a
 * parallel test takes it, and a caller may hold it for minutes (the adoption test bakes it into a
 * site build before the server starts). Ports handed out by this process are never handed out again.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = FIXED_PORTS.low + Math.floor(Math.random() * (FIXED_PORTS.high - FIXED_PORTS.low));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
}

const FIXED_PORTS = { low: 20_000, high: 32_000 };
const handedOut = new Set<number>();

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port, "0.0.0.0");
    await once(server, "listening");
  } catch {
    return false;
  }
  server.close();
  await once(server, "close");
  return true;
}

/** Bytes of every file under `dir` (symlinks counted as links, not followed). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await lstat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
