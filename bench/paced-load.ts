/**
 * An open-loop load at a steady rate, in its own process: RATE requests per second spread evenly
 * (scheduled every millisecond) over CONNECTIONS keep-alive connections, for SECONDS. Each
 * latency counts from when the request was due, so waiting for a free connection is included
 * (no coordinated omission). autocannon's -R sends each connection's quota for the second as a
 * burst at the start of the second: a flood at "400/s" from 200 connections is then 400
 * requests at once every second, which measures how long a burst takes to drain, not a rate.
 * Prints `{sent, statuses, timeouts, errors, latency: {p50, p99, max}}` as JSON (ms).
 */
import { Agent, request } from "node:http";

const url = new URL(process.env.URL as string);
const rate = Number(process.env.RATE ?? 100);
const connections = Number(process.env.CONNECTIONS ?? 10);
const seconds = Number(process.env.SECONDS ?? 8);
const TIMEOUT_MS = 10_000;
const body = process.env.BODY;
const bearer = process.env.BEARER;

const agent = new Agent({ keepAlive: true, maxSockets: connections });
const headers: Record<string, string> = {};
if (body !== undefined) headers["content-type"] = "application/json";
if (bearer) headers.authorization = `Bearer ${bearer}`;

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let timeouts = 0;
let errors = 0;
let sent = 0;
/** Requests sent and not yet answered, timed out or failed. */
const pending = () => sent - latencies.length - timeouts - errors;

function send(due: number): void {
  sent++;
  let settled = false;
  /** Counts the request once: a status, a timeout or an error. */
  const settle = (outcome: { status: string } | "timeout" | "error") => {
    if (settled) return;
    settled = true;
    if (outcome === "timeout") timeouts++;
    else if (outcome === "error") errors++;
    else {
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      latencies.push(performance.now() - due);
    }
  };
  const req = request(url, { method: body === undefined ? "GET" : "POST", headers, agent });
  req.setTimeout(TIMEOUT_MS, () => {
    settle("timeout");
    req.destroy();
  });
  req.on("response", (res) => {
    res.resume();
    res.on("end", () => settle({ status: String(res.statusCode) }));
  });
  req.on("error", () => settle("error"));
  req.end(body);
}

const started = performance.now();
const deadline = started + seconds * 1000;
await new Promise<void>((finish) => {
  const tick = setInterval(() => {
    const now = Math.min(performance.now(), deadline);
    // Everything due by now, each stamped with the moment it was due.
    const due = Math.floor(((now - started) / 1000) * rate);
    while (sent < due) send(started + (sent * 1000) / rate);
    if (now >= deadline) {
      clearInterval(tick);
      const wait = setInterval(() => {
        if (pending() > 0) return;
        clearInterval(wait);
        finish();
      }, 5);
    }
  }, 1);
});
agent.destroy();

latencies.sort((a, b) => a - b);
const at = (q: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
process.stdout.write(
  JSON.stringify({
    sent,
    statuses,
    timeouts,
    errors,
    latency: { p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0) },
  }),
);
