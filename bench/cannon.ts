/**
 * The load generator: autocannon in its own process, so its own cost never lands on the side
 * it measures (a client inside the server's process pulls every ratio toward 1).
 */
import { spawn } from "node:child_process";
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
  /** Offered requests per second across all connections (open loop); unset: closed loop. */
  rate?: number;
  /** Seconds before a request counts as a timeout. */
  timeout?: number;
};

export function cannon(
  url: string,
  connections: number,
  seconds: number,
  options: CannonOptions = {},
): Promise<Cannon> {
  const args = ["-j", "-c", String(connections), "-d", String(seconds)];
  args.push("-t", String(options.timeout ?? 10));
  if (options.rate) args.push("-R", String(options.rate));
  if (options.bearer) args.push("-H", `authorization=Bearer ${options.bearer}`);
  if (options.body !== undefined) {
    args.push("-m", "POST", "-H", "content-type=application/json");
    args.push("-b", JSON.stringify(options.body));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(AUTOCANNON, [...args, url], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", () => {
      try {
        resolve(JSON.parse(out) as Cannon);
      } catch {
        reject(new Error(`autocannon printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** Requests that did not get a 2xx, whatever the reason. */
export const failures = (result: Cannon) => result.non2xx + result.errors + result.timeouts;

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
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    URL: url,
    RATE: String(options.rate),
    CONNECTIONS: String(options.connections),
    SECONDS: String(options.seconds),
  };
  if (options.body !== undefined) env.BODY = JSON.stringify(options.body);
  if (options.bearer) env.BEARER = options.bearer;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "paced-load.ts")], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", () => {
      try {
        resolve(JSON.parse(out) as Paced);
      } catch {
        reject(new Error(`paced-load printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}
