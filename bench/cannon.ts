/**
 * The load generators, each in its own process so its own cost never lands on the side it
 * measures (a client inside the server's process pulls every ratio toward 1): autocannon for
 * closed-loop loads, closed-loop.ts for sign-ins and 1000 connections, paced-load.ts for steady
 * open-loop ones.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../tests/adoption/processes.ts";

const AUTOCANNON = join(ROOT, "node_modules/.bin/autocannon");

export type Cannon = {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
};

export type CannonOptions = {
  bearer?: string;
  /** Makes it a JSON POST. */
  body?: unknown;
};

export function cannon(
  url: string,
  connections: number,
  seconds: number,
  options: CannonOptions = {},
): Promise<Cannon> {
  // -t 10: a request unanswered for 10 s is a timeout, as in the other load generators.
  const args = ["-j", "-c", String(connections), "-d", String(seconds), "-t", "10"];
  if (options.bearer) args.push("-H", `authorization=Bearer ${options.bearer}`);
  if (options.body !== undefined) {
    args.push("-m", "POST", "-H", "content-type=application/json");
    args.push("-b", JSON.stringify(options.body));
  }
  return printedJson(spawn(AUTOCANNON, [...args, url], { stdio: ["ignore", "pipe", "ignore"] }));
}

/** What a load generator printed on stdout as JSON, once it exits. */
function printedJson<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", () => {
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`${child.spawnfile} printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** Requests that did not get a 2xx, whatever the reason. */
export const failures = (result: Pick<Cannon, "non2xx" | "errors" | "timeouts">) =>
  result.non2xx + result.errors + result.timeouts;

export const line = (label: string, value: string) => console.log(`${label.padEnd(60)} ${value}`);

export type Paced = {
  sent: number;
  statuses: Record<string, number>;
  timeouts: number;
  errors: number;
  latency: { p50: number; p99: number; max: number };
};

/** A steady open-loop load (paced-load.ts) in its own process. */
export function paced(
  url: string,
  options: { rate: number; connections: number; seconds: number; body?: unknown; bearer?: string },
): Promise<Paced> {
  return ownProcess("paced-load.ts", {
    URL: url,
    RATE: String(options.rate),
    CONNECTIONS: String(options.connections),
    SECONDS: String(options.seconds),
    BODY: options.body === undefined ? undefined : JSON.stringify(options.body),
    BEARER: options.bearer,
  });
}

/** Runs one of bench/'s load generators on this Node with `settings`; resolves what it prints. */
function ownProcess<T>(script: string, settings: Record<string, string | undefined>): Promise<T> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) env[name] = value;
  const child = spawn(process.execPath, [join(import.meta.dirname, script)], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return printedJson(child);
}

/** What closed-loop.ts prints: counts, latencies (ms) and the seconds the run took. */
export type ClosedLoop = Pick<Cannon, "2xx" | "non2xx" | "errors" | "timeouts"> & {
  latency: { p50: number; p99: number; max: number };
  elapsed: number;
};

/** A closed-loop load (closed-loop.ts): GETs with `bearer`, or sign-ins of the `readers` file. */
export function closedLoop(
  url: string,
  options: { connections: number; seconds: number; bearer?: string; readers?: string },
): Promise<ClosedLoop> {
  return ownProcess("closed-loop.ts", {
    URL: url,
    CONNECTIONS: String(options.connections),
    SECONDS: String(options.seconds),
    BEARER: options.bearer,
    READERS: options.readers,
  });
}
