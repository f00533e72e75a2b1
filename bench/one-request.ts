/**
 * What the load generators in their own processes (paced-load.ts, closed-loop.ts) share: one
 * request on a keep-alive agent, settled once however it ends, and latency quantiles.
 */
import { type Agent, request } from "node:http";

/** How long a request may go unanswered before it counts as a timeout (autocannon: 10 s). */
const TIMEOUT_MS = 10_000;

/** How a request ended: its status, no answer within TIMEOUT_MS, or a failed connection. */
export type Outcome = { status: number } | "timeout" | "error";

/** Sends one request (its answer read to the end); never rejects. */
export function oneRequest(
  url: URL,
  options: { agent: Agent; headers: Record<string, string>; body?: string },
): Promise<Outcome> {
  return new Promise((settle) => {
    const req = request(url, {
      method: options.body === undefined ? "GET" : "POST",
      headers: options.headers,
      agent: options.agent,
    });
    // A timeout destroys the request, which then errors too: the first outcome is the one.
    req.setTimeout(TIMEOUT_MS, () => {
      settle("timeout");
      req.destroy();
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => settle({ status: res.statusCode ?? 0 }));
    });
    req.on("error", () => settle("error"));
    req.end(options.body);
  });
}

/** p50, p99 and the largest of `latencies` (ms, rounded; 0 with none). Sorts them in place. */
export function quantiles(latencies: number[]): { p50: number; p99: number; max: number } {
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0) };
}
